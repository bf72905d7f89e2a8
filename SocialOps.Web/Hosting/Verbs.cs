using SocialOps.Core.Data;
using SocialOps.Core.Demo;

namespace SocialOps.Web.Hosting;

/// <summary>The commands the executable runs instead of serving. Features add theirs to <see cref="All"/>.</summary>
public static class Verbs
{
    public sealed record Verb(string Name, string Usage, Func<IServiceProvider, string[], CancellationToken, Task<int>> Run);

    public static readonly IReadOnlyList<Verb> All =
    [
        new("migrate", "apply pending database migrations, then exit", MigrateAsync),
        new("seed-demo", "add 90 days of labelled demo data (once; running it again changes nothing)", SeedDemoAsync),
        new("users", "users create --email EMAIL --role Admin|Editor|Analyst [--password P]: add a user; users reset-password --email EMAIL [--password P]: a forgotten password", IdentityVerbs.UsersAsync),
        new("tokens", "tokens create --name NAME --role ROLE [--expires-days N]: print a new API token on the last line", IdentityVerbs.TokensAsync),
        new("sentiment", "predict: analyse one text per stdin line, write one JSON line each", SentimentVerb.RunAsync),
        new("help", "show this help", (_, _, _) => Task.FromResult(PrintUsage(Console.Out, null, exitCode: 0))),
    ];

    public static bool IsKnown(string name) => All.Any(v => v.Name == name);

    public static Verb Find(string name) => All.Single(v => v.Name == name);

    public static int PrintUsage(TextWriter writer, string? problem, int exitCode = 2)
    {
        if (problem is not null)
        {
            writer.WriteLine(problem);
        }

        writer.WriteLine("Usage: SocialOps.Web [command] [--setting=value ...]");
        writer.WriteLine("  (no command)   serve the app (default http://localhost:5080; --urls to change, --demo to add demo data)");
        foreach (var verb in All)
        {
            writer.WriteLine($"  {verb.Name,-14} {verb.Usage}");
        }

        return exitCode;
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        var applied = await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);

        // Creating the scheduler provisions its tables (Quartz's own schema) without starting it.
        var scheduler = await services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler(ct);
        await scheduler.Shutdown(waitForJobsToComplete: false, ct);
        Console.WriteLine($"Database is up to date ({applied} migration(s) applied; scheduler tables ready).");
        return 0;
    }

    private static async Task<int> SeedDemoAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        var result = await services.GetRequiredService<DemoSeeder>().SeedAsync(ct);
        Console.WriteLine(result.Created
            ? $"Demo data added: {result.Accounts} accounts, {result.Posts} posts, {result.Interactions} comments."
            : $"Demo data already present ({result.Posts} posts): nothing changed.");
        return 0;
    }
}
