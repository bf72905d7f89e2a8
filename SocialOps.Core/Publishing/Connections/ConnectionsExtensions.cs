using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing.Bluesky;
using SocialOps.Core.Publishing.Connections.OAuth;
using SocialOps.Core.Publishing.Ingestion;
using SocialOps.Core.Publishing.LinkedIn;
using SocialOps.Core.Publishing.Mastodon;
using SocialOps.Core.Publishing.Meta;
using SocialOps.Core.Publishing.Sandbox;
using SocialOps.Core.Publishing.Webhook;
using SocialOps.Core.Publishing.X;


namespace SocialOps.Core.Publishing.Connections;

public static class ConnectionsExtensions
{
    /// <summary>
    /// Connections: the connectors on typed HTTP clients (a timeout from <c>Connectors:Timeout</c>, no automatic retries:
    /// the scheduler decides those), one scheduler publisher per platform, ingestion jobs.
    /// </summary>
    public static IHostApplicationBuilder AddConnections(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConnectorOptions>().BindConfiguration("Connectors").ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectorOptions>, ConnectorOptionsValidator>();
        services.AddSingleton<NetworkGuard>();
        services.AddSingleton<ConnectionStore>();
        services.AddSingleton<ConnectionService>();
        services.AddSingleton<IngestionTriggers>();
        services.AddSingleton<IngestionService>();
        services.AddSingleton<PushReceiver>();
        services.AddSingleton<DailySummaries>();
        services.AddSingleton<SandboxPublisher>();
        services.AddSingleton<SandboxFailures>();
        services.AddSingleton<SandboxQueries>();
        services.AddSingleton<BlueskySessions>();

        services.AddOptions<OAuthOptions>().BindConfiguration("Connectors:OAuth").ValidateOnStart();
        services.AddSingleton<IValidateOptions<OAuthOptions>, OAuthOptionsValidator>();
        services.AddSingleton<OAuthFlow>();
        services.AddSingleton<MetaChoice>();
        AddGuardedClient<OAuthClient>(services);
        AddGuardedClient<MetaOAuthClient>(services);

        services.AddSingleton<MediaFiles>();
        services.AddHttpClient(MediaFiles.ClientName, client =>
            {
                client.Timeout = TimeSpan.FromSeconds(60);
                client.MaxResponseContentBufferSize = Content.MediaTypes.MaxVideoBytes;
            })
            .UseSocketsHttpHandler((handler, sp) =>
            {
                handler.ConnectCallback = sp.GetRequiredService<NetworkGuard>().ConnectAsync;
                handler.AllowAutoRedirect = false;
            });

        services.AddSingleton<AvatarProxy>();
        services.AddHttpClient(AvatarProxy.ClientName, client =>
            {
                client.Timeout = TimeSpan.FromSeconds(10);
                client.MaxResponseContentBufferSize = 1024 * 1024;
            })
            .UseSocketsHttpHandler((handler, sp) =>
            {
                handler.ConnectCallback = sp.GetRequiredService<NetworkGuard>().ConnectAsync;
                handler.AllowAutoRedirect = false;
            });

        AddConnector<MastodonConnector>(services);
        AddConnector<WebhookConnector>(services);
        AddConnector<BlueskyConnector>(services);
        AddConnector<XConnector>(services);
        AddConnector<LinkedInConnector>(services);
        AddConnector<ThreadsConnector>(services);
        AddConnector<FacebookConnector>(services);
        AddConnector<InstagramConnector>(services);

        foreach (var platform in Enum.GetValues<Platform>().Where(p => p != Platform.Sandbox))
        {
            services.AddSingleton<IPlatformPublisher>(sp => new ConnectorRouter(
                platform, sp.GetServices<IConnector>().FirstOrDefault(c => c.Platform == platform), sp.GetRequiredService<SandboxPublisher>(),
                sp.GetRequiredService<ConnectionStore>(), sp.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>()));
        }

        if (builder.Configuration.GetValue("Scheduling:Enabled", true))
        {
            services.AddHostedService<IngestionStartup>();
        }

        return builder;
    }

    private static void AddConnector<T>(IServiceCollection services)
        where T : class, IConnector
    {
        AddGuardedClient<T>(services);
        services.AddSingleton<IConnector>(sp => sp.GetRequiredService<T>());
    }

    /// <summary>A typed client that reaches only addresses the <see cref="NetworkGuard"/> allows, with the connector timeout.</summary>
    private static void AddGuardedClient<T>(IServiceCollection services)
        where T : class
    {
        services.AddHttpClient<T>((sp, client) =>
            {
                var o = sp.GetRequiredService<IOptions<ConnectorOptions>>().Value;
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = o.MaxResponseBytes;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("SocialOps/1.0");
            })
            .UseSocketsHttpHandler((handler, sp) =>
            {
                handler.ConnectCallback = sp.GetRequiredService<NetworkGuard>().ConnectAsync;
                handler.AllowAutoRedirect = false;
                handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2);
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("connector-timeout", (pipeline, context) =>
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<ConnectorOptions>>().Value.Timeout));
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
