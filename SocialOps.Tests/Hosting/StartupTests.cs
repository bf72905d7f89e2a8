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
    public async Task ServesTheShellAndHealthOnSqliteWithNoOtherSetup()
    {
        var url = $"http://127.0.0.1:{AppProcess.FreePort()}";
        await using var server = AppProcess.Start(["--urls", url], Env());
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        var health = await AppProcess.WaitForAsync(http, "/health", TimeSpan.FromMinutes(2));
        var home = await http.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("\"status\": \"Healthy\"", health, StringComparison.Ordinal);
        Assert.Contains("SocialOps", home, StringComparison.Ordinal);
        var stopped = await server.StopAsync();
        Assert.Equal(0, stopped.ExitCode);
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

        var url = $"http://127.0.0.1:{AppProcess.FreePort()}";
        await using var server = AppProcess.Start(["--urls", url], env);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var health = await AppProcess.WaitForAsync(http, "/health", TimeSpan.FromMinutes(2));

        Assert.Contains("\"status\": \"Healthy\"", health, StringComparison.Ordinal);
        Assert.Contains("Postgres reachable", health, StringComparison.Ordinal);
        Assert.Equal(0, (await server.StopAsync()).ExitCode);
    }
}
