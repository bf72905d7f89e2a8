using System.Text.Json;

namespace SocialOps.Core.Sentiment.Engine;

/// <summary>
/// What config.json (and tokenizer_config.json, when a Hugging Face export has one) says about the model:
/// which logit is which class, the maximum sequence length and whether to lower-case.
/// </summary>
public sealed record ModelConfig(int NegativeIndex, int? NeutralIndex, int PositiveIndex, int LabelCount, int MaxLength, bool LowerCase)
{
    public static ModelConfig Load(string directory)
    {
        var path = Path.Combine(directory, "config.json");
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"config.json is missing from {directory}");
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            var labels = ReadLabels(root);
            var maxLength = Math.Clamp(Int(root, "max_length") ?? Int(root, "max_position_embeddings") ?? 512, 8, 512);
            var lowerCase = Bool(root, "do_lower_case") ?? TokenizerLowerCase(directory) ?? true;
            int? Find(string prefix) => labels.FirstOrDefault(l => l.Value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) is { Value: not null } hit ? hit.Key : null;
            var (neg, neu, pos) = (Find("neg"), Find("neu"), Find("pos"));
            var expected = neu is null ? 2 : 3;
            if (neg is null || pos is null || labels.Count != expected)
            {
                throw new ModelLoadException(
                    $"config.json id2label must name negative and positive (and optionally neutral) classes, found [{string.Join(", ", labels.Values)}]");
            }

            return new ModelConfig(neg.Value, neu, pos.Value, labels.Count, maxLength, lowerCase);
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"config.json is not valid JSON: {ex.Message}", ex);
        }
    }

    private static Dictionary<int, string> ReadLabels(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id2label", out var map) || map.ValueKind != JsonValueKind.Object)
        {
            throw new ModelLoadException("config.json has no id2label object");
        }

        var labels = new Dictionary<int, string>();
        foreach (var p in map.EnumerateObject())
        {
            if (!int.TryParse(p.Name, out var id) || id < 0 || p.Value.ValueKind != JsonValueKind.String)
            {
                throw new ModelLoadException($"config.json id2label has an unusable entry '{p.Name}'");
            }

            labels[id] = p.Value.GetString()!;
        }

        if (labels.Count > 0 && labels.Keys.Max() != labels.Count - 1)
        {
            throw new ModelLoadException("config.json id2label ids must run from 0 without gaps");
        }

        return labels;
    }

    private static bool? TokenizerLowerCase(string directory)
    {
        var path = Path.Combine(directory, "tokenizer_config.json");
        if (!File.Exists(path))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.ValueKind == JsonValueKind.Object ? Bool(doc.RootElement, "do_lower_case") : null;
    }

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static bool? Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
}
