using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;

namespace SocialOps.Web.Hosting;

/// <summary>
/// <c>sentiment predict</c>: one text per line on standard input, one JSON object per line on standard output
/// (the analysis fields in contract order, snake_case). A line that cannot be analysed gets {"error": …} so the
/// output stays line-aligned with the input.
/// </summary>
internal static class SentimentVerb
{
    private const int Chunk = 512;

    // Standard output is not HTML: keep emoji and apostrophes readable.
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        if (args is not ["predict"])
        {
            await Console.Error.WriteLineAsync("Usage: sentiment predict   (texts on stdin, one per line; JSON lines on stdout)");
            return 2;
        }

        // Replies use the templates saved in Settings, so the database must be there.
        await services.GetRequiredService<SocialOps.Core.Data.DatabaseMigrator>().MigrateAsync(ct);
        var analyzer = services.GetRequiredService<SentimentAnalyzer>();
        var maxLength = services.GetRequiredService<IOptions<SentimentOptions>>().Value.MaxTextLength;
        using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        await using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
        var lines = new List<string>(Chunk);
        while (true)
        {
            lines.Clear();
            while (lines.Count < Chunk && await input.ReadLineAsync(ct) is { } line)
            {
                lines.Add(line);
            }

            if (lines.Count == 0)
            {
                break;
            }

            await WriteAsync(analyzer, lines, maxLength, output, ct);
            await output.FlushAsync(ct);
        }

        return 0;
    }

    private static async Task WriteAsync(SentimentAnalyzer analyzer, List<string> lines, int maxLength, StreamWriter output, CancellationToken ct)
    {
        var valid = lines.Select((l, i) => (l, i)).Where(x => TextRules.Problem(x.l, maxLength) is null).ToList();
        var results = await analyzer.AnalyzeAsync([.. valid.Select(v => v.l)], null, ct);
        var byLine = valid.Select((v, k) => (v.i, results[k])).ToDictionary(x => x.i, x => x.Item2);
        for (var i = 0; i < lines.Count; i++)
        {
            object row = byLine.TryGetValue(i, out var a)
                ? new Dictionary<string, object?>
                {
                    ["sentiment"] = a.Sentiment.Name(),
                    ["sentiment_score"] = a.SentimentScore,
                    ["confidence"] = a.Confidence,
                    ["intent"] = a.Intent.Name(),
                    ["keywords"] = a.Keywords,
                    ["requires_response"] = a.RequiresResponse,
                    ["priority"] = a.Priority.Name(),
                    ["auto_response"] = a.AutoResponse,
                    ["non_english"] = a.NonEnglish,
                }
                : new Dictionary<string, object?> { ["error"] = TextRules.Problem(lines[i], maxLength) };
            await output.WriteLineAsync(JsonSerializer.Serialize(row, Json));
        }
    }
}
