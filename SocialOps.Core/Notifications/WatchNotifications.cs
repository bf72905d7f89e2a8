using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialOps.Core.Ai;
using SocialOps.Core.Operations;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Notifications;

/// <summary>
/// Looks every <see cref="NotificationOptions.CheckInterval"/> for what no single change announces: a token that ends
/// within 7 days, a sign-in the platform refused to renew, a connection not read for three poll intervals, and a used-up
/// AI budget. It reads them as the health report does and queues each occurrence under a key of its own (the token's
/// end, the last successful read, the month), so checking again, or on several instances, queues it once.
/// </summary>
public sealed partial class WatchNotifications(
    IDbContextFactory<SocialOpsDbContext> contexts, NotificationOutbox outbox, ConnectionStore connections, AiSettingsStore aiSettings,
    AiUsageService aiUsage, IOptions<NotificationOptions> options, IOptions<ConnectorOptions> connectors, TimeProvider time,
    ILogger<WatchNotifications> logger) : BackgroundService
{
    /// <summary>The first check waits this long after start-up, so it does not compete with the start.</summary>
    public static readonly TimeSpan FirstCheckAfter = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstCheckAfter, time, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await CheckOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogCheckFailed(logger, ex);
                }

                // A wait after each round, not a ticking timer: a clock that jumps costs one round, not one per interval missed.
                await Task.Delay(options.Value.CheckInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round of every check; how many outbox rows it added.</summary>
    public async Task<int> CheckOnceAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        List<PlatformAccount> accounts;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            accounts = await db.PlatformAccounts.AsNoTracking().Where(a => a.RemovedAt == null && a.IsActive).OrderBy(a => a.Id).ToListAsync(ct);
        }

        var added = 0;
        foreach (var a in accounts)
        {
            foreach (var message in ConnectionMessages(a, now))
            {
                added += await outbox.EnqueueAsync(message, ct);
            }
        }

        if (await BudgetMessageAsync(now, ct) is { } budget)
        {
            added += await outbox.EnqueueAsync(budget, ct);
        }

        return added;
    }

    private IEnumerable<NotificationMessage> ConnectionMessages(PlatformAccount a, DateTimeOffset now)
    {
        var name = $"{a.DisplayName} ({a.Platform})";
        var url = Link(HealthReportService.ConnectionsPage);
        var (expires, renews) = a.PublishesToSandbox ? (null, false) : connections.TokenOf(a);

        if (ConnectionStore.RenewalFailed(a))
        {
            // One message per token the platform would not renew: failing again on the same token is the same occurrence.
            var of = expires is { } e ? e.UtcTicks : a.LastErrorAt!.Value.UtcTicks;
            yield return new NotificationMessage(NotificationEvents.ConnectionRenewalFailed,
                $"{NotificationEvents.ConnectionRenewalFailed}:{a.Id}:{of}",
                $"The sign-in of {name} could not be renewed: nothing is published to it or read from it until it is reconnected.\n\n"
                + $"{a.LastError}\n\nReconnect {a.DisplayName} in Settings → Connections (sign in to {a.Platform} again).",
                null, url, a.LastErrorAt!.Value);
        }
        else if (expires is { } end && !a.IsPaused && HealthReportService.ExpiresSoon(end, renews, now))
        {
            var when = end <= now ? $"expired at {end:yyyy-MM-dd HH:mm} UTC" : $"expires at {end:yyyy-MM-dd HH:mm} UTC and cannot renew itself";
            yield return new NotificationMessage(NotificationEvents.ConnectionExpiring,
                $"{NotificationEvents.ConnectionExpiring}:{a.Id}:{end.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}",
                $"The access token of {name} {when}.\n\nReconnect {a.DisplayName} in Settings → Connections before then: "
                + "once it has expired nothing can be published to it or read from it.",
                null, url, now);
        }

        var interval = connectors.Value.PollInterval;
        if (HealthReportService.IsIngested(a) && HealthReportService.IsStalled(a, now, interval))
        {
            var since = a.LastSyncedAt is { } last ? $"has not been read since {last:yyyy-MM-dd HH:mm} UTC" : "has never been read since it was added";
            yield return new NotificationMessage(NotificationEvents.IngestionStalled,
                $"{NotificationEvents.IngestionStalled}:{a.Id}:{(a.LastSyncedAt ?? a.CreatedAt).UtcTicks}",
                $"{name} {since} ({HealthReportService.StalledIntervals} intervals of {interval:c} have passed): new comments and metrics are not arriving.\n\n"
                + $"Check that a scheduler instance is running (Health), then use Fetch now on {a.DisplayName} in Settings → Connections."
                + (ConnectionView.StatusOf(a) == "error" ? $"\n\nThe last call failed: {a.LastError}" : ""),
                null, url, now);
        }
    }

    /// <summary>Queues ai.budget_reached if this month's spending has reached the budget; how many outbox rows it added.</summary>
    public async Task<int> CheckBudgetAsync(CancellationToken ct = default) =>
        await BudgetMessageAsync(time.GetUtcNow(), ct) is { } budget ? await outbox.EnqueueAsync(budget, ct) : 0;

    private async Task<NotificationMessage?> BudgetMessageAsync(DateTimeOffset now, CancellationToken ct)
    {
        var settings = await aiSettings.GetAsync(ct);
        if (settings.Provider == AiProvider.None || await aiUsage.MonthAsync(settings, ct) is not { IsUsedUp: true } month)
        {
            return null;
        }

        var name = month.Month.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return new NotificationMessage(NotificationEvents.AiBudgetReached, $"{NotificationEvents.AiBudgetReached}:{name}",
            $"This month's AI budget of {month.Budget:0.00} USD is used up ({month.Spent:0.00##} USD spent): AI drafts and replies are refused until the 1st.\n\n"
            + "An Admin can raise the monthly budget in Settings → AI.",
            null, Link(HealthReportService.AiPage), now);
    }

    private string? Link(string page) => options.Value.PublicBaseUrl?.TrimEnd('/') is { } baseUrl ? baseUrl + page : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "A check for connection, ingestion and AI budget notifications failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
