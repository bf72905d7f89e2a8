namespace SocialOps.Tests.Harness;

/// <summary>Where the tests find the services they need; the test script sets these, the defaults suit a local run.</summary>
public static class TestEnvironment
{
    /// <summary>A PostgreSQL role that may create databases, on a real server on 127.0.0.1.</summary>
    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("SOCIALOPS_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=socialops_test;Password=socialops_test;Database=postgres";

    /// <summary>The redis-server executable; tests start their own servers with it on free loopback ports.</summary>
    public static string RedisServerPath =>
        Environment.GetEnvironmentVariable("SOCIALOPS_TEST_REDIS_SERVER") ?? "redis-server";

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("SOCIALOPS_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>Screenshots and other files worth keeping from a run.</summary>
    public static string ArtifactsDirectory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("SOCIALOPS_TEST_ARTIFACTS")
                ?? Path.Combine(RepositoryRoot, "TestResults", "artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SocialOps.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("SocialOps.sln not found above the test binaries.");
        }
    }
}
