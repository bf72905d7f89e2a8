using System.Text.Json;
using SocialOps.Core.Publishing;

namespace SocialOps.Web.Components.Pages.Settings;

/// <summary>An audit entry's details as "key: value" lines a person can read, rather than the JSON they are stored as.</summary>
public static class AuditDetails
{
    // Older entries stored enums as numbers: the key says which enum a number names.
    private static readonly Dictionary<string, Type> Enums = new(StringComparer.OrdinalIgnoreCase) { ["platform"] = typeof(Platform) };

    public static IReadOnlyList<(string Key, string Value)> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? [.. document.RootElement.EnumerateObject().Select(p => (p.Name, Show(p.Name, p.Value)))]
                : [("", Show("", document.RootElement))];
        }
        catch (JsonException)
        {
            return [("", json)];
        }
    }

    private static string Show(string key, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number when Enums.TryGetValue(key, out var type) && value.TryGetInt32(out var n) && Enum.IsDefined(type, n) => Enum.GetName(type, n)!,
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Null => "–",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(e => Show(key, e))),
        JsonValueKind.Object => string.Join(", ", value.EnumerateObject().Select(p => $"{p.Name}: {Show(p.Name, p.Value)}")),
        _ => value.GetRawText(),
    };
}
