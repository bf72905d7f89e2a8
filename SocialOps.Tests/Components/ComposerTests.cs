using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SocialOps.Core.Analytics;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Harness;
using SocialOps.Web.Components.Pages.Compose;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Components;

/// <summary>The composer's messages, over the app's real services and a real SQLite file.</summary>
public sealed class ComposerTests : BunitTest, IAsyncLifetime
{
    private readonly SocialOpsAppFactory _app = new();
    private readonly BunitAuthorizationContext _auth;

    public ComposerTests()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<CalendarQueries>());
        Services.AddSingleton(_app.Services.GetRequiredService<PostPlanner>());
        Services.AddSingleton(_app.Services.GetRequiredService<SchedulingService>());
        Services.AddSingleton(_app.Services.GetRequiredService<SocialOps.Core.Scheduling.PostingQueues>());
        Services.AddSingleton(_app.Services.GetRequiredService<SchedulerReports>());
        Services.AddSingleton(_app.Services.GetRequiredService<MediaStore>());
        Services.AddSingleton(_app.Services.GetRequiredService<UserPreferences>());
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<UserClock>();
        _auth = AddAuthorization();
        _auth.SetAuthorized("ed@example.com");
        _auth.SetRoles(Roles.Editor);
    }

    private IRenderedComponent<Compose> Open(string query)
    {
        Render<MudPopoverProvider>();
        Services.GetRequiredService<NavigationManager>().NavigateTo($"compose{query}");
        return Render<Compose>();
    }

    private async Task<int> PostCountAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        return await db.Posts.CountAsync();
    }

    [Fact]
    public void ThePreviewShowsTheChosenAccountAndTheTextAsTyped()
    {
        var composer = Open("?at=2030-06-01T10:00");

        composer.Find("textarea").Input("Fresh roast with @maya #coffee");

        composer.WaitForAssertion(() =>
        {
            var preview = composer.Find("[data-testid=preview-sandbox]");
            Assert.Equal("S", preview.QuerySelector("[data-testid=preview-avatar]")!.TextContent);
            Assert.Contains("Sandbox", preview.QuerySelector("header")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("#coffee", preview.QuerySelector("[data-kind=hashtag]")!.TextContent);
        });
    }

    [Fact]
    public async Task AnEmptyPostIsRefusedNextToTheTextAndNothingIsScheduled()
    {
        var composer = Open("?at=2030-06-01T10:00");

        composer.Find("[data-testid=compose-schedule]").Click();

        composer.WaitForAssertion(() => Assert.Contains("Sandbox: The post is empty.", composer.Find("[data-testid=content-error]").TextContent, StringComparison.Ordinal));
        Assert.Equal(0, await PostCountAsync());
    }

    [Fact]
    public async Task TextOverThePlatformLimitIsCountedAndRefused()
    {
        var composer = Open("?at=2030-06-01T10:00");

        composer.Find("textarea").Input(new string('a', 5001));
        composer.Find("[data-testid=compose-schedule]").Click();

        composer.WaitForAssertion(() => Assert.Contains("5001 / 5000", composer.Find("[data-testid=counter-sandbox]").TextContent, StringComparison.Ordinal));
        Assert.Contains("5001 characters is over Sandbox's limit of 5000.", composer.Find("[data-testid=content-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await PostCountAsync());
    }

    [Fact]
    public async Task ATimeInThePastIsRefused()
    {
        var composer = Open("?at=2020-06-01T10:00");

        composer.Find("textarea").Input("Too late");
        composer.Find("[data-testid=compose-schedule]").Click();

        composer.WaitForAssertion(() => Assert.Contains("is in the past", composer.Find("[data-testid=time-error]").TextContent, StringComparison.Ordinal));
        Assert.Equal(0, await PostCountAsync());
    }

    [Fact]
    public async Task ATimeInTheSpringForwardGapOfTheUsersZoneSaysWhatItBecomes()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync("ed@example.com", "correct-horse-42-battery", Roles.Editor, Actor.System);
            Assert.True(user is not null, string.Join(" ", errors));
            Assert.Null(await _app.Services.GetRequiredService<UserPreferences>().SetTimeZoneAsync(new Actor("person", user.Id, Access: Access.Analyst), "Europe/Berlin"));
            _auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id));
        }

        var composer = Open("?at=2031-03-30T02:30");

        composer.WaitForAssertion(() => Assert.Equal(
            "02:30 does not exist on 30 Mar (clocks go forward); it becomes 03:30.", composer.Find("[data-testid=time-note]").TextContent));
    }

    [Fact]
    public async Task AValidPostIsScheduledAndLeavesForTheCalendar()
    {
        var composer = Open("?at=2030-06-01T10:00");

        composer.Find("textarea").Input("All good");
        composer.Find("[data-testid=compose-schedule]").Click();

        composer.WaitForAssertion(() => Assert.EndsWith("calendar?date=2030-06-01", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        Assert.Equal(1, await PostCountAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's popover services dispose only asynchronously.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _app.DisposeAsync();
    }
}
