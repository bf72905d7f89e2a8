using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Telemetry;

// The SDK listens to every meter named "SocialOps" in the process: the exact counts below hold only with no other app running.
[CollectionDefinition(nameof(MetricsEndpointTests), DisableParallelization = true)]
public sealed class MetricsAlone;

/// <summary>GET /metrics: Prometheus text for Admins only, with the outcome counters fed by real publishing through the Sandbox.</summary>
[Collection(nameof(MetricsEndpointTests))]
public sealed partial class MetricsEndpointTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new SocialOpsAppFactory().WithFastRetries();

    [Fact]
    public async Task AnAdminTokenReadsPrometheusTextCountingAPublishedSandboxPost()
    {
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = "count me", scheduledTime = SchedulerTestExtensions.InSeconds(1) });
        Assert.Equal(PostStatus.Published, (await _app.WaitUntilSettledAsync(id)).Status);

        var (response, text) = await ScrapeUntilAsync(Roles.Admin, t => Value(t, "socialops_posts_published_total", "platform=\"sandbox\"") is not null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^(text/plain|application/openmetrics-text)$", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, Value(text, "socialops_posts_published_total", "platform=\"sandbox\""));
        Assert.Equal(1, Value(text, "socialops_publish_lateness_seconds_count", "platform=\"sandbox\""));
        Assert.Equal(1, Value(text, "socialops_publish_lateness_seconds_bucket", "le=\"+Inf\""));
        Assert.Null(Value(text, "socialops_posts_failed_total", "platform=\"sandbox\""));
        var families = AssertPrometheusText(text);
        Assert.Contains("socialops_posts_published_total", families);
        Assert.Contains("socialops_publish_lateness_seconds", families);
    }

    [Fact]
    public async Task AFailedSandboxPostIsCountedAsFailed()
    {
        using (var arm = await _app.CreateClientAs(Roles.Editor).PostAsJsonAsync("/api/sandbox/failures", new { mode = "permanent", count = 1 }))
        {
            Assert.Equal(HttpStatusCode.Created, arm.StatusCode);
        }

        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "sandbox", content = "refuse me", scheduledTime = SchedulerTestExtensions.InSeconds(1) });
        Assert.Equal(PostStatus.Failed, (await _app.WaitUntilSettledAsync(id)).Status);

        var (_, text) = await ScrapeUntilAsync(Roles.Admin, t => Value(t, "socialops_posts_failed_total", "platform=\"sandbox\"") is not null);

        Assert.Equal(1, Value(text, "socialops_posts_failed_total", "platform=\"sandbox\""));
        Assert.Null(Value(text, "socialops_posts_published_total", "platform=\"sandbox\""));
        Assert.Contains("socialops_posts_failed_total", AssertPrometheusText(text));
    }

    [Fact]
    public async Task TheQueueGaugesCountPostsDueWithinTheHourAndOpenInboxItems()
    {
        var editor = _app.CreateClientAs(Roles.Editor);
        await editor.ScheduleAsync(new { platform = "sandbox", content = "in half an hour", scheduledTime = SchedulerTestExtensions.InSeconds(1800) });
        await editor.ScheduleAsync(new { platform = "sandbox", content = "in two hours", scheduledTime = SchedulerTestExtensions.InSeconds(7200) });

        var (_, text) = await ScrapeUntilAsync(Roles.Admin, t => Value(t, "socialops_posts_due_next_hour", "") is not null);

        Assert.Equal(1, Value(text, "socialops_posts_due_next_hour", ""));
        Assert.Equal(0, Value(text, "socialops_inbox_open", "priority=\"urgent\""));
        Assert.Equal(0, Value(text, "socialops_inbox_open", "priority=\"low\""));
    }

    [Fact]
    public async Task AnonymousCallersAreUnauthorizedAndEditorsForbidden()
    {
        using var anonymous = await _app.CreateAnonymousClient().GetAsync(new Uri("/metrics", UriKind.Relative));
        using var editor = await _app.CreateClientAs(Roles.Editor).GetAsync(new Uri("/metrics", UriKind.Relative));
        using var analyst = await _app.CreateClientAs(Roles.Analyst).GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, editor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, analyst.StatusCode);
        Assert.DoesNotContain("socialops_", await editor.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdminsSignedInSessionReadsTheMetrics()
    {
        const string password = "correct-horse-42-battery";
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync("ops@example.com", password, Roles.Admin, Actor.System);
            Assert.True(user is not null, string.Join(" ", errors));
            _app.Services.GetRequiredService<FirstRunSetup>().Completed();
        }

        using var browser = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        using (await HtmlForms.SubmitAsync(browser, "/account/login", new Dictionary<string, string> { ["Input.Email"] = "ops@example.com", ["Input.Password"] = password }))
        {
        }

        using var response = await browser.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE socialops_posts_due_next_hour gauge", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();

    // The counters are fed off the bus a moment after the commit, and the exporter keeps a scrape for a fraction of a second.
    private async Task<(HttpResponseMessage Response, string Text)> ScrapeUntilAsync(string role, Func<string, bool> done)
    {
        var client = _app.CreateClientAs(role);
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(15);
        while (true)
        {
            var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || done(text) || TimeProvider.System.GetUtcNow() > deadline)
            {
                return (response, text);
            }

            response.Dispose();
            await Task.Delay(200);
        }
    }

    /// <summary>The value of the sample named <paramref name="name"/> whose labels include <paramref name="label"/>, or null.</summary>
    internal static double? Value(string text, string name, string label) =>
        Sample().Matches(text).Where(m => m.Groups["name"].Value == name && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
            .Select(m => (double?)ParseValue(m.Groups["value"].Value)).FirstOrDefault();

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>Every line is a comment (HELP, TYPE, UNIT, EOF), a sample or empty, and every sample's family was typed first; returns the families.</summary>
    internal static HashSet<string> AssertPrometheusText(string text)
    {
        var typed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line == "# EOF")
            {
                continue;
            }

            if (Comment().Match(line) is { Success: true } comment)
            {
                if (comment.Groups["kind"].Value == "TYPE")
                {
                    typed.Add(comment.Groups["name"].Value);
                }

                continue;
            }

            var sample = Sample().Match(line);
            Assert.True(sample.Success && sample.Length == line.Length, $"Not Prometheus text: {line}");
            var name = sample.Groups["name"].Value;
            Assert.True(typed.Any(family => name == family || name.StartsWith(family + "_", StringComparison.Ordinal)), $"{name} has no # TYPE before it");
        }

        return typed;
    }

    [GeneratedRegex(@"^# (?<kind>HELP|TYPE|UNIT) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)( .*)?$")]
    private static partial Regex Comment();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*,?)?\})? (?<value>[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|[-+]?Inf|NaN)( -?\d+)?$""", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
