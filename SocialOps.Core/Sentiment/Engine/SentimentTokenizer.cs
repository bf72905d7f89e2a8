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

    public static SentimentTokenizer FromVocab(Stream vocab, bool lowerCase, int maxLength)
    {
        var options = new BertOptions { LowerCaseBeforeTokenization = lowerCase, ApplyBasicTokenization = true };
        try
        {
            return new SentimentTokenizer(BertTokenizer.Create(vocab, options), maxLength);
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
        return FromVocab(vocabFromJson, lowerCase, maxLength);
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

    // BertTokenizer has no tokenizer.json loader: the WordPiece vocabulary is model.vocab there (token → id).
    private static MemoryStream VocabFromTokenizerJson(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        if (!doc.RootElement.TryGetProperty("model", out var model) || !model.TryGetProperty("vocab", out var vocab)
            || vocab.ValueKind != JsonValueKind.Object)
        {
            throw new ModelLoadException("tokenizer.json has no WordPiece vocabulary (model.vocab)");
        }

        var tokens = vocab.EnumerateObject().OrderBy(p => p.Value.GetInt32()).Select(p => p.Name);
        return new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', tokens) + "\n"));
    }
}

/// <summary>A model directory that cannot be used; the message says which file and why.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
