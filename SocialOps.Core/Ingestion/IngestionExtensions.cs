using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Scheduling;

namespace SocialOps.Core.Ingestion;

public static class IngestionExtensions
{
    /// <summary>What comes back from the platforms: a fetch job per connection, pushes, metric snapshots, daily summaries.</summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IngestionTriggers>();
        services.AddSingleton<IConnectionFollower>(sp => sp.GetRequiredService<IngestionTriggers>());
        services.AddSingleton<IngestionService>();
        services.AddSingleton<PushReceiver>();
        if (SchedulingOptions.From(builder.Configuration).Enabled)
        {
            services.AddHostedService<IngestionStartup>();
        }

        return builder;
    }
}

/// <summary>At start-up every live connection gets its ingestion job (and a changed poll interval takes effect).</summary>
internal sealed class IngestionStartup(IDbContextFactory<SocialOpsDbContext> contexts, IngestionTriggers triggers) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.PlatformAccounts.AsNoTracking()
            .Where(a => a.RemovedAt == null && !a.IsSandbox && !a.IsDemo && a.Platform != Platform.Sandbox)
            .Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            await triggers.SetAsync(id, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
