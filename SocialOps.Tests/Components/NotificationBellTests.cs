using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Identity;
using SocialOps.Core.Notifications;
using SocialOps.Tests.Harness;
using SocialOps.Web.Components.Layout;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Components;

/// <summary>The bell in the top bar over the app's real services: the unread count shows, follows new notifications live, and clears when read.</summary>
public sealed class NotificationBellTests : BunitTest, IAsyncLifetime
{
    private readonly SocialOpsAppFactory _app = new();
    // How long to wait for the bus and the database on a busy machine: an outcome waited for, not a speed promised.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private string _ava = "";

    public NotificationBellTests()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<UserNotifications>());
        Services.AddSingleton(_app.Services.GetRequiredService<EventBus>());
        Services.AddSingleton(_app.Services.GetRequiredService<LiveUpdatesStatus>());
        Services.AddSingleton(_app.Services.GetRequiredService<UserPreferences>());
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<UserClock>();
    }

    public async Task InitializeAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync("ava@example.com", "A-long-password-1", Roles.Approver, Actor.System);
        _ava = user?.Id ?? throw new InvalidOperationException(string.Join(" ", errors));
    }

    private Task<int> WaitingAsync(int postId) => _app.Services.GetRequiredService<NotificationOutbox>().EnqueueAsync(new NotificationMessage(
        NotificationEvents.ApprovalWaiting, $"approval.waiting:{postId}:1", $"Post {postId} waits for approval.", postId, null, TimeProvider.System.GetUtcNow()));

    [Fact]
    public async Task TheBadgeCountsUnreadNotificationsLiveAndClearsWhenTheyAreRead()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("ava@example.com");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _ava));
        await WaitingAsync(1);

        var bell = Render<NotificationBell>();
        bell.WaitForAssertion(() => Assert.Equal("1", bell.Find("[data-testid=notification-count] .mud-badge").TextContent.Trim()), Patience);

        await WaitingAsync(2);
        bell.WaitForAssertion(() => Assert.Equal("2", bell.Find("[data-testid=notification-count] .mud-badge").TextContent.Trim()), Patience);

        await _app.Services.GetRequiredService<UserNotifications>().MarkReadAsync(new Actor("ava@example.com", _ava, Access: Access.Approver), null);
        bell.WaitForAssertion(() => Assert.Empty(bell.FindAll("[data-testid=notification-count] .mud-badge")), Patience);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _app.DisposeAsync();
    }
}
