using System.Text.Json;

namespace SocialOps.Core.Publishing.Connections;

/// <summary>
/// Reads platform JSON defensively: a field of the wrong type or missing reads as null, and <see cref="Required"/>
/// turns a missing essential field into a clear error instead of a crash.
/// </summary>
public static class Json
{
    public static JsonElement? Get(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? v : null;

    public static JsonElement? Path(this JsonElement e, params string[] names)
    {
        JsonElement? current = e;
        foreach (var name in names)
        {
            current = current?.Get(name);
        }

        return current;
    }

    public static string? Str(this JsonElement e, string name) => e.Get(name) switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        _ => null,
    };

    public static long? Number(this JsonElement e, string name) => e.Get(name) switch
    {
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var n) => n,
        { ValueKind: JsonValueKind.String } v when long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    public static DateTimeOffset? Time(this JsonElement e, string name) =>
        e.Str(name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;

    public static IEnumerable<JsonElement> Items(this JsonElement? e) =>
        e is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static string Required(string? value, Platform platform, string field, bool createsSomething = false) =>
        value ?? throw new PublishException(createsSomething ? PublishFailureKind.Unknown : PublishFailureKind.Transient,
            $"{platform} answered without the '{field}' field.");
}
