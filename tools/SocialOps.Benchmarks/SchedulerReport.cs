namespace SocialOps.Benchmarks;

/// <summary>The scheduler figures for BENCHMARKS.md, side by side in one run.</summary>
internal static class SchedulerReport
{
    /// <summary>
    /// Runs the measures named in <paramref name="parts"/>: any of a (lateness), b (bursts), c (scheduling throughput),
    /// d (one burst, for counting commits), e (bursts with the scheduler in its own SQLite file or in the app's),
    /// f and g (1,000 and 10,000 at once with the scheduler's store syncing every commit or not), h (10,000 at once
    /// across three app processes on one PostgreSQL database; needs <paramref name="postgres"/> and the built app).
    /// </summary>
    public static async Task<int> RunAsync(bool full, string? postgres, string appDll, string parts, TextWriter output)
    {
        var bench = new SchedulerBenchmark(output);
        var separate = new SchedulerBenchmark.Settings("SQLite, scheduler in its own file", null, ShareSqliteFile: false);
        var shared = new SchedulerBenchmark.Settings("SQLite, one shared file", null, ShareSqliteFile: true);
        var postgresStore = postgres is null ? null : new SchedulerBenchmark.Settings("PostgreSQL", postgres, false);
        var (posts, window) = full ? (10_000, TimeSpan.FromMinutes(10)) : (2_000, TimeSpan.FromMinutes(2));

        if (parts.Contains('a', StringComparison.Ordinal))
        {
            output.WriteLine($"(a) {posts} posts due evenly over {window.TotalMinutes:F0} min: lateness against the scheduled instant");
            Print(output, separate.Label, await bench.SpreadAsync(separate, posts, window));
            if (postgres is not null)
            {
                Print(output, "PostgreSQL (clustered store)", await bench.SpreadAsync(new("PostgreSQL", postgres, false), posts, window));
            }
        }

        // The scheduler's store as configured (syncing every commit) beside the same store not waiting for the disk.
        var syncing = new List<SchedulerBenchmark.Settings> { separate, separate with { Label = "SQLite, scheduler file not synced on commit", DurableStore = false } };
        if (postgresStore is not null)
        {
            syncing.AddRange([postgresStore, postgresStore with { Label = "PostgreSQL, scheduler sessions not flushing on commit", DurableStore = false }]);
        }

        if (parts.Contains('f', StringComparison.Ordinal))
        {
            await BurstRoundsAsync(syncing, output);
        }

        if (parts.Contains('g', StringComparison.Ordinal))
        {
            output.WriteLine("(g) 10,000 posts due at the same instant: time until the last one is published (one round each, alternating)");
            foreach (var settings in syncing)
            {
                var (seconds, lateness) = await SchedulerBenchmark.BurstAsync(settings, 10_000);
                output.WriteLine($"  10,000, {settings.Label}: all published {seconds:F2} s after the instant (p50 {Percentile(lateness, 0.5):F2} s)");
            }
        }

        if (parts.Contains('b', StringComparison.Ordinal))
        {
            // Five rounds, the stores alternating, so a noisy spell on the shared cores hits both alike.
            await BurstRoundsAsync(postgresStore is null ? [separate] : [separate, postgresStore], output);
            if (full)
            {
                output.WriteLine("(b) 10,000 posts due at the same instant: time until the last one is published (one round each)");
                foreach (var settings in postgresStore is null ? [separate] : new[] { separate, postgresStore })
                {
                    var (seconds, lateness) = await SchedulerBenchmark.BurstAsync(settings, 10_000);
                    output.WriteLine($"  10,000, {settings.Label}: all published {seconds:F2} s after the instant (p50 {Percentile(lateness, 0.5):F2} s, {10_000 / Math.Max(seconds, 0.001) * 60:N0} posts/min)");
                }
            }
        }

        if (parts.Contains('e', StringComparison.Ordinal))
        {
            await BurstRoundsAsync(postgresStore is null ? [separate, shared] : [separate, shared, postgresStore], output);
        }

        if (parts.Contains('d', StringComparison.Ordinal))
        {
            // Run under `strace -f -y -tt -e trace=fdatasync,fsync` to count durable commits per file on SQLite.
            output.WriteLine("(d) one burst of 1,000 posts, for counting commits");
            foreach (var settings in postgresStore is null ? [separate] : new[] { separate, postgresStore, postgresStore with { Label = "PostgreSQL, scheduler sessions not flushing on commit", DurableStore = false } })
            {
                var (seconds, lateness, due, commits) = await SchedulerBenchmark.CountedBurstAsync(settings, 1_000);
                output.WriteLine($"  {settings.Label}: due {due:HH:mm:ss.fff}, all published {seconds:F2} s later (p50 {Percentile(lateness, 0.5):F2} s)" +
                    (commits is { } c ? $"; {c.Transactions} transactions committed, {c.Transactions / 1000.0:F2} per post; {c.WalSyncs} WAL syncs, {c.WalSyncs / 1000.0:F2} per post" : ""));
            }
        }

        if (parts.Contains('h', StringComparison.Ordinal))
        {
            if (postgres is null)
            {
                output.WriteLine("(h) skipped: it needs --postgres");
            }
            else if (await SchedulerClusterBenchmark.RunAsync(appDll, postgres, 10_000, 3, output) != 0)
            {
                return 1;
            }
        }

        if (!parts.Contains('c', StringComparison.Ordinal))
        {
            return 0;
        }

        output.WriteLine("(c) scheduling throughput through the scheduling service (500 posts each way)");
        var (sequential, concurrent) = await SchedulerBenchmark.ThroughputAsync(separate, 500);
        output.WriteLine($"  one at a time: {sequential:N0} posts/s; 8 at once: {concurrent:N0} posts/s");
        output.WriteLine("(c) scheduling throughput through POST /api/scheduler/schedule (the app in its own process, loopback HTTP, 500 posts each way)");
        if (await SchedulerApiBenchmark.RunAsync(appDll, 500, output) is var (apiSequential, apiConcurrent))
        {
            output.WriteLine($"  one at a time: {apiSequential:N0} posts/s; 8 at once: {apiConcurrent:N0} posts/s");
        }

        return 0;
    }

