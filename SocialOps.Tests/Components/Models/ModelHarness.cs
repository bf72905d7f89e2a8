using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Components.Models;

public static class ModelHarness
{
    /// <summary>
    /// The clock a page model formats and places times with: the zone <paramref name="userId"/> chose, or UTC for
    /// someone who has not chosen one.
    /// </summary>
    public static async Task<UserClock> ClockAsync(SocialOpsAppFactory app, string? userId = null)
    {
        var clock = new UserClock(new SignedIn(userId), app.Services.GetRequiredService<UserPreferences>(), TimeProvider.System);
        await clock.EnsureLoadedAsync();
        return clock;
    }

    private sealed class SignedIn(string? userId) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(
            new ClaimsPrincipal(userId is null ? new ClaimsIdentity() : new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"))));
    }
}
