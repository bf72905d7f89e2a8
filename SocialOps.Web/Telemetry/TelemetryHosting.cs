using Microsoft.AspNetCore.Components.Server.Circuits;
using Npgsql;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SocialOps.Core.Telemetry;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Telemetry;

/// <summary>
/// OpenTelemetry: traces and metrics of ASP.NET Core, HttpClient and the runtime, plus the <c>SocialOps</c> meter and
/// activity source and PostgreSQL's commands (Npgsql); log records carry the trace and span they were written in;
/// metrics are scraped at <see cref="MetricsPath"/> (Admins only), and everything also goes to an OTLP collector
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names one.
/// </summary>
public static class TelemetryHosting
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddSocialOpsTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        // Every log record carries the trace and span it was written in, whichever provider writes it.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Services.AddScoped<CircuitHandler, OpenCircuits>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("socialops"))
            .WithMetrics(m =>
            {
                m.AddMeter(SocialOpsMeter.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    m.AddOtlpExporter();
                }
            })
            .WithTracing(t =>
            {
                t.AddSource(SocialOpsTracing.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (otlp)
                {
                    t.AddOtlpExporter();
                }
            })
            .WithLogging(l =>
            {
                if (otlp)
                {
                    l.AddOtlpExporter();
                }
            }, o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
            });
        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(Policies.Admin);
        return app;
    }
}
