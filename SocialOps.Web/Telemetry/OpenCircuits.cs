using Microsoft.AspNetCore.Components.Server.Circuits;
using SocialOps.Core.Telemetry;

namespace SocialOps.Web.Telemetry;

/// <summary>Counts the browser sessions (circuits) open on this instance: <c>socialops_circuits_open</c>.</summary>
internal sealed class OpenCircuits(SocialOpsMeter meter) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        meter.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        meter.CircuitEnded();
        return Task.CompletedTask;
    }
}
