using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SocialOps.Core.Common;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Identity;
using SocialOps.Core.Inbox;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Inbox;
using SocialOps.Web.Components.Layout;

namespace SocialOps.Tests.Components;

/// <summary>Assignment as teammates see it: names rather than email addresses, and a notice on the assignee's open page.</summary>
public sealed class AssignmentNoticesTests : BunitTest, IAsyncLifetime
{
    private readonly SocialOpsAppFactory _app = new();
    private string _maya = "";
    private string _sam = "";

    public AssignmentNoticesTests() => Services.AddSingleton(_app.Services.GetRequiredService<EventBus>());

    public async Task InitializeAsync()
    {
        _maya = await UserAsync("maya.lopez@example.com", "Maya Lopez");
        _sam = await UserAsync("sam.k@example.com", null);
    }

    private async Task<string> UserAsync(string email, string? displayName)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(email, "A-long-password-1", Roles.Editor, Actor.System);
        var id = user?.Id ?? throw new InvalidOperationException(string.Join(" ", errors));
        await _app.DbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == id)).DisplayName = displayName;
            return await db.SaveChangesAsync();
        });
        return id;
    }

    [Fact]
    public async Task AssigneesAreShownByTheirNameOrTheStartOfTheirEmail()
    {
        var names = await _app.Services.GetRequiredService<InboxQueries>().AssigneesAsync();

        Assert.Contains((_maya, "Maya Lopez"), names);
        Assert.Contains((_sam, "sam.k"), names);
        Assert.DoesNotContain(names, n => n.Name.Contains('@', StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheAssigneeIsToldOnTheirOpenPageAndNobodyElseIs()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("sam.k@example.com");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _sam));
        Render<AssignmentNotices>();
        var snackbar = Services.GetRequiredService<ISnackbar>();
        var inbox = _app.Services.GetRequiredService<InboxService>();
        var now = TimeProvider.System.GetUtcNow();
        var first = await _app.CommentAsync("Arrived broken", Intent.Complaint, SentimentLabel.Negative, now);
        var second = await _app.CommentAsync("Still waiting", Intent.Complaint, SentimentLabel.Negative, now);

        await inbox.AssignAsync([first], _sam, new Actor("maya.lopez@example.com", _maya, Access: Access.Editor));

        // The notice arrives through the bus on another thread and shows through the snackbar service, which does not
        // render this component again: wait for the snackbar itself.
        for (var waited = 0; !snackbar.ShownSnackbars.Any() && waited < 100; waited++)
        {
            await Task.Delay(100);
        }

        Assert.Equal("Maya Lopez assigned you an inbox item.", Assert.Single(snackbar.ShownSnackbars).Message);
        await inbox.AssignAsync([second], _sam, new Actor("sam.k@example.com", _sam, Access: Access.Editor));
        await inbox.AssignAsync([first], _maya, new Actor("sam.k@example.com", _sam, Access: Access.Editor));
        await Task.Delay(300);
        Assert.Single(snackbar.ShownSnackbars);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _app.DisposeAsync();
    }
}
