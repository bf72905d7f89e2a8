using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Publishing.Bluesky;
using SocialOps.Core.Publishing.Connections.OAuth;
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
        services.AddOptions<ConnectorOptions>().BindConfiguration(ConnectorOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectorOptions>, ConnectorOptionsValidator>();
        services.AddSingleton<CredentialProtector>();
        services.AddSingleton<MediaStore>();
        services.AddSingleton<NetworkGuard>();
        services.AddSingleton<ConnectionStore>();
        services.AddSingleton<ConnectionService>();
        services.AddSingleton<SandboxPublisher>();
        services.AddSingleton<SandboxFailures>();
        services.AddEvent<SandboxFailuresChanged>();
        services.AddSingleton<SandboxQueries>();
        services.AddSingleton<BlueskySessions>();

        services.AddOptions<OAuthOptions>().BindConfiguration(OAuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OAuthOptions>, OAuthOptionsValidator>();
        services.AddSingleton<OAuthFlow>();
        services.AddSingleton<MetaChoice>();
        AddGuardedClient<OAuthClient>(services);
        AddGuardedClient<MetaOAuthClient>(services);

        services.AddSingleton<MediaFiles>();
        services.AddHttpClient(MediaFiles.ClientName, client =>
            {
                client.Timeout = TimeSpan.FromSeconds(60);
                client.MaxResponseContentBufferSize = MediaTypes.MaxVideoBytes;
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
                sp.GetRequiredService<ConnectionStore>()));
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
