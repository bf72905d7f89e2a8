using System.Text.Json;

namespace SocialOps.Core.Common.Events;

/// <summary>
/// An event as it travels between instances: who published it, its place in that publisher's sequence, its name on the
/// closed list of <see cref="EventTypes"/> and the event itself.
/// </summary>
public sealed record EventEnvelope(string Instance, long Sequence, string Type, JsonElement Payload)
{
    /// <summary>The envelope's bytes, or null for an event that is not on the list (it stays on this instance).</summary>
    public static byte[]? Write(EventTypes types, string instance, long sequence, IEvent e) =>
        types.NameOf(e.GetType()) is { } name
            ? JsonSerializer.SerializeToUtf8Bytes(new EventEnvelope(instance, sequence, name, JsonSerializer.SerializeToElement(e, e.GetType(), EventTypes.Json)), EventTypes.Json)
            : null;

    /// <summary>Reads an envelope; throws <see cref="JsonException"/> for one that is malformed or names an unknown event.</summary>
    public static (EventEnvelope Envelope, IEvent Event) Read(EventTypes types, ReadOnlySpan<byte> bytes)
    {
        var envelope = JsonSerializer.Deserialize<EventEnvelope>(bytes, EventTypes.Json)
            ?? throw new JsonException("An empty envelope.");
        var type = types.Find(envelope.Type ?? "") ?? throw new JsonException($"Unknown event '{envelope.Type}'.");
        var e = envelope.Payload.Deserialize(type, EventTypes.Json) as IEvent ?? throw new JsonException($"An empty '{envelope.Type}'.");
        return (envelope, e);
    }
}
