using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Scalar.AspNetCore;
using SocialOps.Core;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Data;
using SocialOps.Web.Apis;
using SocialOps.Web.Components;
using SocialOps.Web.Identity;
using SocialOps.Web.Telemetry;

namespace SocialOps.Web.Hosting;

public static class SocialOpsHosting
{
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplicationBuilder AddSocialOps(this WebApplicationBuilder builder)
    {
        builder.Configuration.UseSettingsFileBesideBinary();

        // Serve static assets from the build output too (dotnet run in any environment, tests);
        // a published app has them in wwwroot and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        if (!HasConfiguredUrls(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddSocialOpsCore();
        builder.AddSocialOpsSecurity();
        builder.AddSocialOpsTelemetry();
        builder.Services.AddSingleton<DatabaseStartup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseStartup>());
        builder.Services.AddSocialOpsDataProtection();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<UserClock>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        // Binding failures (malformed JSON, wrong types, unparsable parameters) reach ApiExceptionHandler, which names the field.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer<OpenApiBearer>();
        });
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, HealthPageSelector>());
        var health = builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<SchedulerHealthCheck>("scheduler");
        if (builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() is { IsConfigured: true })
        {
            health.AddCheck<RedisHealthCheck>("redis");
        }
        return builder;
    }

    public static WebApplication UseSocialOps(this WebApplication app)
    {
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            // The API answers with its own status codes and ProblemDetails, never with the not-found page; so does the
            // sign-in start (re-executing a refused form post as a page would turn its 403 into an antiforgery 400).
            if ((context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments(TelemetryHosting.MetricsPath)
                    || context.Request.Path.StartsWithSegments(OAuthEndpoints.CookiePath)) && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            return next(context);
        });
        app.UseSocialOpsSecurity();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealth();
        app.MapMetrics();
        app.MapOpenApi().RequireAuthorization(Policies.Analyst);
        // The reference loads nothing from elsewhere (no web fonts, no vendor client or agent) and offers the API-token scheme.
        // A link back to the app sits above the reference: it opens in a tab of its own, often without a way back.
        app.MapScalarApiReference("/api-docs", o =>
            {
                o.WithTitle("SocialOps API").DisableDefaultFonts().HideClientButton()
                    .DisableAgent().DisableMcp().DisableTelemetry().HideDeveloperTools().AddPreferredSecuritySchemes(OpenApiBearer.Scheme)
                    .WithCustomCss("a[href*='scalar.com'] { display: none !important; } " +
                        ".so-api-back { display: block; padding: 8px 16px; font: 500 14px system-ui, sans-serif; color: var(--scalar-color-accent); " +
                        "border-bottom: 1px solid var(--scalar-border-color); background: var(--scalar-background-1); }");
                o.HeaderContent = "<a class=\"so-api-back\" href=\"/\" data-testid=\"api-back\">← Back to SocialOps</a>";
            })
            .RequireAuthorization(Policies.Analyst);
        app.MapAccountEndpoints();
        app.MapHealthApi();
        app.MapSystemApi().RequireAuthorization(Policies.Analyst).RequireRateLimiting(SecurityHosting.ApiLimit);
        app.MapSchedulerApi();
        app.MapWorkflowApi();
        app.MapSandboxApi();
        app.MapInboxApi();
        app.MapMeApi();
        app.MapUsersApi();
        app.MapMediaApi();
        app.MapConnectionsApi();
        app.MapOAuthEndpoints();
        app.MapWallPairing();
        app.MapHooksApi();
        app.MapSentimentApi();
        app.MapAnalyticsApi();
        app.MapAiApi();
        app.MapLinksApi();
        app.MapNotificationsApi();
        app.MapMyNotificationsApi();
        app.MapLinkRedirect();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = "'none'")
            .Add(KioskSignIn.RequireAnalystOrWallCircuit); // pages narrow it with [Authorize] or open it with [AllowAnonymous]
        return app;
    }

    /// <summary>Runs the verb, or serves; a start-up problem becomes one line on stderr and exit code 1.</summary>
    public static async Task<int> RunSocialOpsAsync(this WebApplication app, CommandLine command)
    {
        try
        {
            // Checked here rather than inside the host's start, so that a bad setting is one line, not a logged stack trace.
            app.Services.GetService<IStartupValidator>()?.Validate();
            if (command.Verb is { } name)
            {
                using var cts = new CancellationTokenSource();
                Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
                return await Verbs.Find(name).Run(app.Services, command.VerbArgs, cts.Token);
            }

            await app.Services.GetRequiredService<DatabaseStartup>().RunOnceAsync(CancellationToken.None);
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (StartupProblem(ex) is { } problem)
        {
            await Console.Error.WriteLineAsync($"SocialOps cannot start: {problem}");
            return 1;
        }
    }

    private static string? StartupProblem(Exception ex) => ex switch
    {
        StartupException s => s.Message,
        OptionsValidationException o => string.Join(" ", o.Failures),
        AggregateException a when a.InnerExceptions.All(e => StartupProblem(e) is not null) =>
            string.Join(" ", a.InnerExceptions.Select(StartupProblem)),
        _ => null,
    };

    private static bool HasConfiguredUrls(ConfigurationManager config) =>
        !string.IsNullOrEmpty(config["urls"])
        || !string.IsNullOrEmpty(config["http_ports"])
        || !string.IsNullOrEmpty(config["https_ports"])
        || config.GetSection("Kestrel:Endpoints").Exists();
}
