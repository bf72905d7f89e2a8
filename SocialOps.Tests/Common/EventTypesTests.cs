using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialOps.Core;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;

namespace SocialOps.Tests.Common;

/// <summary>Every event of the app can travel between instances: it is on the closed list and comes back as it left.</summary>
public sealed class EventTypesTests
{
    // LiveUpdatesResync is made by each instance for its own subscribers and never published, so it never travels.
    private static readonly Type[] AppEvents = [.. typeof(IEvent).Assembly.GetTypes()
        .Where(t => typeof(IEvent).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false } && t != typeof(LiveUpdatesResync))];

    private static EventTypes AppList()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddSocialOpsCore();
        return builder.Build().Services.GetRequiredService<EventTypes>();
    }

    [Fact]
    public void EveryEventOfTheAppIsOnTheListAndNothingElseIs()
    {
        var list = AppList();

        Assert.Contains(typeof(PostStatusChanged), AppEvents); // the reflection finds the events at all
        Assert.Equal(AppEvents.OrderBy(t => t.FullName), list.All.OrderBy(t => t.FullName));
    }

    [Fact]
    public void EveryEventOfTheAppComesBackFromTheWireAsItLeftAndSmall()
    {
        var list = AppList();
        foreach (var type in AppEvents)
        {
            var sent = Sample(type);
            var bytes = EventEnvelope.Write(list, "instance-a", 41, sent);
            Assert.NotNull(bytes);

            var (envelope, received) = EventEnvelope.Read(list, bytes);

            Assert.Equal(("instance-a", 41L, type.Name), (envelope.Instance, envelope.Sequence, envelope.Type));
            Assert.IsType(type, received);
            Assert.Equal(JsonSerializer.Serialize(sent, type, EventTypes.Json), JsonSerializer.Serialize(received, type, EventTypes.Json));
            Assert.True(bytes.Length < 1024, $"{type.Name} takes {bytes.Length} bytes on the wire.");
        }
    }

    [Fact]
    public void AnEnvelopeNamingAnEventOffTheListIsRefused()
    {
        var list = new EventTypes([new EventType(typeof(PostStatusChanged))]);
        var bytes = """{"instance":"b","sequence":1,"type":"SeriesChanged","payload":{"scheduleId":1,"at":"2027-01-01T00:00:00+00:00"}}"""u8.ToArray();

        Assert.Throws<JsonException>(() => EventEnvelope.Read(list, bytes));
        Assert.Null(EventEnvelope.Write(list, "a", 1, new SeriesChanged(1, TimeProvider.System.GetUtcNow())));
    }

    // Every value differs from its type's default, so a property lost on the way shows in the comparison.
    private static IEvent Sample(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var values = constructor.GetParameters().Select((p, i) => Value(p.ParameterType, i, type)).ToArray();
        var e = (IEvent)constructor.Invoke(values);
        Assert.DoesNotContain("null", JsonSerializer.Serialize(e, type, EventTypes.Json), StringComparison.Ordinal);
        return e;
    }

    private static object Value(Type type, int i, Type of)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Value(inner, i, of);
        }

        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(values.Length - 1)!;
        }

        return type switch
        {
            _ when type == typeof(int) => 7 + i,
            _ when type == typeof(long) => 7_000_000_000L + i,
            _ when type == typeof(bool) => true,
            _ when type == typeof(string) => $"value {i} ✓",
            _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2027, 3, 4, 5, 6, 7, TimeSpan.FromHours(1)).AddMinutes(i),
            _ when type == typeof(IReadOnlyList<long>) => new List<long> { 3, 1, 2 },
            _ => throw new InvalidOperationException($"{of.Name} has a {type.Name}: give the test a sample value for it (and check it belongs in an event)."),
        };
    }
}
