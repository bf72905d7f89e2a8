using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace SocialOps.Core.Sentiment.Engine;

/// <summary>
/// WordPiece tokenization as BERT-family models expect it: [CLS] … [SEP], truncated to the model's
/// maximum length. Reads <c>vocab.txt</c>, or the vocabulary inside a Hugging Face <c>tokenizer.json</c>.
/// </summary>
public sealed class SentimentTokenizer
{
    private readonly BertTokenizer _tokenizer;

    private SentimentTokenizer(BertTokenizer tokenizer, int maxLength)
    {
        _tokenizer = tokenizer;
        MaxLength = maxLength;
        PadId = tokenizer.PaddingTokenId;
        ClsId = tokenizer.ClassificationTokenId;
        SepId = tokenizer.SeparatorTokenId;
    }

    public int MaxLength { get; }

    public int PadId { get; }

    public int ClsId { get; }

    public int SepId { get; }

    public static SentimentTokenizer FromVocab(Stream vocab, bool lowerCase, int maxLength, string file = "vocab.txt")
    {
        var checkedVocab = CheckedVocab(vocab, file);
        var options = new BertOptions { LowerCaseBeforeTokenization = lowerCase, ApplyBasicTokenization = true };
        try
        {
            return new SentimentTokenizer(BertTokenizer.Create(checkedVocab, options), maxLength);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or IOException)
        {
            throw new ModelLoadException($"the vocabulary cannot be used: {ex.Message}", ex);
        }
    }

    public static SentimentTokenizer FromDirectory(string directory, bool lowerCase, int maxLength)
    {
        var vocabPath = Path.Combine(directory, "vocab.txt");
        if (File.Exists(vocabPath))
        {
            using var stream = File.OpenRead(vocabPath);
            return FromVocab(stream, lowerCase, maxLength);
        }

        var jsonPath = Path.Combine(directory, "tokenizer.json");
        if (!File.Exists(jsonPath))
        {
            throw new ModelLoadException($"neither vocab.txt nor tokenizer.json is in {directory}");
        }

        using var vocabFromJson = VocabFromTokenizerJson(jsonPath);
        return FromVocab(vocabFromJson, lowerCase, maxLength, "tokenizer.json");
    }

    /// <summary>Token ids with [CLS] and [SEP], never longer than <see cref="MaxLength"/>.</summary>
    public int[] Encode(string text)
    {
        var ids = _tokenizer.EncodeToIds(text, MaxLength, addSpecialTokens: true, out _, out _);
        if (ids.Count <= MaxLength)
        {
            return [.. ids];
        }

        var clipped = ids.Take(MaxLength).ToArray();
        clipped[^1] = SepId;
        return clipped;
    }

    /// <summary>
    /// One token per line, none empty, none with white space inside, none twice, the special tokens present: anything else
    /// would shift every id after it and give silently wrong answers.
    /// </summary>
    private static MemoryStream CheckedVocab(Stream vocab, string file)
    {
        string text;
        try
        {
            using var reader = new StreamReader(vocab, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
            text = reader.ReadToEnd();
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            throw new ModelLoadException($"{file} is not UTF-8 text: {ex.Message}", ex);
        }

        var lines = text.Split('\n');
        var count = lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var token = lines[i].TrimEnd('\r');
            if (token.Length == 0 || token.Any(char.IsWhiteSpace))
            {
                throw new ModelLoadException($"{file} line {i + 1} is not a token ('{Shorten(token)}')");
            }

            if (!seen.Add(token))
            {
                throw new ModelLoadException($"{file} line {i + 1} repeats the token '{Shorten(token)}'");
            }
        }

        foreach (var special in SpecialTokens)
        {
            if (!seen.Contains(special))
            {
                throw new ModelLoadException($"{file} has no {special} token");
            }
        }

        return new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
    }

    private static readonly string[] SpecialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"];

    private static string Shorten(string token) => token.Length <= 40 ? token : token[..40] + "…";

    // BertTokenizer has no tokenizer.json loader: the WordPiece vocabulary is model.vocab there (token → id), ids 0…n−1.
    private static MemoryStream VocabFromTokenizerJson(string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"tokenizer.json is not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("model", out var model)
                || model.ValueKind != JsonValueKind.Object || !model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
            {
                throw new ModelLoadException("tokenizer.json has no WordPiece vocabulary (model.vocab)");
            }

            var tokens = new List<(string Token, int Id)>();
            foreach (var p in vocab.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var id) || id < 0)
                {
                    throw new ModelLoadException($"tokenizer.json model.vocab gives '{Shorten(p.Name)}' no usable id");
                }

                tokens.Add((p.Name, id));
            }

            tokens.Sort((a, b) => a.Id.CompareTo(b.Id));
            for (var i = 0; i < tokens.Count; i++)
            {
                if (tokens[i].Id != i)
                {
                    throw new ModelLoadException($"tokenizer.json model.vocab ids must run from 0 without gaps or repeats (id {tokens[i].Id} at position {i})");
                }
            }

            var text = string.Join('\n', tokens.Select(t => t.Token)) + "\n";
            return new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        }
    }
}

/// <summary>A model directory that cannot be used; the message says which file and why.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
