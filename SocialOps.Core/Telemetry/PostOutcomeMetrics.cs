using Microsoft.Extensions.Hosting;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;

namespace SocialOps.Core.Telemetry;

/// <summary>
/// Feeds the outcome counters from the one place every post's state change is announced: the bus, after the commit.
/// Only this instance's own events count, so that summing the instances' series counts each outcome once.
/// </summary>
public sealed class PostOutcomeMetrics(EventBus bus, SocialOpsMeter meter) : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.SubscribeLocal<PostStatusChanged>(batch =>
        {
            foreach (var e in batch)
            {
                meter.Record(e);
            }

            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _subscription = null;
    }
}
