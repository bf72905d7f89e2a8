using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Npgsql;

namespace SocialOps.Benchmarks;

/// <summary>
/// A burst across a cluster: the built app runs as three processes on one PostgreSQL database (Quartz's clustered
/// store, as in cluster mode), 10,000 posts due at one instant are imported through one instance's bulk CSV import,
/// and the benchmark waits until all are out. Each round reports the time from the instant to the last publication,
/// the server's writing transactions meanwhile (all three instances and the store together) per post, which instance
/// published how many, and checks that every post went out exactly once.
/// </summary>
internal static class SchedulerClusterBenchmark
{
    private const int Instances = 3;
    private const int FirstPort = 5201;

    public sealed record Round(double Seconds, double CommitsPerPost, string ByInstance);

    public static async Task<int> RunAsync(string appDll, string postgres, int posts, int rounds, TextWriter output)
    {
        if (!File.Exists(appDll))
        {
            output.WriteLine($"  skipped: {appDll} is missing (build it first: dotnet build -c Release SocialOps.Web)");
            return 1;
        }

        await SchedulerBenchmark.RecreatePostgresDatabaseAsync(postgres);
        var directory = Directory.CreateTempSubdirectory("socialops-cluster-bench-").FullName;
        var env = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__SocialOps"] = postgres,
            ["Data__Directory"] = Path.Combine(directory, "cli"),
            ["Security__ApiPerMinute"] = "1000000",
        };
        var instances = new List<Process>();
        try
        {
            await RunToEndAsync(appDll, ["migrate"], env);
            var token = (await RunToEndAsync(appDll, ["tokens", "create", "--name", "bench", "--role", "Editor"], env)).Trim().Split('\n')[^1].Trim();
            var urls = Enumerable.Range(FirstPort, Instances).Select(p => $"http://127.0.0.1:{p}").ToList();
            for (var i = 0; i < Instances; i++)
            {
                instances.Add(Start(appDll, ["--urls", urls[i]], new Dictionary<string, string>(env) { ["Data__Directory"] = Path.Combine(directory, $"app{i}") }));
            }

            for (var i = 0; i < Instances; i++)
            {
                await WaitHealthyAsync(urls[i], instances[i]);
            }

            using var http = new HttpClient { BaseAddress = new Uri(urls[0]), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var rateBefore = await DiskFloor.PostgresCommitsPerSecondAsync(postgres, TimeSpan.FromSeconds(3));
            output.WriteLine($"(h) {posts:N0} posts due at one instant across {Instances} instances on one PostgreSQL database (clustered store), {rounds} rounds; round 1 is the first burst after start");
            output.WriteLine($"Durable commits per second, PostgreSQL, measured before the bursts: {rateBefore:N0}");
            var results = new List<Round>();
            var lead = TimeSpan.FromSeconds(Math.Max(30, posts / 150.0));
            for (var round = 1; round <= rounds; round++)
            {
                var result = await BurstAsync(http, postgres, posts, round, lead, output);
                results.Add(result);
                output.WriteLine($"  round {round}: all published {result.Seconds:F2} s after the instant; {result.CommitsPerPost:F2} commits per post; published by instance: {result.ByInstance}");
            }

            var rateAfter = await DiskFloor.PostgresCommitsPerSecondAsync(postgres, TimeSpan.FromSeconds(3));
            output.WriteLine($"Durable commits per second, PostgreSQL, measured after the bursts: {rateAfter:N0}");
            var rate = (rateBefore + rateAfter) / 2;
            var median = Median(results.Select(r => r.Seconds));
            var commitsPerPost = Median(results.Select(r => r.CommitsPerPost));
            var floor = commitsPerPost * posts / rate;
            var warm = Median(results.Skip(1).Select(r => r.Seconds));
            output.WriteLine($"  median, PostgreSQL, {Instances} instances, {posts:N0}: {median:F2} s ({posts / Math.Max(median, 0.001) * 60:N0} posts/min)");
            output.WriteLine($"  floor ratio, PostgreSQL, {Instances} instances, {posts:N0}: {median / floor:F2}");
            output.WriteLine($"    first burst after start {results[0].Seconds:F2} s" + (results.Count > 1 ? $", warm median {warm:F2} s" : "") +
                $"; floor {floor:F2} s = {commitsPerPost:F2} commits per post × {posts:N0} ÷ {rate:N0} commits/s");
            return 0;
        }
        finally
        {
            foreach (var instance in instances)
            {
                if (!instance.HasExited)
                {
                    instance.Kill(entireProcessTree: true);
                    await instance.WaitForExitAsync();
                }

                instance.Dispose();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<Round> BurstAsync(HttpClient http, string postgres, int posts, int round, TimeSpan lead, TextWriter output)
    {
        var due = TimeProvider.System.GetUtcNow() + lead;
        due = due.AddTicks(-(due.Ticks % TimeSpan.TicksPerSecond)); // whole seconds, as the file writes it
        var csv = new StringBuilder("platform,account,content,local_time,time_zone\n");
        for (var i = 0; i < posts; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"sandbox,,Cluster burst {round}.{i},{due.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss},Etc/UTC\n");
        }

        var imported = Stopwatch.StartNew();
        using (var import = await http.PostAsync(new Uri("/api/scheduler/bulk-import", UriKind.Relative), new StringContent(csv.ToString(), Encoding.UTF8, "text/csv")))
        {
            if (import.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"import answered {(int)import.StatusCode}: {await import.Content.ReadAsStringAsync()}");
            }
        }

        output.WriteLine($"  [round {round}] imported {posts:N0} posts in {imported.Elapsed.TotalSeconds:F1} s; due {due:HH:mm:ss}");
        var before = await TransactionIdAsync(postgres);
        if (TimeProvider.System.GetUtcNow() >= due)
        {
            // Posts already out before the first count would make the count too small: refuse rather than report it.
            throw new InvalidOperationException($"importing {posts} posts took longer than their lead time; run on a less busy machine");
        }

        var deadline = due + TimeSpan.FromMinutes(10);
        Tally tally;
        while (true)
        {
            await Task.Delay(250);
            tally = await TallyAsync(postgres, due);
            if (tally.Published == posts)
            {
                break;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"{tally.Published} of {posts} posts published by {deadline:HH:mm:ss}");
            }
        }

        var after = await TransactionIdAsync(postgres);
        // Exactly once: every post of the round published, one publication and one attempt each.
        if (tally.Posts != posts || tally.Publications != posts || tally.PublishedPosts != posts || tally.Attempts != posts)
        {
            throw new InvalidOperationException($"not exactly once: {tally.Posts} posts, {tally.Published} published, {tally.Publications} publications of {tally.PublishedPosts} posts, {tally.Attempts} attempts");
        }

        output.WriteLine($"  [round {round}] exactly once: {tally.Published:N0} published, {tally.Publications:N0} publications of {tally.PublishedPosts:N0} distinct posts, {tally.Attempts:N0} attempts");
        // The count's own transaction id is one of them.
        return new Round(tally.LastSeconds, (after - before - 1) / (double)posts, tally.ByInstance);
    }

