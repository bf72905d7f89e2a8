using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Data;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Hosting;

/// <summary>The real executable, started as a user would, with good and bad settings.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private Dictionary<string, string> Env(params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string> { ["Data__Directory"] = _data.Path };
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }

        return env;
    }

    [Fact]
    public async Task UnknownProviderExitsOneNamingTheSettingAndCreatesNoDatabase()
    {
        var result = await AppProcess.RunAsync([], Env(("Database__Provider", "Mongo")));

        result.AssertRefusedStartUp("Database:Provider 'Mongo'");
        Assert.Empty(Directory.GetFiles(_data.Path));
    }

    [Fact]
    public async Task MalformedPostgresConnectionStringExitsOne()
    {
        var result = await AppProcess.RunAsync(["migrate"], Env(("Database__Provider", "Postgres"), ("ConnectionStrings__SocialOps", "Host=127.0.0.1;Flux Capacitor=on")));

        result.AssertRefusedStartUp("ConnectionStrings:SocialOps");
    }

    [Fact]
    public async Task UnreachablePostgresServerExitsOne()
    {
        var result = await AppProcess.RunAsync([], Env(("Database__Provider", "Postgres"), ("ConnectionStrings__SocialOps", $"Host=127.0.0.1;Port={AppProcess.FreePort()};Database=nowhere;Username=u;Password=p;Timeout=3")));

        result.AssertRefusedStartUp("ConnectionStrings:SocialOps");
    }

    [Fact]
    public async Task DataDirectoryThatCannotBeWrittenExitsOne()
    {
        var blocker = Path.Combine(_data.Path, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where a folder should be");

        var result = await AppProcess.RunAsync([], Env(("Data__Directory", Path.Combine(blocker, "data"))));

        result.AssertRefusedStartUp("Data:Directory");
    }

    [Fact]
    public async Task RedisWithoutPostgresExitsOneSayingWhatItNeeds()
    {
        var result = await AppProcess.RunAsync([], Env(("Redis__Connection", "127.0.0.1:6379")));

        result.AssertRefusedStartUp("Redis:Connection needs Database:Provider Postgres");
    }

    [Fact]
    public async Task MalformedRedisConnectionExitsOneWithoutRepeatingIt()
    {
        var result = await AppProcess.RunAsync(["migrate"], Env(("Redis__Connection", "127.0.0.1:6379,password=hunter2,flux=on")));

        result.AssertRefusedStartUp("Redis:Connection is not a valid Redis configuration");
        Assert.DoesNotContain("hunter2", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADatabaseMigratedByANewerVersionRefusesToStartInOneLine()
    {
        Assert.Equal(0, (await AppProcess.RunAsync(["migrate"], Env())).ExitCode);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data.Path, "socialops.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29991231000000_FromALaterVersion', '99.0.0')";
            await insert.ExecuteNonQueryAsync();
        }

        var start = await AppProcess.RunAsync([], Env());
        var migrate = await AppProcess.RunAsync(["migrate"], Env());

        start.AssertRefusedStartUp("29991231000000_FromALaterVersion");
        start.AssertRefusedStartUp("newer version of SocialOps");
        migrate.AssertRefusedStartUp("newer version of SocialOps");
    }

    [Fact]
    public async Task UnknownVerbPrintsUsageAndExitsTwo()
    {
        var result = await AppProcess.RunAsync(["frobnicate"], Env());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown command 'frobnicate'", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("seed-demo", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAndSeedDemoVerbsRunAndExit()
    {
        var migrate = await AppProcess.RunAsync(["migrate"], Env());
        var seed = await AppProcess.RunAsync(["seed-demo"], Env());
        var again = await AppProcess.RunAsync(["seed-demo"], Env());

        Assert.Equal((0, ""), (migrate.ExitCode, migrate.StdErr));
        Assert.Contains("Database is up to date", migrate.StdOut, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_data.Path, "socialops.db")));
        Assert.Equal(0, seed.ExitCode);
        Assert.Contains("Demo data added", seed.StdOut, StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already present", again.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServesSetupAndHealthOnSqliteWithNoOtherSetup()
    {
        var token = (await AppProcess.RunAsync(["tokens", "create", "--name", "monitor", "--role", "Analyst"], Env())).StdOut.Trim().Split('\n')[^1];
        var url = $"http://127.0.0.1:{AppProcess.FreePort()}";
        await using var server = AppProcess.Start(["--urls", url], Env());
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        var health = await AppProcess.WaitForAsync(http, "/health", TimeSpan.FromMinutes(2));
        using var home = await http.GetAsync(new Uri("/", UriKind.Relative));
        var page = await home.Content.ReadAsStringAsync();
        using var signedIn = new HttpRequestMessage(HttpMethod.Get, new Uri("/health", UriKind.Relative)) { Headers = { { "Authorization", $"Bearer {token}" } } };
        var details = await (await http.SendAsync(signedIn)).Content.ReadAsStringAsync();

        Assert.Contains("\"status\": \"Healthy\"", health, StringComparison.Ordinal);
        Assert.DoesNotContain("checks", health, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"scheduler\"", details, StringComparison.Ordinal);
        // No user exists yet, so every page leads to first-run setup, which asks for the code from the log.
        Assert.Equal("/setup", home.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.Contains("Create the first admin", page, StringComparison.Ordinal);
        var stopped = await server.StopAsync();
        Assert.Equal(0, stopped.ExitCode);
        var code = System.Text.RegularExpressions.Regex.Match(stopped.StdOut, @"\n +([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\r?\n");
        Assert.True(code.Success, "The setup code stands on a line of its own in the log.");
        Assert.Contains(new string('=', 72), stopped.StdOut, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();
}

/// <summary>The same executable on PostgreSQL, switched by configuration alone.</summary>
public sealed class PostgresStartupTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task MigratesAndServesOnPostgresByConfigurationAlone()
    {
        var env = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__SocialOps"] = database.ConnectionString,
        };
        var migrate = await AppProcess.RunAsync(["migrate"], env);
        Assert.Equal(0, migrate.ExitCode);
        var token = (await AppProcess.RunAsync(["tokens", "create", "--name", "monitor", "--role", "Analyst"], env)).StdOut.Trim().Split('\n')[^1];

        var url = $"http://127.0.0.1:{AppProcess.FreePort()}";
        await using var server = AppProcess.Start(["--urls", url], env);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        await AppProcess.WaitForAsync(http, "/health", TimeSpan.FromMinutes(2));
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var health = await http.GetStringAsync(new Uri("/health", UriKind.Relative));

        Assert.Contains("\"status\": \"Healthy\"", health, StringComparison.Ordinal);
        Assert.Contains("Postgres reachable", health, StringComparison.Ordinal);
        Assert.Equal(0, (await server.StopAsync()).ExitCode);
    }

    [Fact]
    public async Task TwoInstancesStartedTogetherOnAnEmptyDatabaseApplyEachMigrationOnce()
    {
        var database2 = new PostgresDatabase();
        await database2.InitializeAsync();
        try
        {
            var env = new Dictionary<string, string>
            {
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__SocialOps"] = database2.ConnectionString,
                ["Logging__LogLevel__SocialOps.Core.Data.DatabaseMigrator"] = "Information",
            };
            var urls = new[] { $"http://127.0.0.1:{AppProcess.FreePort()}", $"http://127.0.0.1:{AppProcess.FreePort()}" };
            var servers = urls.Select(url => AppProcess.Start(["--urls", url], env)).ToList();
            try
            {
                foreach (var url in urls)
                {
                    using var http = new HttpClient { BaseAddress = new Uri(url) };
                    await AppProcess.WaitForAsync(http, "/health", TimeSpan.FromMinutes(2));
                }

                await using var design = new PostgresDesignTimeFactory().CreateDbContext([]);
                var known = design.Database.GetMigrations().ToList();
                await using var connection = new Npgsql.NpgsqlConnection(database2.ConnectionString);
                await connection.OpenAsync();
                await using var count = new Npgsql.NpgsqlCommand("SELECT count(*), count(DISTINCT \"MigrationId\") FROM \"__EFMigrationsHistory\"", connection);
                await using (var reader = await count.ExecuteReaderAsync())
                {
                    await reader.ReadAsync();
                    Assert.Equal(known.Count, reader.GetInt64(0));
                    Assert.Equal(known.Count, reader.GetInt64(1));
                }

                var results = new List<AppProcess.Result>();
                foreach (var server in servers)
                {
                    results.Add(await server.StopAsync());
                }

                Assert.All(results, r => Assert.Equal(0, r.ExitCode));
                var applied = results
                    .Select(r => System.Text.RegularExpressions.Regex.Match(r.StdOut, @"Database ready: (\d+) migration\(s\) applied"))
                    .Select(m => { Assert.True(m.Success, "each instance reports its migrations"); return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture); })
                    .ToList();
                Assert.Equal(known.Count, applied.Sum());
                Assert.Contains(0, applied);
            }
            finally
            {
                foreach (var server in servers)
                {
                    await server.DisposeAsync();
                }
            }
        }
        finally
        {
            await database2.DisposeAsync();
        }
    }
}
