using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialOps.Core.Ai;
using SocialOps.Core.Common.Events;

namespace SocialOps.Core.Notifications;

/// <summary>
/// Checks the AI budget as soon as this instance records spending, so ai.budget_reached goes out with the call that
/// used the budget up rather than at the next periodic check. The occurrence's key is the month's, so the periodic
/// check and this one queue it once between them.
/// </summary>
public sealed partial class BudgetNotifications(EventBus bus, WatchNotifications watch, ILogger<BudgetNotifications> logger) : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.SubscribeLocal<AiSpendingRecorded>(async _ =>
        {
            try
            {
                await watch.CheckBudgetAsync();
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or TimeoutException)
            {
                LogCheckFailed(logger, ex);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _subscription?.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking the AI budget after recorded spending failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception ex);
}
