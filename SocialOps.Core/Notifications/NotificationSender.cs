using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SocialOps.Core.Notifications;

/// <summary>
/// Drains the outbox on every instance. A pass claims due rows with one conditional update (only rows nobody holds,
/// or whose holder's lease ran out), which SQLite's single writer and PostgreSQL's row locks both make exclusive, then
/// sends what it won: each row alone, or a burst to one channel as one digest. A failed send waits with a doubling
/// backoff; sending never runs on the publisher's path. A pass starts as soon as this instance queues something
/// (<see cref="OutboxSignal"/>), and otherwise every <see cref="NotificationOptions.PollInterval"/> for retries that
/// fell due and rows another instance queued and could not send.
/// </summary>
public sealed partial class NotificationSender(
    IDbContextFactory<SocialOpsDbContext> contexts, ChannelTransport transport, OutboxSignal signal, IOptions<NotificationOptions> options,
    TimeProvider time, ILogger<NotificationSender> logger) : BackgroundService
{
    private const int BatchSize = 20;
    public const string DigestEvent = "digest";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Task queued;
        do
        {
            // Taken before the pass: what is queued while it runs starts the next one at once.
            queued = signal.NextAsync();
            try
            {
                while (await DrainOnceAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, ex);
            }
        }
        while (await NextPassAsync(queued, stoppingToken));
    }

    private async Task<bool> NextPassAsync(Task queued, CancellationToken stoppingToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var poll = Task.Delay(options.Value.PollInterval, time, waiting.Token);
        await Task.WhenAny(queued, poll);
        await waiting.CancelAsync();
        return !stoppingToken.IsCancellationRequested;
    }

    /// <summary>One pass: claims up to a batch of due rows and sends them; how many rows it claimed.</summary>
    public async Task<int> DrainOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var token = Guid.NewGuid().ToString("N");
        List<NotificationDelivery> claimed;
        Dictionary<int, NotificationChannel> channels;
        Dictionary<string, NotificationChannel> people;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var deliveries = db.Set<NotificationDelivery>();
            var due = await deliveries
                .Where(d => d.SentAt == null && d.GaveUpAt == null && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now))
                .OrderBy(d => d.Id).Select(d => d.Id).Take(BatchSize).ToListAsync(ct);
            if (due.Count == 0)
            {
                return 0;
            }

            // The same condition again inside the update: of two instances racing for a row, only one changes it.
            var lease = now + (o.SendTimeout * BatchSize) + TimeSpan.FromMinutes(1);
            await deliveries
                .Where(d => due.Contains(d.Id) && d.SentAt == null && (d.ClaimedUntil == null || d.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimToken, token).SetProperty(d => d.ClaimedUntil, lease), ct);
            claimed = await deliveries.AsNoTracking().Where(d => d.ClaimToken == token).OrderBy(d => d.Id).ToListAsync(ct);
            var channelIds = claimed.Where(d => d.ChannelId != null).Select(d => d.ChannelId!.Value).Distinct().ToList();
            channels = await db.Set<NotificationChannel>().AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);

            // A person's own email goes to their address as it is now, like an email channel of one.
            var userIds = claimed.Where(d => d.UserId != null).Select(d => d.UserId!).Distinct().ToList();
            people = (await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && u.Email != null).Select(u => new { u.Id, u.Email }).ToListAsync(ct))
                .ToDictionary(u => u.Id, u => new NotificationChannel { Kind = ChannelKind.Email, Name = u.Email!, To = u.Email });
        }

        foreach (var group in claimed.GroupBy(d => (d.ChannelId, d.UserId)))
        {
            var channel = group.Key.ChannelId is { } channelId ? channels.GetValueOrDefault(channelId) : people.GetValueOrDefault(group.Key.UserId!);
            if (channel is null)
            {
                continue; // removed meanwhile: its rows go with it
            }

            var rows = group.ToList();
            var recent = await SentSinceAsync(group.Key.ChannelId, group.Key.UserId, now - TimeSpan.FromMinutes(1), ct);
            if (rows.Count > 1 && rows.Count + recent > o.DigestAbove)
            {
                var error = await transport.SendAsync(channel, ChannelMessages.Digest(rows, now), ct);
                await SettleAsync(rows, token, error, digest: true, ct);
            }
            else
            {
                foreach (var row in rows)
                {
                    var error = await transport.SendAsync(channel, ToMessage(row), ct);
                    await SettleAsync([row], token, error, digest: false, ct);
                }
            }
        }

        return claimed.Count;
    }

    private static NotificationMessage ToMessage(NotificationDelivery d) => new(d.Event, d.EventKey, d.Text, d.PostId, d.Url, d.OccurredAt);

    private async Task<int> SentSinceAsync(int? channelId, string? userId, DateTimeOffset since, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Set<NotificationDelivery>().CountAsync(d => d.ChannelId == channelId && d.UserId == userId && d.SentAt != null && d.SentAt >= since, ct);
    }

    /// <summary>Marks the rows sent, or schedules their next attempt (or gives them up) with the error; only rows this pass still holds.</summary>
    private async Task SettleAsync(IReadOnlyList<NotificationDelivery> rows, string token, string? error, bool digest, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var mine = db.Set<NotificationDelivery>().Where(d => ids.Contains(d.Id) && d.ClaimToken == token);
        if (error is null)
        {
            await mine.ExecuteUpdateAsync(s => s.SetProperty(d => d.SentAt, now).SetProperty(d => d.InDigest, digest)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.ClaimToken, (string?)null).SetProperty(d => d.ClaimedUntil, (DateTimeOffset?)null), ct);
            return;
        }

        // Rows sent together failed together; each keeps its own count of attempts.
        foreach (var row in rows)
        {
            var attempts = row.Attempts + 1;
            var wait = Backoff(attempts, o);
            DateTimeOffset? gaveUp = attempts >= o.MaxAttempts ? now : null;
            var next = now + wait;
            var clipped = error.Length > 1000 ? error[..1000] : error;
            await mine.Where(d => d.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Attempts, attempts).SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.LastError, clipped).SetProperty(d => d.GaveUpAt, gaveUp)
                .SetProperty(d => d.ClaimToken, (string?)null).SetProperty(d => d.ClaimedUntil, (DateTimeOffset?)null), ct);
            LogSendFailed(logger, row.Event, row.ChannelId is { } c ? $"channel {c}" : "a person's own address", attempts, error);
        }
    }

    /// <summary>The wait after the <paramref name="attempts"/>-th failure: the first backoff, doubled each time, capped.</summary>
    public static TimeSpan Backoff(int attempts, NotificationOptions o)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var wait = TimeSpan.FromTicks((long)Math.Min(o.FirstBackoff.Ticks * factor, o.MaxBackoff.Ticks));
        return wait;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {Event} to {Recipient} failed (attempt {Attempts}): {Error}")]
    private static partial void LogSendFailed(ILogger logger, string @event, string recipient, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "A pass over the notification outbox failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}

/// <summary>Tells this instance's <see cref="NotificationSender"/> that the outbox has new rows.</summary>
public sealed class OutboxSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Raise"/>.</summary>
    public Task NextAsync() => Volatile.Read(ref _next).Task;

    public void Raise() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