    /// <summary>Three instances starting at once on two busy cores can take minutes; one that exits is reported at once.</summary>
    private static async Task WaitHealthyAsync(string url, Process instance)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (instance.HasExited)
            {
                throw new InvalidOperationException($"the instance at {url} exited with code {instance.ExitCode} before it answered /health");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"the instance at {url} did not answer /health within 5 minutes");
    }

    private sealed record Tally(int Posts, int Published, int Publications, int PublishedPosts, int Attempts, double LastSeconds, string ByInstance);

    private static async Task<Tally> TallyAsync(string connectionString, DateTimeOffset due)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            WITH round AS (SELECT "Id", "Status", "PublishedAt", "ScheduledFor" FROM "Posts" WHERE "ScheduledFor" = @due)
            SELECT
              (SELECT count(*) FROM round),
              (SELECT count(*) FROM round WHERE "Status" = 'Published'),
              (SELECT count(*) FROM "SandboxPublications" s JOIN round r ON r."Id" = s."PostId"),
              (SELECT count(DISTINCT s."PostId") FROM "SandboxPublications" s JOIN round r ON r."Id" = s."PostId"),
              (SELECT count(*) FROM "PublishAttempts" a JOIN round r ON r."Id" = a."PostId"),
              (SELECT coalesce(max(extract(epoch FROM "PublishedAt" - "ScheduledFor")), 0) FROM round),
              (SELECT coalesce(string_agg(n::text, ' / ' ORDER BY n DESC), '') FROM
                (SELECT count(*) AS n FROM "PublishAttempts" a JOIN round r ON r."Id" = a."PostId" GROUP BY a."InstanceId") i)
            """, connection);
        command.Parameters.AddWithValue("due", due);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Tally((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3), (int)reader.GetInt64(4),
            Convert.ToDouble(reader.GetValue(5), CultureInfo.InvariantCulture), reader.GetString(6));
    }

    private static async Task<long> TransactionIdAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_current_xact_id()::text::bigint", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Process Start(string appDll, IEnumerable<string> args, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(appDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the app");
        // Drain the output so a chatty instance never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> RunToEndAsync(string appDll, IEnumerable<string> args, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(appDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the app");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await stdout : throw new InvalidOperationException($"{string.Join(' ', args)} failed: {await stderr}");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