    private static void Print(TextWriter output, string label, IReadOnlyList<double> lateness) =>
        output.WriteLine($"  {label}: p50 {Percentile(lateness, 0.5):F3} s, p99 {Percentile(lateness, 0.99):F3} s, max {lateness[^1]:F3} s (n = {lateness.Count})");

    /// <summary>
    /// Five bursts of 1,000 per store, the stores alternating so a noisy spell on the shared cores hits all alike, each
    /// store in one host from its first burst after start to its warm ones. Beside each median: the floor, that is
    /// the commits the app made per post × 1,000 ÷ the durable commits a second measured in the same run.
    /// </summary>
    private static async Task BurstRoundsAsync(IReadOnlyList<SchedulerBenchmark.Settings> stores, TextWriter output)
    {
        const int posts = 1_000;
        var sqliteRate = await DiskFloor.SqliteCommitsPerSecondAsync(TimeSpan.FromSeconds(3));
        var postgres = stores.Select(s => s.Postgres).FirstOrDefault(p => p is not null);
        if (postgres is not null)
        {
            await SchedulerBenchmark.RecreatePostgresDatabaseAsync(postgres); // the probe's table goes into the run's own database
        }

        var postgresRate = postgres is null ? (double?)null : await DiskFloor.PostgresCommitsPerSecondAsync(postgres, TimeSpan.FromSeconds(3));
        output.WriteLine($"Durable commits per second, measured before the bursts: SQLite file {sqliteRate:N0}" + (postgresRate is { } pr ? $", PostgreSQL {pr:N0}" : ""));
        output.WriteLine("(b) 1,000 posts due at the same instant: time until the last one is published (5 rounds, alternating; round 1 is the first burst after start)");
        using var counter = new DiskFloor.EfCommitCounter();
        var hosts = new List<(SchedulerBenchmark.Settings Settings, SchedulerBenchmark.Bursts Bursts)>();
        try
        {
            foreach (var settings in stores)
            {
                hosts.Add((settings, await SchedulerBenchmark.Bursts.StartAsync(settings)));
            }

            var rounds = stores.ToDictionary(s => s.Label, _ => new List<(double Seconds, double CommitsPerPost)>());
            for (var round = 0; round < 5; round++)
            {
                foreach (var (settings, bursts) in hosts)
                {
                    var (seconds, commitsPerPost) = await bursts.BurstAsync(posts, counter);
                    rounds[settings.Label].Add((seconds, commitsPerPost));
                    output.WriteLine($"  round {round + 1}, {settings.Label}: all published {seconds:F2} s after the instant; {commitsPerPost:F2} commits per post");
                }
            }

            var sqliteAfter = await DiskFloor.SqliteCommitsPerSecondAsync(TimeSpan.FromSeconds(3));
            var postgresAfter = postgres is null ? (double?)null : await DiskFloor.PostgresCommitsPerSecondAsync(postgres, TimeSpan.FromSeconds(3));
            output.WriteLine($"Durable commits per second, measured after the bursts: SQLite file {sqliteAfter:N0}" + (postgresAfter is { } pa ? $", PostgreSQL {pa:N0}" : ""));
            foreach (var (settings, _) in hosts)
            {
                var results = rounds[settings.Label];
                var median = Median(results.Select(r => r.Seconds));
                var warm = Median(results.Skip(1).Select(r => r.Seconds));
                var commitsPerPost = Median(results.Select(r => r.CommitsPerPost));
                var rate = settings.Postgres is null ? (sqliteRate + sqliteAfter) / 2 : (postgresRate!.Value + postgresAfter!.Value) / 2;
                var floor = commitsPerPost * posts / rate;
                var name = settings.Postgres is null
                    ? settings.Label == "SQLite, scheduler in its own file" ? "SQLite" : settings.Label
                    : settings.Label;
                output.WriteLine($"  median, {settings.Label}: {median:F2} s ({posts / Math.Max(median, 0.001) * 60:N0} posts/min)");
                output.WriteLine($"  floor ratio, {name}: {median / floor:F2}");
                output.WriteLine($"    first burst after start {results[0].Seconds:F2} s, warm median {warm:F2} s; floor {floor:F2} s = {commitsPerPost:F2} commits per post × {posts:N0} ÷ {rate:N0} commits/s");
            }
        }
        finally
        {
            foreach (var (_, bursts) in hosts)
            {
                await bursts.DisposeAsync();
            }
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
