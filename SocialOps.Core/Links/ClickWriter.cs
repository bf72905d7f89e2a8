using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialOps.Core.Common.Events;

namespace SocialOps.Core.Links;

/// <summary>
/// Writes counted clicks in batches: it waits for the first click, gathers for <see cref="LinkOptions.FlushInterval"/>,
/// then adds the sums to each link and each link's day in one transaction. A batch that fails to save is kept and tried
/// again; at a graceful stop everything still queued is written before the app exits, so a restart loses no click.
/// </summary>
public sealed partial class ClickWriter(
    ClickCounter counter, IDbContextFactory<SocialOpsDbContext> contexts, IOptions<LinkOptions> options, TimeProvider time, ILogger<ClickWriter> logger,
    EventBus bus)
    : BackgroundService
{
    private readonly Dictionary<Click, long> _pending = [];
    private readonly SemaphoreSlim _writing = new(1, 1);
    private bool _disposed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = counter.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(options.Value.FlushInterval, time, stoppingToken);
                await FlushAsync(stoppingToken);
                counter.ForgetExpired();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host disposed before it was stopped (tests that tear down without stopping) has nothing left to stop.
        if (Volatile.Read(ref _disposed))
        {
            return;
        }

        await base.StopAsync(cancellationToken);
        await FlushAsync(CancellationToken.None);
        if (_pending.Count > 0)
        {
            var lost = _pending.Values.Sum();
            LogLost(logger, lost);
        }
    }

    // The semaphore is left to the collector: a stop that races the disposal must still be able to wait on it.
    public override void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        base.Dispose();
    }

    /// <summary>Writes everything queued so far (tests and the stop call it; the loop calls it after each gathering window).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            while (counter.Reader.TryRead(out var click))
            {
                _pending[click] = _pending.GetValueOrDefault(click) + 1;
            }

            if (_pending.Count == 0)
            {
                return;
            }

            try
            {
                var total = _pending.Values.Sum();
                await WriteAsync(_pending, ct);
                LogWritten(logger, total, _pending.Count);
                _pending.Clear();
                bus.Publish(new ClicksCounted(total, time.GetUtcNow()));
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                var kept = _pending.Values.Sum();
                LogWriteFailed(logger, kept, ex);
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task WriteAsync(Dictionary<Click, long> clicks, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (linkId, count) in clicks.GroupBy(c => c.Key.LinkId).Select(g => (g.Key, g.Sum(c => c.Value))))
        {
            await db.Set<TrackedLink>().Where(l => l.Id == linkId).ExecuteUpdateAsync(s => s.SetProperty(l => l.Clicks, l => l.Clicks + count), ct);
        }

        foreach (var (click, count) in clicks)
        {
            var updated = await db.Set<LinkClickDay>().Where(d => d.LinkId == click.LinkId && d.Day == click.Day)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Clicks, d => d.Clicks + count), ct);
            if (updated == 0)
            {
                db.Add(new LinkClickDay { LinkId = click.LinkId, Day = click.Day, Clicks = count });
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote {Clicks} link clicks ({Rows} link-days)")]
    private static partial void LogWritten(ILogger logger, long clicks, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Clicks} link clicks failed; they are kept and tried again")]
    private static partial void LogWriteFailed(ILogger logger, long clicks, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopping with {Clicks} link clicks that could not be written")]
    private static partial void LogLost(ILogger logger, long clicks);
}

/// <summary>A batch of counted clicks was written (<see cref="Clicks"/> of them): pages showing tracked clicks re-read them.</summary>
public sealed record ClicksCounted(long Clicks, DateTimeOffset At) : IEvent;
