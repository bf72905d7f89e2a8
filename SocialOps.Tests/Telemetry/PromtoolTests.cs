using System.Diagnostics;
using System.Net.Http.Json;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;
using static SocialOps.Tests.Telemetry.MetricsEndpointTests;

namespace SocialOps.Tests.Telemetry;

/// <summary>
/// Prometheus's own checker (promtool, from Debian's prometheus package, which tools/test.sh installs) accepts what
/// /metrics serves and the scrape example in docs/. Without promtool these tests fail: they never skip.
/// </summary>
[Collection(nameof(MetricsEndpointTests))]
public sealed class PromtoolTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new SocialOpsAppFactory().WithFastRetries();

    [Fact]
    public async Task TheMetricsOutputPassesPromtoolsCheck()
    {
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = "check my metrics", scheduledTime = SchedulerTestExtensions.InSeconds(1) });
        Assert.Equal(PostStatus.Published, (await _app.WaitUntilSettledAsync(id)).Status);
        using (await _app.CreateClientAs(Roles.Editor).PostAsJsonAsync("/api/sentiment/analyze", new { text = "Thanks, that helped a lot" }))
        {
        }

        var text = await OperationsMetricsTests.ScrapeUntilAsync(_app, t => Value(t, "socialops_posts_published_total", "platform=\"sandbox\"") is not null
            && Value(t, "socialops_sentiment_duration_seconds_count", "") is not null);

        var ours = string.Join('\n', text.Split('\n').Where(l => Family(l).StartsWith("socialops_", StringComparison.Ordinal))) + "\n";
        var (exitCode, output) = await PromtoolAsync(["check", "metrics"], ours);
        var (_, everything) = await PromtoolAsync(["check", "metrics"], text);

        Assert.True(exitCode == 0, $"promtool check metrics (SocialOps's families): {output}");
        Assert.Contains("socialops_publish_lateness_seconds_bucket", ours, StringComparison.Ordinal);
        Assert.Contains("socialops_sentiment_duration_seconds_bucket", ours, StringComparison.Ordinal);
        // The whole scrape parses; the only remarks are on the .NET runtime's own instrument names (dotnet.assembly.count and
        // the like, from the OpenTelemetry semantic conventions), which promtool's naming advice would have end otherwise.
        Assert.All(everything.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            line => Assert.Matches(@"^dotnet_[a-z_]+_count non-histogram and non-summary metrics should not have ""_count"" suffix$", line));
    }

    [Fact]
    public async Task TheScrapeExampleIsAValidPrometheusConfiguration()
    {
        using var directory = new TempDirectory();
        var config = Path.Combine(directory.Path, "prometheus.yml");
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot, "docs", "prometheus.yml"), config);
        await File.WriteAllTextAsync(Path.Combine(directory.Path, "socialops-token"), "so_example_token\n"); // the file the example reads its token from

        var (exitCode, output) = await PromtoolAsync(["check", "config", config], null);

        Assert.True(exitCode == 0, $"promtool check config: {output}");
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();

    /// <summary>The family a line of Prometheus text belongs to: the name after HELP, TYPE or UNIT, or the sample's name.</summary>
    private static string Family(string line) => line.StartsWith('#')
        ? line.Split(' ') is [_, "HELP" or "TYPE" or "UNIT", var name, ..] ? name : ""
        : line.Split('{', ' ')[0];

    private static async Task<(int ExitCode, string Output)> PromtoolAsync(string[] arguments, string? input)
    {
        var start = new ProcessStartInfo("promtool") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start: install Debian's prometheus package (tools/test.sh does).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
