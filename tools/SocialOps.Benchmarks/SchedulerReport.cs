namespace SocialOps.Benchmarks;

/// <summary>The scheduler figures for BENCHMARKS.md, side by side in one run.</summary>
internal static class SchedulerReport
{
    public static async Task<int> RunAsync(bool full, string? postgres, TextWriter output)
    {
        var bench = new SchedulerBenchmark(output);
        var separate = new SchedulerBenchmark.Settings("SQLite, scheduler in its own file", null, ShareSqliteFile: false);
        var shared = new SchedulerBenchmark.Settings("SQLite, one shared file", null, ShareSqliteFile: true);
        var (posts, window) = full ? (10_000, TimeSpan.FromMinutes(10)) : (2_000, TimeSpan.FromMinutes(2));

        output.WriteLine($"(a) {posts} posts due evenly over {window.TotalMinutes:F0} min: lateness against the scheduled instant");
        Print(output, separate.Label, await bench.SpreadAsync(separate, posts, window));
        if (postgres is not null)
        {
            Print(output, "PostgreSQL (clustered store)", await bench.SpreadAsync(new("PostgreSQL", postgres, false), posts, window));
        }

        output.WriteLine("(b) 1,000 posts due at the same instant: time until the last one is published");
        foreach (var settings in new[] { separate, shared })
        {
            var (seconds, lateness) = await SchedulerBenchmark.BurstAsync(settings, 1_000);
            output.WriteLine($"  {settings.Label}: all published {seconds:F2} s after the instant ({1000 / Math.Max(seconds, 0.001) * 60:N0} posts/min; p50 {Percentile(lateness, 0.5):F2} s)");
        }

        output.WriteLine("(c) scheduling throughput through the scheduling service (500 posts each way)");
        var (sequential, concurrent) = await SchedulerBenchmark.ThroughputAsync(separate, 500);
        output.WriteLine($"  one at a time: {sequential:N0} posts/s; 8 at once: {concurrent:N0} posts/s");
        return 0;
    }

    private static void Print(TextWriter output, string label, IReadOnlyList<double> lateness) =>
        output.WriteLine($"  {label}: p50 {Percentile(lateness, 0.5):F3} s, p99 {Percentile(lateness, 0.99):F3} s, max {lateness[^1]:F3} s (n = {lateness.Count})");

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
