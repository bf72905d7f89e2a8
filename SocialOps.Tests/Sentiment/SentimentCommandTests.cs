using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Sentiment;

/// <summary>The executable as a user runs it: the predict verb over stdin, and settings that must stop start-up.</summary>
public sealed class SentimentCommandTests : IDisposable
{
    private static readonly string[] Fields =
        ["sentiment", "sentiment_score", "confidence", "intent", "keywords", "requires_response", "priority", "auto_response"];

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task PredictWritesOneJsonLinePerInputLineInOrder()
    {
        var (exit, stdout, stderr) = await RunPredictAsync("I love this coffee so much! 😍\nmy order never arrived, worst service ever\n\nhow much is the large bag?\n");

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        var rows = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Fields, rows[0].EnumerateObject().Select(p => p.Name).Take(Fields.Length));
        Assert.Equal("positive", rows[0].GetProperty("sentiment").GetString());
        Assert.Equal("complaint", rows[1].GetProperty("intent").GetString());
        Assert.Contains("empty", rows[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("purchase_intent", rows[3].GetProperty("intent").GetString());
    }

    [Theory]
    [InlineData("Sentiment__MaxBatchSize", "0", "MaxBatchSize")]
    [InlineData("Sentiment__AutoResponseThreshold", "1.5", "AutoResponseThreshold")]
    [InlineData("Sentiment__ResponseTemplates__gossip", "Hi {author}", "ResponseTemplates:gossip")]
    [InlineData("Sentiment__ResponseTemplates__praise", "Thanks {autor}!", "ResponseTemplates:praise: Unknown placeholder {autor}")]
    public async Task ImpossibleSettingStopsStartUpWithOneLine(string key, string value, string mentions)
    {
        var result = await AppProcess.RunAsync(["migrate"], new Dictionary<string, string> { ["Data__Directory"] = _data.Path, [key] = value });

        result.AssertRefusedStartUp(mentions);
    }

    private async Task<(int Exit, string StdOut, string StdErr)> RunPredictAsync(string input)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SocialOps.Web.dll"));
        start.ArgumentList.Add("sentiment");
        start.ArgumentList.Add("predict");
        start.Environment["Data__Directory"] = _data.Path;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
