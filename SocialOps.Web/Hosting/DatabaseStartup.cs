using Microsoft.Extensions.Options;
using SocialOps.Core.Data;
using SocialOps.Core.Demo;

namespace SocialOps.Web.Hosting;

/// <summary>
/// Brings the database up to date before anything else starts, and seeds demo data when asked.
/// Runs once: from Program before the host starts (so failures are one clear line), or as the host starts
/// (in-process test hosts).
/// </summary>
internal sealed class DatabaseStartup(
    DatabaseMigrator migrator,
    DemoSeeder demo,
    IOptions<DatabaseOptions> database,
    IOptions<DemoOptions> demoOptions) : IHostedLifecycleService
{
    private readonly Lock _lock = new();
    private Task? _run;

    public Task StartingAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    public Task RunOnceAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _run ??= RunAsync(cancellationToken);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (database.Value.MigrateOnStart)
        {
            await migrator.MigrateAsync(cancellationToken);
        }
        else
        {
            await migrator.EnsureNotNewerAsync(cancellationToken);
        }

        if (demoOptions.Value.SeedOnStart)
        {
            await demo.SeedAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
