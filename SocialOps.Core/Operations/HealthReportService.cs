using SocialOps.Core.Ai;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Scheduling;
using SocialOps.Core.Sentiment.Engine;
using static SocialOps.Core.Operations.HealthStates;

namespace SocialOps.Core.Operations;

/// <summary>
/// Reads how SocialOps stands, for the health page and <c>GET /api/health/report</c> alike: every connection's state and
/// token, the last ingestion per connection, the scheduler's heartbeat per instance, posts due, late and awaiting a check,
/// the event bus, the sentiment engine and the AI provider. Each warning and problem says what to do and on which page.
/// </summary>
public sealed class HealthReportService(
    IDbContextFactory<SocialOpsDbContext> contexts, ConnectionStore connections, LiveUpdatesStatus liveUpdates, SentimentEngine sentiment,
    AiSettingsStore aiSettings, AiUsageService aiUsage, IOptions<SchedulingOptions> scheduling, IOptions<ConnectorOptions> connectors,
    IOptions<RedisOptions> redis, TimeProvider time)
{
    /// <summary>A token that the platform will not renew by itself is flagged this long before it ends.</summary>
    public static readonly TimeSpan TokenWarning = TimeSpan.FromDays(7);

    /// <summary>Ingestion counts as stalled after this many poll intervals without a run.</summary>
    public const int StalledIntervals = 3;

    public const string ConnectionsPage = "/settings?tab=connections";
    public const string AiPage = "/settings?tab=ai";

    public async Task<HealthReport> BuildAsync(Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var accounts = await db.PlatformAccounts.AsNoTracking().Where(a => a.RemovedAt == null && a.IsActive).OrderBy(a => a.DisplayName).ThenBy(a => a.Id).ToListAsync(ct);
        var heartbeats = await db.SchedulerHeartbeats.AsNoTracking().Where(h => h.LastSeenAt >= now.AddDays(-1)).OrderBy(h => h.InstanceId).ToListAsync(ct);
        var posts = await PostsAsync(db, now, ct);
        var sections = new List<HealthSection>
        {
            Section("connection", "Connections", [.. accounts.Select(a => Connection(a, now))],
                new HealthItem("connection", "Connections", Warning, "No connection is set up: nothing can be published or read.",
                    "Add a connection (a Sandbox one to try things out).", ConnectionsPage, "Settings → Connections")),
            Section("ingestion", "Ingestion", [.. accounts.Where(IsIngested).Select(a => Ingestion(a, now))],
                new HealthItem("ingestion", "Ingestion", Ok, "No connection is read for comments and metrics (Sandbox and paused connections are not).")),
            Section("scheduler", "Scheduler", Scheduler(heartbeats, now), null),
            Section("posts", "Posts", posts, null),
            Section("event-bus", "Event bus", [EventBus()], null),
            Section("sentiment", "Sentiment engine", [Sentiment()], null),
            Section("ai", "AI provider", [await AiAsync(now, ct)], null),
        };
        var items = sections.SelectMany(s => s.Items).ToList();
        return new HealthReport(now, Worst(sections.Select(s => s.State)), items.Count(i => i.State == Problem), items.Count(i => i.State == Warning), sections);
    }

    /// <summary>Whether a connection is read for comments and metrics at all (Sandbox and paused connections are not).</summary>
    public static bool IsIngested(PlatformAccount a) => !a.IsPaused && !a.PublishesToSandbox;

    /// <summary>Whether a read connection has gone <see cref="StalledIntervals"/> poll intervals without a successful run (counting from its creation before its first).</summary>
    public static bool IsStalled(PlatformAccount a, DateTimeOffset now, TimeSpan pollInterval) =>
        (a.LastSyncedAt ?? a.CreatedAt) < now - pollInterval * StalledIntervals;

    /// <summary>Whether a token that does not renew itself ends within <see cref="TokenWarning"/> (or has ended).</summary>
    public static bool ExpiresSoon(DateTimeOffset expires, bool renewsItself, DateTimeOffset now) => !renewsItself && expires - now < TokenWarning;

    private static HealthSection Section(string check, string title, List<HealthItem> items, HealthItem? whenEmpty)
    {
        if (items.Count == 0 && whenEmpty is not null)
        {
            items.Add(whenEmpty);
        }

        return new HealthSection(check, title, Worst(items.Select(i => i.State)), items);
    }

    private HealthItem Connection(PlatformAccount a, DateTimeOffset now)
    {
        var name = $"{a.DisplayName} ({ConnectionView.Of(a).Platform})";
        var status = ConnectionView.StatusOf(a);
        if (status == "paused")
        {
            return new("connection", name, Warning, "Paused: nothing is published to it or read from it.",
                "Resume it when it should work again.", ConnectionsPage, "Settings → Connections");
        }

        if (status == "error")
        {
            var renewal = a.LastError?.Contains("renewed", StringComparison.OrdinalIgnoreCase) == true;
            return new("connection", name, Problem, $"The last call failed: {a.LastError}",
                renewal ? "The sign-in could not be renewed: reconnect the account (sign in to the platform again)."
                    : "Read the error, then use Check on the connection; if the platform refused the credentials, reconnect the account.",
                ConnectionsPage, "Settings → Connections", a.LastErrorAt);
        }

        if (!a.PublishesToSandbox && connections.TokenOf(a) is ({ } expires, var renews))
        {
            if (expires <= now)
            {
                return new("connection", name, Problem, $"The access token expired at {expires:yyyy-MM-dd HH:mm} UTC.",
                    "Reconnect the account: nothing can be published or read until it is.", ConnectionsPage, "Settings → Connections", expires);
            }

            if (ExpiresSoon(expires, renews, now))
            {
                return new("connection", name, Warning, $"The access token expires at {expires:yyyy-MM-dd HH:mm} UTC and cannot renew itself.",
                    "Reconnect the account before then.", ConnectionsPage, "Settings → Connections", expires);
            }

            return new("connection", name, Ok, renews ? $"Connected; the token renews itself (next end {expires:yyyy-MM-dd HH:mm} UTC)."
                : $"Connected; the token expires at {expires:yyyy-MM-dd HH:mm} UTC.", At: a.LastSuccessAt);
        }

        return new("connection", name, Ok, a.LastSuccessAt is not null ? "Connected; the last call succeeded." : "Connected; not used yet.", At: a.LastSuccessAt);
    }

    private HealthItem Ingestion(PlatformAccount a, DateTimeOffset now)
    {
        var name = $"{a.DisplayName} ({ConnectionView.Of(a).Platform})";
        var interval = connectors.Value.PollInterval;
        var last = a.LastSyncedAt;
        if (IsStalled(a, now, interval))
        {
            return new("ingestion", name, Problem,
                last is { } l ? $"Not read since {l:yyyy-MM-dd HH:mm} UTC ({StalledIntervals} intervals of {interval:c} have passed)." : "Never read since it was added.",
                "Check that a scheduler instance is running (below), then use Fetch now on the connection.", ConnectionsPage, "Settings → Connections", last);
        }

        if (a.CommentFetchFailures > 0)
        {
            return new("ingestion", name, Warning, $"The last run could not read {a.CommentFetchFailures} item(s): {a.CommentFetchError}",
                "Usually a post removed on the platform; if it repeats, check the connection.", ConnectionsPage, "Settings → Connections", a.CommentFetchErrorAt);
        }

        return new("ingestion", name, Ok, last is { } at ? $"Last read at {at:yyyy-MM-dd HH:mm:ss} UTC." : "Waiting for its first run.", At: last);
    }

    private List<HealthItem> Scheduler(List<SchedulerHeartbeat> heartbeats, DateTimeOffset now)
    {
        var since = now - scheduling.Value.HeartbeatInterval * 2;
        var items = heartbeats.Select(h => h.LastSeenAt >= since
            ? new HealthItem("scheduler", h.InstanceId, Ok, $"Checked in at {h.LastSeenAt:HH:mm:ss} UTC (running since {h.StartedAt:yyyy-MM-dd HH:mm} UTC).", At: h.LastSeenAt)
            : new HealthItem("scheduler", h.InstanceId, Warning, $"Stopped checking in at {h.LastSeenAt:yyyy-MM-dd HH:mm:ss} UTC.",
                "If this instance was shut down on purpose there is nothing to do; otherwise look at its logs and restart it.", At: h.LastSeenAt)).ToList();
        if (!heartbeats.Any(h => h.LastSeenAt >= since))
        {
            items.Insert(0, new HealthItem("scheduler", "Scheduler", Problem, "No instance has checked in within two heartbeat intervals: nothing is being published.",
                "Start SocialOps (or restart the instance whose scheduler stopped) and check its logs for a start-up error."));
        }

        return items;
    }

    private async Task<List<HealthItem>> PostsAsync(SocialOpsDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var end = now.AddHours(1);
        var lateBefore = now - scheduling.Value.ClockSkew;
        var due = await db.Posts.CountAsync(p => p.Status == PostStatus.Scheduled && p.ScheduledFor >= now && p.ScheduledFor < end, ct);
        var late = await db.Posts.CountAsync(p => p.Status == PostStatus.Scheduled && p.ScheduledFor < lateBefore, ct);
        var unconfirmed = await db.Posts.CountAsync(p => p.Status == PostStatus.Unconfirmed, ct);
        var missed = await db.Posts.CountAsync(p => p.Status == PostStatus.Missed, ct);
        return
        [
            new("posts", "Due in the next hour", Ok, $"{due} post(s) scheduled to go out within the hour."),
            late == 0 ? new("posts", "Late", Ok, "No scheduled post is past its time.")
                : new("posts", "Late", Problem, $"{late} scheduled post(s) are past their time and have not gone out.",
                    "Check the scheduler above; a post that stays late is marked Missed after the grace window.", "/posts?status=Scheduled", "Posts → Scheduled"),
            unconfirmed == 0 ? new("posts", "Unconfirmed", Ok, "No post is waiting for a check.")
                : new("posts", "Unconfirmed", Problem, $"{unconfirmed} post(s) may or may not have gone out (the platform's answer was lost).",
                    "Look on the platform, then mark each as published or failed, or publish it again.", "/posts?status=Unconfirmed", "Posts → Unconfirmed"),
            missed == 0 ? new("posts", "Missed", Ok, "No post was missed.")
                : new("posts", "Missed", Warning, $"{missed} post(s) fell due while nothing could publish them.",
                    "Publish them now or reschedule them.", "/posts?status=Missed", "Posts → Missed"),
        ];
    }

    private HealthItem EventBus()
    {
        if (!redis.Value.IsConfigured)
        {
            return new("event-bus", "Event bus", Ok, "In-process: live updates reach this instance's pages (Redis is not configured, so one instance only).");
        }

        return liveUpdates.IsPaused
            ? new("event-bus", "Event bus (Redis)", Problem, "Redis is unreachable: events from other instances are not arriving; pages reload every 30 seconds meanwhile.",
                "Check that Redis is running and reachable at Redis:Connection; live updates resume by themselves once it is.")
            : new("event-bus", "Event bus (Redis)", Ok, "Redis relays events between instances.");
    }

    private HealthItem Sentiment()
    {
        var status = sentiment.Status;
        return status.Engine == "onnx"
            ? new("sentiment", "Sentiment engine", Ok, $"The model {status.ModelVersion} is loaded.")
            : new("sentiment", "Sentiment engine", Warning, $"The rule-based engine is answering: {status.Reason}.",
                "Point Sentiment:ModelPath at the model directory (models/ ships one) and restart; comments are still read meanwhile, less accurately.");
    }

    private async Task<HealthItem> AiAsync(DateTimeOffset now, CancellationToken ct)
    {
        var settings = await aiSettings.GetAsync(ct);
        if (settings.Provider == AiProvider.None)
        {
            return new("ai", "AI provider", Ok, "None: drafts come from the built-in templates.", FixUrl: AiPage, FixLabel: "Settings → AI");
        }

        var name = $"{settings.ProviderName} ({settings.ModelName})";
        var needsKey = settings.Provider == AiProvider.Anthropic || AiSettingsStore.SameAddress(settings.BaseUrl, AiOptions.DefaultBaseUrl(AiProvider.OpenAI));
        if (needsKey && string.IsNullOrEmpty(settings.ApiKey))
        {
            return new("ai", name, Problem, "No API key is set: every generation will be refused.", "Enter the provider's API key.", AiPage, "Settings → AI");
        }

        if (await aiUsage.MonthAsync(settings, ct) is { Budget: var budget, Spent: var spent } month)
        {
            if (month.IsUsedUp)
            {
                return new("ai", name, Problem, $"This month's budget of {budget:0.00} USD is used up ({spent:0.00##} USD spent): generation is refused until the 1st.",
                    "Raise the monthly budget if more is needed.", AiPage, "Settings → AI");
            }

            if (spent >= budget * 0.8m)
            {
                return new("ai", name, Warning, $"{spent:0.00##} of this month's {budget:0.00} USD budget is spent.",
                    "Raise the monthly budget if the month needs more.", AiPage, "Settings → AI");
            }

            return new("ai", name, Ok, $"{settings.BaseUrl}; {spent:0.00##} of {budget:0.00} USD spent this month.");
        }

        return new("ai", name, Ok, $"{settings.BaseUrl}; no monthly budget set.");
    }
}
