using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Ai;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Core.Ingestion;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.Connections.OAuth;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;
using static SocialOps.Tests.Telemetry.MetricsEndpointTests;

namespace SocialOps.Tests.Telemetry;

/// <summary>The operator's gauges and counters beyond post outcomes, read through GET /metrics as Prometheus reads them.</summary>
[Collection(nameof(MetricsEndpointTests))]
public sealed class OperationsMetricsTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();
    private readonly MastodonStandIn _mastodon = new();

    [Fact]
    public async Task EachConnectionsTokenExpiryAndIngestionLagAreGauges()
    {
        var expires = TimeProvider.System.GetUtcNow().AddDays(3);
        ConnectionView? view;
        ValidationErrors errors;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            (view, errors) = await scope.ServiceProvider.GetRequiredService<ConnectionService>().AddAsync(
                new NewConnection("mastodon", "Brand on Mastodon", _mastodon.Url, AccessToken: MastodonStandIn.Token), new Actor("admin", Access: Access.Admin),
                new Dictionary<string, string> { [OAuthFlow.ExpiresAt] = expires.ToString("O", CultureInfo.InvariantCulture) });
        }

        Assert.True(view is not null, string.Join(" ", errors.SelectMany(e => e.Value)));
        await _app.Services.GetRequiredService<IngestionService>().RunAsync(view.Id, CancellationToken.None);
        var label = $"connection=\"{view.Id}\"";

        var text = await ScrapeUntilAsync(_app, t => Value(t, "socialops_connection_token_expiry_seconds", label) is not null);

        Assert.InRange(Value(text, "socialops_connection_token_expiry_seconds", label)!.Value, TimeSpan.FromDays(3).TotalSeconds - 120, TimeSpan.FromDays(3).TotalSeconds);
        Assert.InRange(Value(text, "socialops_ingestion_lag_seconds", label)!.Value, 0, 60);
        Assert.Contains("platform=\"mastodon\"", text, StringComparison.Ordinal);
        var families = AssertPrometheusText(text);
        Assert.Contains("socialops_connection_token_expiry_seconds", families);
        Assert.Contains("socialops_ingestion_lag_seconds", families);
    }

    [Fact]
    public async Task SentimentLatencyAndTheAiProvidersTokensAndCostAreCounted()
    {
        using (var analyze = await _app.CreateClientAs(Roles.Editor).PostAsJsonAsync("/api/sentiment/analyze", new { text = "I love this product, thank you!" }))
        {
            Assert.Equal(HttpStatusCode.OK, analyze.StatusCode);
        }

        var settings = await _app.Services.GetRequiredService<AiSettingsStore>().GetAsync();
        settings = settings with { Prices = new Dictionary<string, AiPrice> { ["gpt-test"] = new() { InputPerMillion = 2m, OutputPerMillion = 8m } } };
        await _app.Services.GetRequiredService<AiUsageService>().RecordAsync(new AiCall("OpenAI", "gpt-test", "draft", null, 1000, 500, TimeSpan.FromMilliseconds(800)), settings);

        var text = await ScrapeUntilAsync(_app, t => Value(t, "socialops_ai_tokens_total", "direction=\"output\"") is not null
            && Value(t, "socialops_sentiment_duration_seconds_count", "") is not null);

        Assert.Equal(1000, Value(text, "socialops_ai_tokens_total", "direction=\"input\""));
        Assert.Equal(500, Value(text, "socialops_ai_tokens_total", "direction=\"output\""));
        Assert.Equal(0.006, Value(text, "socialops_ai_cost_usd_total", "model=\"gpt-test\"")!.Value, 6); // 1,000 × 2 + 500 × 8 per million
        Assert.Equal(1, Value(text, "socialops_sentiment_duration_seconds_count", ""));
        Assert.Equal(1, Value(text, "socialops_sentiment_duration_seconds_bucket", "le=\"+Inf\""));
        var families = AssertPrometheusText(text);
        Assert.Contains("socialops_sentiment_duration_seconds", families);
        Assert.Contains("socialops_ai_tokens_total", families);
    }

    [Fact]
    public async Task AnUnconfirmedPostIsAwaitingACheck()
    {
        using (var arm = await _app.CreateClientAs(Roles.Editor).PostAsJsonAsync("/api/sandbox/failures", new { mode = "unknown", count = 1 }))
        {
            Assert.Equal(HttpStatusCode.Created, arm.StatusCode);
        }

        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = "lost answer", scheduledTime = SchedulerTestExtensions.InSeconds(1) });
        Assert.Equal(PostStatus.Unconfirmed, (await _app.WaitUntilSettledAsync(id)).Status);

        var text = await ScrapeUntilAsync(_app, t => Value(t, "socialops_posts_awaiting_check", "status=\"unconfirmed\"") == 1);

        Assert.Equal(1, Value(text, "socialops_posts_awaiting_check", "status=\"unconfirmed\""));
        Assert.Equal(0, Value(text, "socialops_posts_awaiting_check", "status=\"missed\""));
        Assert.Equal(0, Value(text, "socialops_posts_late", ""));
    }

    public void Dispose()
    {
        _app.Dispose();
        _mastodon.Dispose();
    }

    /// <summary>Scrapes as an Admin until <paramref name="done"/> holds (gauges are re-read every two seconds at most) or 15 s pass.</summary>
    internal static Task<string> ScrapeUntilAsync(SocialOpsAppFactory app, Func<string, bool> done) => ScrapeUntilAsync(app.CreateClientAs(Roles.Admin), done);

    /// <summary>As above, through a client that already carries an Admin's credentials.</summary>
    internal static async Task<string> ScrapeUntilAsync(HttpClient client, Func<string, bool> done)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(15);
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            if (done(text) || TimeProvider.System.GetUtcNow() > deadline)
            {
                return text;
            }

            await Task.Delay(200);
        }
    }
}
