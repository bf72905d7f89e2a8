using Bunit;
using MudBlazor.Services;

namespace SocialOps.Tests.Components;

/// <summary>bunit with MudBlazor's services and loose JS interop, as MudBlazor's own tests use.</summary>
public abstract class BunitTest : BunitContext
{
    protected BunitTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }
}
