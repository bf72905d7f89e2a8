using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Cluster;

/// <summary>The suite runs alone: it starts servers and instances of its own and measures how late posts go out.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterSuite
{
    public const string Name = "Cluster faults";
}

/// <summary>
/// Three real instances on one PostgreSQL server of their own, 2,000 posts due over two minutes, and a fault in the
/// middle: every post is published exactly once, none is lost, and the work of a dead instance is taken over.
/// </summary>
[Collection(ClusterSuite.Name)]
public sealed class ClusterFaultTests : IAsyncLifetime
{
    private const int Posts = 2_000;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(2);
    private ThrowawayPostgres? _postgres;
    private readonly TempDirectory _data = new();
    private readonly List<AppProcess.Running> _instances = [];
    private readonly List<string> _urls = [];

    public async Task InitializeAsync()
    {
        _postgres = await ThrowawayPostgres.StartAsync();
        await _postgres.CreateDatabaseAsync("socialops");
    }

    [Fact]
    public async Task OneInstanceKilledMidRunLosesAndDoublesNothing()
    {
        var (first, last) = await RunAsync(async () => await _instances[1].KillAsync());

        // The killed instance's triggers are recovered once the others see it miss its check-ins (20 s): no post waits
        // much longer than that, on two busy cores.
        Assert.True(last.MaxLatenessSeconds < 60, $"the latest post went out {last.MaxLatenessSeconds:F1} s late");
        Assert.True(first.Published > 0, "the run had started publishing when the instance was killed");
    }

    [Fact]
    public async Task PostgresRestartedMidRunLosesAndDoublesNothing()
    {
        var (first, _) = await RunAsync(() => _postgres!.RestartAsync());

        Assert.True(first.Published > 0, "the run had started publishing when the server restarted");
    }

    [Fact]
    public async Task RedisStoppedMidRunLeavesPublishingAloneAndHealthSaysDegradedUntilItIsBack()
    {
        var redis = new RedisServer();
        try
        {
            await redis.StartAsync();
            string? during = null;
            var (first, _) = await RunAsync(async () =>
            {
                await redis.StopAsync();
                during = await HealthAsync(TimeSpan.FromSeconds(30), body => body.Contains("Degraded", StringComparison.Ordinal));
            }, redis.Connection);

            Assert.True(first.Published > 0, "the run had started publishing when Redis stopped");
            Assert.Contains("Degraded", during, StringComparison.Ordinal);
            await redis.StartAsync();
            var after = await HealthAsync(TimeSpan.FromSeconds(60), body => body.Contains("Healthy", StringComparison.Ordinal));
            Assert.Contains("Healthy", after, StringComparison.Ordinal);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    /// <summary>The anonymous health answer of the first instance, polled until <paramref name="done"/> holds (or the time is up).</summary>
    private async Task<string> HealthAsync(TimeSpan within, Func<string, bool> done)
    {
        using var http = new HttpClient { BaseAddress = new Uri(_urls[0]) };
        var deadline = TimeProvider.System.GetUtcNow() + within;
        while (true)
        {
            using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (done(body) || TimeProvider.System.GetUtcNow() > deadline)
            {
                return body;
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Schedules the posts through one instance, applies the fault halfway through the window, and checks the outcome.</summary>
    private async Task<(Tally AtFault, Tally End)> RunAsync(Func<Task> fault, string? redis = null)
    {
        var connection = _postgres!.ConnectionString("socialops");
        var env = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__SocialOps"] = connection,
            ["Data__Directory"] = Path.Combine(_data.Path, "cli"),
        };
        if (redis is not null)
        {
            env["Redis__Connection"] = redis;
        }

        Assert.Equal(0, (await AppProcess.RunAsync(["migrate"], env)).ExitCode);
        var token = (await AppProcess.RunAsync(["tokens", "create", "--name", "faults", "--role", "Editor"], env)).StdOut.Trim().Split('\n')[^1];

        var urls = _urls;
        urls.AddRange(Enumerable.Range(0, 3).Select(_ => $"http://127.0.0.1:{AppProcess.FreePort()}"));
        for (var i = 0; i < urls.Count; i++)
        {
            _instances.Add(AppProcess.Start(["--urls", urls[i]], new Dictionary<string, string>(env) { ["Data__Directory"] = Path.Combine(_data.Path, $"app{i}") }));
        }

        foreach (var url in urls)
        {
            using var probe = new HttpClient { BaseAddress = new Uri(url) };
            await AppProcess.WaitForAsync(probe, "/health", TimeSpan.FromMinutes(3));
        }

        using var http = new HttpClient { BaseAddress = new Uri(urls[0]), Timeout = TimeSpan.FromMinutes(3) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var start = TimeProvider.System.GetUtcNow().AddSeconds(45);
        var csv = new StringBuilder("platform,account,content,local_time,time_zone\n");
        for (var i = 0; i < Posts; i++)
        {
            var due = start + Window * i / Posts;
            csv.Append(CultureInfo.InvariantCulture, $"sandbox,,Fault run post {i},{due.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss},Etc/UTC\n");
        }

        using (var import = await http.PostAsync(new Uri("/api/scheduler/bulk-import", UriKind.Relative), new StringContent(csv.ToString(), Encoding.UTF8, "text/csv")))
        {
            Assert.True(import.StatusCode == HttpStatusCode.Created, $"import: {(int)import.StatusCode} {await import.Content.ReadAsStringAsync()}");
        }

        Assert.True(TimeProvider.System.GetUtcNow() < start, "scheduling took longer than the lead time");
        await Task.Delay(start + Window / 2 - TimeProvider.System.GetUtcNow());
        var atFault = await TallyAsync(connection);
        await fault();

        var deadline = start + Window + TimeSpan.FromMinutes(3);
        Tally end;
        while (true)
        {
            end = await TallyAsync(connection);
            if (end.Published == Posts || TimeProvider.System.GetUtcNow() > deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(Posts, end.Posts);
        Assert.True(end.Published == Posts, $"{end.Published} of {Posts} published; other states: {end.Others}");
        Assert.Equal(Posts, end.Publications);
        Assert.Equal(Posts, end.PublishedPostIds);
        return (atFault, end);
    }

    private sealed record Tally(int Posts, int Published, string Others, int Publications, int PublishedPostIds, double MaxLatenessSeconds);

    private static async Task<Tally> TallyAsync(string connectionString)
    {
        // A connection of its own each time: the server may have just restarted.
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await connection.OpenAsync();
                break;
            }
            catch (NpgsqlException) when (attempt < 30)
            {
                await Task.Delay(1000);
            }
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT
              (SELECT count(*) FROM "Posts"),
              (SELECT count(*) FROM "Posts" WHERE "Status" = 'Published'),
              (SELECT coalesce(string_agg("Status" || ' ' || n, ', '), '') FROM (SELECT "Status", count(*) AS n FROM "Posts" WHERE "Status" <> 'Published' GROUP BY "Status") s),
              (SELECT count(*) FROM "SandboxPublications"),
              (SELECT count(DISTINCT "PostId") FROM "SandboxPublications"),
              (SELECT coalesce(max(extract(epoch FROM "PublishedAt" - "ScheduledFor")), 0) FROM "Posts" WHERE "PublishedAt" IS NOT NULL)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Tally((int)reader.GetInt64(0), (int)reader.GetInt64(1), reader.GetString(2), (int)reader.GetInt64(3), (int)reader.GetInt64(4), Convert.ToDouble(reader.GetValue(5), CultureInfo.InvariantCulture));
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _data.Dispose();
    }
}
