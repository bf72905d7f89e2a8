using Microsoft.JSInterop;

namespace SocialOps.Web.Components;

/// <summary>Releasing a component's JavaScript module when the component goes.</summary>
public static class JsModules
{
    /// <summary>Runs <paramref name="cleanUp"/> and disposes the module. Once the circuit is gone, so is everything in the browser: nothing to release.</summary>
    public static async ValueTask ReleaseAsync(this IJSObjectReference? module, Func<IJSObjectReference, ValueTask>? cleanUp = null)
    {
        try
        {
            if (module is null)
            {
                return;
            }

            if (cleanUp is not null)
            {
                await cleanUp(module);
            }

            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone.
        }
    }
}
