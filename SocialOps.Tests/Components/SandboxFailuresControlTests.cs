using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing.Sandbox;
using SocialOps.Tests.Harness;
using SocialOps.Web.Components.Shared;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Components;

/// <summary>The Sandbox failures control over the app's real services: arm, watch the count go down, disarm, refusals.</summary>
public sealed class SandboxFailuresControlTests : BunitTest, IAsyncLifetime
{
    private readonly SocialOpsAppFactory _app = new();
    private readonly BunitAuthorizationContext _auth;

    public SandboxFailuresControlTests()
    {
        foreach (var type in new[] { typeof(SandboxFailures), typeof(EventBus), typeof(UserPreferences) })
        {
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        }

        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<UserClock>();
        _auth = AddAuthorization();
        _auth.SetAuthorized("ed@example.com");
        _auth.SetRoles(Roles.Editor);
    }

    private SandboxFailures Failures => _app.Services.GetRequiredService<SandboxFailures>();

    private IRenderedComponent<SandboxFailuresControl> Open()
    {
        var control = Render<SandboxFailuresControl>();
        control.WaitForAssertion(() => Assert.Equal("Off", control.Find("[data-testid=sandbox-failures-state]").TextContent.Trim()));
        return control;
    }

    private static string State(IRenderedComponent<SandboxFailuresControl> control) =>
        string.Join(' ', control.Find("[data-testid=sandbox-failures-state]").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task ArmingShowsWhatRemainsAsFailuresAreUsedAndDisarmingTurnsItOff()
    {
        var control = Open();

        control.Find("input[data-testid=sandbox-failures-count], [data-testid=sandbox-failures-count] input").Change("2");
        control.Find("[data-testid=sandbox-failures-arm]").Click();

        control.WaitForAssertion(() => Assert.Equal("Armed · transient · 2 left", State(control)));
        Assert.Contains("The next 2 Sandbox publications and replies fail as transient", control.Find("[data-testid=sandbox-failures-summary]").TextContent, StringComparison.Ordinal);
        var armed = await Failures.CurrentAsync();
        Assert.Equal((SandboxFailureMode.Transient, 2), (armed.Mode, armed.Remaining));

        // A publication elsewhere uses one: the control counts down by itself.
        Assert.Equal(SandboxFailureMode.Transient, await Failures.TakeAsync(CancellationToken.None));
        control.WaitForAssertion(() => Assert.Equal("Armed · transient · 1 left", State(control)));

        control.Find("[data-testid=sandbox-failures-disarm]").Click();

        control.WaitForAssertion(() => Assert.Equal("Off", State(control)));
        Assert.False((await Failures.CurrentAsync()).IsArmed);
        Assert.Empty(control.FindAll("[data-testid=sandbox-failures-disarm]"));
    }

    [Fact]
    public async Task AnAnalystWhoTriesToArmIsToldWhyAndNothingIsArmed()
    {
        _auth.SetRoles(Roles.Analyst);
        var snackbars = Render<MudSnackbarProvider>();
        var control = Open();

        control.Find("[data-testid=sandbox-failures-arm]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("This needs the Editor role", snackbars.Markup, StringComparison.Ordinal));
        Assert.Equal("Off", State(control));
        Assert.False((await Failures.CurrentAsync()).IsArmed);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _app.DisposeAsync();
    }
}
