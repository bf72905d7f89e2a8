using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace SocialOps.Core.Common.Events;

/// <summary>
/// The closed list of events that may travel between instances, by name: each feature declares its own events
/// (<see cref="EventTypeExtensions.AddEvent{T}"/>), and a name that is not on the list is never turned into a type.
/// </summary>
public sealed class EventTypes
{
    /// <summary>How events are written between instances: web defaults, enums by name (they outlive a reordering).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<string, Type> _byName;
    private readonly Dictionary<Type, string> _byType;

    public EventTypes(IEnumerable<EventType> types)
    {
        var list = types.Select(t => t.Type).Distinct().ToList();
        var clashes = list.GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (clashes.Count > 0)
        {
            throw new InvalidOperationException($"Two events share the name {string.Join(", ", clashes)}: rename one.");
        }

        _byName = list.ToDictionary(t => t.Name, StringComparer.Ordinal);
        _byType = list.ToDictionary(t => t, t => t.Name);
    }

    public IReadOnlyCollection<Type> All => _byType.Keys;

    /// <summary>The name an event travels under, or null for an event that stays on this instance.</summary>
    public string? NameOf(Type type) => _byType.GetValueOrDefault(type);

    public Type? Find(string name) => _byName.GetValueOrDefault(name);
}

/// <summary>One entry of <see cref="EventTypes"/>.</summary>
public sealed record EventType(Type Type);

public static class EventTypeExtensions
{
    /// <summary>Declares <typeparamref name="T"/> as an event other instances receive too.</summary>
    public static IServiceCollection AddEvent<T>(this IServiceCollection services) where T : IEvent
    {
        services.AddSingleton(new EventType(typeof(T)));
        return services;
    }
}
