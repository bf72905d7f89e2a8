using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SocialOps.Core.Common;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Scheduling;
using SocialOps.Core.Workflow;
using SocialOps.Tests.Harness;
using SocialOps.Web.Components.Layout;

namespace SocialOps.Tests.Components;

/// <summary>The Review link's badge over the app's real services: what waits for approval shows, live, and is announced.</summary>
public sealed class ReviewBadgeTests : BunitTest, IAsyncLifetime
{
    private static readonly Actor Editor = new("ed@example.com", "user-ed", Access: Access.Editor);
    private static readonly Actor Approver = new("ava@example.com", "user-ava", Access: Access.Approver);
    private readonly SocialOpsAppFactory _app = new();

    public ReviewBadgeTests()
    {
        _app.Settings["Workflow:RequireApproval"] = "true";
        Services.AddSingleton(_app.Services.GetRequiredService<Approvals>());
        Services.AddSingleton(_app.Services.GetRequiredService<EventBus>());
        Services.AddSingleton(_app.Services.GetRequiredService<LiveUpdatesStatus>());
    }

    private async Task<int> SubmitAsync(string text)
    {
        var due = TimeProvider.System.GetUtcNow().AddDays(2).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var (result, errors) = await _app.Services.GetRequiredService<SchedulingService>().ScheduleAsync(new ScheduleRequest("sandbox", text, due, "UTC"), Editor);
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        Assert.Equal("PendingApproval", result!.Status);
        return result.Id;
    }

    [Fact]
    public async Task APostSubmittedForApprovalShowsOnTheBadgeAndIsAnnouncedAndApprovingClearsIt()
    {
        var first = await SubmitAsync("Winter blend is back");
        var badge = Render<ReviewBadge>();
        badge.WaitForAssertion(() => Assert.Equal("1", badge.Find("[data-testid=review-pending-count]").TextContent));
        var snackbar = Services.GetRequiredService<ISnackbar>();
        Assert.Empty(snackbar.ShownSnackbars);

        await SubmitAsync("Single origin from Huila");

        badge.WaitForAssertion(() => Assert.Equal("2", badge.Find("[data-testid=review-pending-count]").TextContent));
        var notice = Assert.Single(snackbar.ShownSnackbars);
        Assert.Equal("A post waits for your approval.", notice.Message);

        var approvals = _app.Services.GetRequiredService<Approvals>();
        var version = (await approvals.PendingAsync()).Single(p => p.Id == first).Version;
        var approved = await approvals.ApproveAsync(first, new ApproveRequest(version), Approver);
        Assert.Empty(approved!.Value.Errors);
        badge.WaitForAssertion(() => Assert.Equal("1", badge.Find("[data-testid=review-pending-count]").TextContent));
        Assert.Single(snackbar.ShownSnackbars);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _app.DisposeAsync();
    }
}
