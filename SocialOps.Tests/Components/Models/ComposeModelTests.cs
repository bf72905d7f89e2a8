using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Analytics;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Web.Components;
using SocialOps.Web.Components.Pages.Compose;

namespace SocialOps.Tests.Components.Models;

/// <summary>The composer's model over the app's real services and a real SQLite file, in UTC, no browser.</summary>
public sealed class ComposeModelTests : IAsyncLifetime
{
    private static readonly Actor Editor = new("ed@example.com", "user-ed", Access: Access.Editor);
    private readonly SocialOpsAppFactory _app = new();
    private int _mastodon;
    private int _bluesky;

    public async Task InitializeAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var mastodon = new PlatformAccount { Platform = Platform.Mastodon, DisplayName = "Roastery", ExternalId = "m", IsSandbox = true };
        var bluesky = new PlatformAccount { Platform = Platform.Bluesky, DisplayName = "Beans", ExternalId = "b", IsSandbox = true };
        db.PlatformAccounts.AddRange(mastodon, bluesky);
        await db.SaveChangesAsync();
        (_mastodon, _bluesky) = (mastodon.Id, bluesky.Id);
    }

    private async Task<ComposeModel> OpenAsync(string? at = "2030-06-05T10:30", int? id = null)
    {
        var services = _app.Services;
        var model = new ComposeModel(id, services.GetRequiredService<CalendarQueries>(), services.GetRequiredService<PostPlanner>(),
            services.GetRequiredService<SchedulingService>(), services.GetRequiredService<SchedulerReports>(), services.GetRequiredService<MediaStore>(),
            await ModelHarness.ClockAsync(_app), TimeProvider.System);
        await model.InitializeAsync(at, null);
        return model;
    }

    private static ComposeModel.Target Target(ComposeModel model, int accountId) => model.Targets.Single(t => t.AccountId == accountId);

    private Task<int> PostCountAsync() => _app.DbAsync(db => db.Posts.CountAsync());

    [Fact]
    public async Task TheComposerOffersEveryAccountAndStartsAtTheSlotAsked()
    {
        var model = await OpenAsync();

        Assert.Equal(["Bluesky · Beans (Sandbox)", "Mastodon · Roastery (Sandbox)"], model.Targets.Select(t => t.Name));
        Assert.Empty(model.Selected);
        Assert.Equal((new DateTime(2030, 6, 5), new TimeSpan(10, 30, 0), "UTC"), (model.Date, model.TimeOfDay, model.Zone));
        Assert.False(model.Dirty);
    }

    [Fact]
    public async Task EachPlatformCountsItsOwnTextAgainstItsOwnLimit()
    {
        var model = await OpenAsync();
        await model.ToggleAsync(Target(model, _mastodon));
        await model.ToggleAsync(Target(model, _bluesky));

        model.Text = new string('a', 400);
        Assert.Equal((400, 500, true), (model.Check(Platform.Mastodon).Length, model.Check(Platform.Mastodon).MaxLength, model.Check(Platform.Mastodon).IsValid));
        Assert.Equal((400, 300, false), (model.Check(Platform.Bluesky).Length, model.Check(Platform.Bluesky).MaxLength, model.Check(Platform.Bluesky).IsValid));

        model.UseOwnText(Platform.Bluesky, true);
        model.SetOwnText(Platform.Bluesky, "Short for Bluesky");

        Assert.True(model.Check(Platform.Bluesky).IsValid);
        Assert.Equal(400, model.Check(Platform.Mastodon).Length);
        Assert.True(model.Dirty);
    }

    [Fact]
    public async Task AnEmptyTextIsAProblemOnlyOnceSavingWasTriedAndNothingIsSaved()
    {
        var model = await OpenAsync();
        await model.ToggleAsync(Target(model, _mastodon));
        Assert.Empty(model.ProblemsFor(Platform.Mastodon));

        var outcome = await model.ScheduleAsync(Editor);

        Assert.Null(outcome);
        Assert.Equal(["The post is empty."], model.ProblemsFor(Platform.Mastodon).Select(p => p.Message));
        Assert.Equal(0, await PostCountAsync());
    }

    [Fact]
    public async Task SavingWithoutAnAccountSaysSoAndTheNextEditClearsIt()
    {
        var model = await OpenAsync();
        model.Text = "Hello";

        await model.SaveDraftAsync(Editor);
        Assert.Equal(["Choose at least one account."], model.ErrorsFor("platform"));
        model.Hashtags = "#coffee";

        Assert.Empty(model.ErrorsFor("platform"));
        Assert.Equal(["#coffee"], model.HashtagList);
    }

    [Fact]
    public async Task ATimeInThePastIsAProblemUnlessThePostRepeats()
    {
        var model = await OpenAsync("2020-06-01T10:00");

        Assert.Contains(model.TimeProblems(), p => p.EndsWith("is in the past.", StringComparison.Ordinal));
        model.Recurrence.Repeat = Repeat.Daily;

        Assert.Empty(model.TimeProblems());
        Assert.Null(model.Recurrence.Problem);
        Assert.Equal(3, model.Recurrence.Next(3).Count);
    }

    [Fact]
    public async Task AnUnknownZoneIsTheOnlyTimeProblemShown()
    {
        var model = await OpenAsync("2020-06-01T10:00");

        model.Zone = "Mars/Olympus";

        Assert.Equal(["Unknown time zone 'Mars/Olympus'. Choose one from the list, e.g. Europe/Berlin."], model.TimeProblems());
    }

    [Fact]
    public async Task AWeeklyRepeatTakesTheFirstPostsTimeAndTheChosenDays()
    {
        var model = await OpenAsync("2030-06-05T10:30");

        // The first post's weekday is lit from the start, as it is what the series does.
        model.Recurrence.Repeat = Repeat.Weekly;
        Assert.Equal("30 10 * * 3", model.Recurrence.Pattern);
        Assert.Equal([3], model.Recurrence.Days);
        model.Recurrence.ToggleDay(5);
        model.Recurrence.ToggleDay(1);
        Assert.Equal("30 10 * * 1,3,5", model.Recurrence.Pattern);
        model.Recurrence.ToggleDay(3);
        Assert.Equal("30 10 * * 1,5", model.Recurrence.Pattern);
        Assert.Equal([1, 5], model.Recurrence.Days.Order());

        // The last day stays: a weekly series needs one.
        model.Recurrence.ToggleDay(1);
        model.Recurrence.ToggleDay(5);
        Assert.Equal("30 10 * * 5", model.Recurrence.Pattern);
        model.Recurrence.Ends = "count";
        model.Recurrence.Count = 0;

        Assert.Equal("At least one post.", model.Recurrence.Problem);
    }

    [Fact]
    public async Task ADraftKeepsOnlyATimeThePersonChoseAndReopensInThePersonsZone()
    {
        await _app.DbAsync(db => db.PlatformAccounts.Where(a => a.Id == _mastodon).ExecuteUpdateAsync(s => s.SetProperty(a => a.TimeZone, "America/New_York")));
        var suggested = await OpenAsync(at: null);
        await suggested.ToggleAsync(Target(suggested, _mastodon));
        suggested.Text = "An idea for later";
        Assert.NotNull(suggested.LocalTime);

        Assert.Equal(NoticeKind.Success, (await suggested.SaveDraftAsync(Editor))!.Notice.Kind);

        var chosen = await OpenAsync("2030-06-05T10:30");
        await chosen.ToggleAsync(Target(chosen, _mastodon));
        chosen.Text = "An idea for a Wednesday";
        Assert.Equal(NoticeKind.Success, (await chosen.SaveDraftAsync(Editor))!.Notice.Kind);

        var drafts = await _app.DbAsync(db => db.Posts.OrderBy(p => p.Id).Select(p => new { p.Id, p.Status, p.ScheduledFor }).ToListAsync());
        Assert.All(drafts, d => Assert.Equal(PostStatus.Draft, d.Status));
        Assert.Null(drafts[0].ScheduledFor);
        Assert.Equal(new DateTimeOffset(2030, 6, 5, 10, 30, 0, TimeSpan.Zero), drafts[1].ScheduledFor);

        var reopened = await OpenAsync(at: null, id: drafts[1].Id);
        Assert.Equal((new DateTime(2030, 6, 5), new TimeSpan(10, 30, 0), "UTC"), (reopened.Date, reopened.TimeOfDay, reopened.Zone));
    }

    [Fact]
    public async Task OnlyAnInstallationWithoutAccountsOffersTheBuiltInSandboxAndSandboxAccountsSaySo()
    {
        var model = await OpenAsync();
        Assert.Equal(["Bluesky · Beans (Sandbox)", "Mastodon · Roastery (Sandbox)"], model.Targets.Select(t => t.Name));

        await _app.DbAsync(db => db.PlatformAccounts.ExecuteUpdateAsync(s => s.SetProperty(a => a.IsActive, false)));
        var empty = await OpenAsync();
        var sandbox = Assert.Single(empty.Targets);
        Assert.Equal((Platform.Sandbox, (int?)null), (sandbox.Platform, sandbox.AccountId));
    }

    [Fact]
    public async Task AValidPostIsScheduledOnEveryChosenAccountAndLeadsToItsDayOnTheCalendar()
    {
        var model = await OpenAsync();
        await model.ToggleAsync(Target(model, _mastodon));
        await model.ToggleAsync(Target(model, _bluesky));
        model.Text = "Fresh beans";

        var outcome = await model.ScheduleAsync(Editor);

        Assert.Equal(new ComposeOutcome(Notice.Success("Scheduled."), "calendar?date=2030-06-05"), outcome);
        Assert.False(model.Dirty);
        Assert.Equal(2, await PostCountAsync());
    }

    [Fact]
    public async Task AnEditorWhosePostNeedsApprovalIsToldItWaitsNotThatItIsScheduled()
    {
        await _app.DbAsync(db => db.PlatformAccounts.Where(a => a.Id == _mastodon).ExecuteUpdateAsync(s => s.SetProperty(a => a.RequiresApproval, true)));
        var model = await OpenAsync();
        await model.ToggleAsync(Target(model, _mastodon));
        model.Text = "Fresh beans, pending a yes";

        var outcome = await model.ScheduleAsync(Editor);

        Assert.Equal(new ComposeOutcome(Notice.Success(ComposeModel.WaitingForApproval), "calendar?date=2030-06-05"), outcome);
        Assert.Equal(PostStatus.PendingApproval, await _app.DbAsync(db => db.Posts.Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task AnAnalystIsToldWhyNothingWasScheduled()
    {
        var model = await OpenAsync();
        await model.ToggleAsync(Target(model, _mastodon));
        model.Text = "Fresh beans";

        var outcome = await model.ScheduleAsync(new Actor("ana@example.com", "user-ana", Access: Access.Analyst));

        Assert.Equal(NoticeKind.Warning, outcome!.Notice.Kind);
        Assert.Contains("needs the Editor role", outcome.Notice.Text, StringComparison.Ordinal);
        Assert.Null(outcome.GoTo);
        Assert.True(model.Dirty);
        Assert.Equal(0, await PostCountAsync());
    }

    [Fact]
    public async Task EditingAPostStartsFromItsAccountTextAndTimeInItsZone()
    {
        var (result, errors) = await _app.Services.GetRequiredService<SchedulingService>().ScheduleAsync(
            new ScheduleRequest("mastodon", "Roasting day", "2030-06-05T10:30:00", "Europe/Berlin", _mastodon, ["#coffee"]), Actor.System);
        Assert.True(result is not null, string.Join(" ", errors.SelectMany(e => e.Value)));

        var model = await OpenAsync(at: null, id: result.Id);

        Assert.Equal([$"a{_mastodon}"], model.Selected);
        Assert.Equal(("Roasting day", "#coffee", "Europe/Berlin"), (model.Text, model.Hashtags, model.Zone));
        Assert.Equal((new DateTime(2030, 6, 5), new TimeSpan(10, 30, 0)), (model.Date, model.TimeOfDay));
        Assert.Equal("That is Wed 5 Jun, 08:30 your time (UTC).", model.TimeNote());
    }

    [Fact]
    public async Task ChoosingAnAccountOffersBestTimesAndPickingOneMovesThePostToThatHour()
    {
        var model = await OpenAsync();
        await model.ToggleAsync(Target(model, _bluesky));
        var (hour, platform) = model.BestTimes[0];

        model.UseBestTime(hour);

        Assert.Equal(Platform.Bluesky, platform);
        Assert.Equal("Bluesky defaults until there is enough history", model.BestTimesSource);
        Assert.Equal((new DateTime(2030, 6, 5), TimeSpan.FromHours(hour)), (model.Date, model.TimeOfDay));
    }

    [Fact]
    public async Task AFileOverTheLimitIsNotTakenAndSaysWhy()
    {
        var model = await OpenAsync();

        await model.UploadAsync([new HugeFile()], Actor.System);

        Assert.Equal([$"'huge.mp4' is over the limit of {MediaTypes.MaxVideoBytes / (1024 * 1024)} MB."], model.MediaErrors);
        Assert.Empty(model.Media);
        Assert.False(model.Uploading);
    }

    [Fact]
    public async Task PublishNowSendsANewPostOutOnEveryChosenAccountAtOnce()
    {
        var model = await OpenAsync();
        await model.ToggleAsync(Target(model, _mastodon));
        await model.ToggleAsync(Target(model, _bluesky));
        model.Text = "Fresh out of the roaster";
        var before = TimeProvider.System.GetUtcNow();

        var outcome = await model.PublishNowAsync(Editor);

        Assert.Equal(Notice.Success("Publishing now."), outcome!.Notice);
        Assert.False(model.Dirty);
        var posts = await _app.DbAsync(db => db.Posts.Select(p => new { p.Status, p.ScheduledFor }).ToListAsync());
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p =>
        {
            Assert.Contains(p.Status, new[] { PostStatus.Scheduled, PostStatus.Publishing, PostStatus.Published });
            Assert.InRange(p.ScheduledFor!.Value, before.AddMinutes(-1), TimeProvider.System.GetUtcNow().AddMinutes(1));
        });
    }

    [Fact]
    public async Task AnEditorWhosePostsNeedApprovalIsToldAPostPublishedNowWaitsForApproval()
    {
        await _app.DbAsync(db => db.PlatformAccounts.Where(a => a.Id == _mastodon).ExecuteUpdateAsync(s => s.SetProperty(a => a.RequiresApproval, true)));
        var model = await OpenAsync();
        await model.ToggleAsync(Target(model, _mastodon));
        model.Text = "Fresh beans, now if someone says yes";

        var outcome = await model.PublishNowAsync(Editor);

        Assert.Equal(Notice.Success(ComposeModel.PublishWaitsForApproval), outcome!.Notice);
        Assert.Equal(PostStatus.PendingApproval, await _app.DbAsync(db => db.Posts.Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task ARepeatingNewPostCannotBePublishedNow()
    {
        var model = await OpenAsync();
        await model.ToggleAsync(Target(model, _mastodon));
        model.Text = "Every morning";
        model.Recurrence.Repeat = Repeat.Daily;

        Assert.Null(await model.PublishNowAsync(Editor));
        Assert.Single(model.ErrorsFor("recurrencePattern"));
        Assert.Equal(0, await PostCountAsync());
    }

    [Fact]
    public async Task PublishingAnEditedPostNowKeepsTheEditsAndSendsItNow()
    {
        var id = await ScheduledPostAsync();
        var model = await OpenAsync(at: null, id: id);
        model.Text = "Roasting day, moved up";

        var outcome = await model.PublishNowAsync(Editor);

        Assert.Equal(Notice.Success("Publishing now."), outcome!.Notice);
        var post = await _app.DbAsync(db => db.Posts.SingleAsync(p => p.Id == id));
        Assert.Equal("Roasting day, moved up", post.Content);
        Assert.NotNull(post.PublishRequestedAt);
        Assert.True(post.ScheduledFor < new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task AnEditorWhoseEditsNeedApprovalAsksForNowAndTheEditedPostWaitsForAnApprover()
    {
        var id = await ScheduledPostAsync();
        await _app.DbAsync(db => db.PlatformAccounts.Where(a => a.Id == _mastodon).ExecuteUpdateAsync(s => s.SetProperty(a => a.RequiresApproval, true)));
        var model = await OpenAsync(at: null, id: id);
        model.Text = "Roasting day, today";

        var outcome = await model.PublishNowAsync(Editor);

        Assert.Equal(Notice.Success(ComposeModel.PublishWaitsForApproval), outcome!.Notice);
        var post = await _app.DbAsync(db => db.Posts.SingleAsync(p => p.Id == id));
        Assert.Equal((PostStatus.PendingApproval, "Roasting day, today"), (post.Status, post.Content));
        Assert.True(post.ScheduledFor < TimeProvider.System.GetUtcNow().AddMinutes(1));
    }

    [Fact]
    public async Task EditingAPostCanRemoveItsMediaAndAddNewFiles()
    {
        var id = await ScheduledPostAsync(["https://example.com/old.jpg"]);
        var model = await OpenAsync(at: null, id: id);
        Assert.Equal(["https://example.com/old.jpg"], model.Media);

        model.RemoveMedia("https://example.com/old.jpg");
        await model.UploadAsync([new TinyPng()], Editor);
        var outcome = await model.ScheduleAsync(Editor);

        Assert.Equal(NoticeKind.Success, outcome!.Notice.Kind);
        var media = await _app.DbAsync(db => db.Posts.Where(p => p.Id == id).Select(p => p.MediaReferences).SingleAsync());
        Assert.Equal(model.Media, media);
        Assert.StartsWith(MediaStore.Prefix, Assert.Single(media), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditingADraftKeepsTheMediaAsChanged()
    {
        var planned = await _app.Services.GetRequiredService<PostPlanner>().SaveDraftAsync(
            new ScheduleRequest("mastodon", "An idea", null, "UTC", _mastodon, MediaReferences: ["https://example.com/a.jpg", "https://example.com/b.png"]), Editor);
        var id = await _app.DbAsync(db => db.Posts.Select(p => p.Id).SingleAsync());
        var model = await OpenAsync(at: null, id: id);

        model.RemoveMedia("https://example.com/a.jpg");
        Assert.Equal(NoticeKind.Success, (await model.SaveDraftAsync(Editor))!.Notice.Kind);

        Assert.Equal(["https://example.com/b.png"], await _app.DbAsync(db => db.Posts.Select(p => p.MediaReferences).SingleAsync()));
        Assert.Empty(planned.Errors);
    }

    [Fact]
    public async Task AThreadSavedAsADraftReopensWithItsPartsAndFirstCommentAndKeepsThemWhenScheduled()
    {
        var model = await OpenAsync();
        await model.ToggleAsync(Target(model, _mastodon));
        model.Text = "Roasting day, a thread";
        model.AddPart();
        model.SetPart(0, "First the beans");
        model.AddPart();
        model.SetPart(1, "Then the heat");
        model.FirstComment = "Shop link below";

        Assert.Equal(NoticeKind.Success, (await model.SaveDraftAsync(Editor))!.Notice.Kind);
        var id = await _app.DbAsync(db => db.Posts.Select(p => p.Id).SingleAsync());

        var reopened = await OpenAsync(at: null, id: id);
        Assert.Equal(["First the beans", "Then the heat"], reopened.ThreadParts);
        Assert.Equal("Shop link below", reopened.FirstComment);
        Assert.False(reopened.Dirty);

        Assert.Equal(NoticeKind.Success, (await reopened.ScheduleAsync(Editor))!.Notice.Kind);
        var saved = await _app.DbAsync(db => db.Posts.Include(p => p.Parts).SingleAsync());
        Assert.Equal(PostStatus.Scheduled, saved.Status);
        Assert.Equal(["First the beans", "Then the heat"], saved.Parts.OrderBy(p => p.Index).Select(p => p.Content));
        Assert.Equal("Shop link below", saved.FirstComment);
    }

    [Fact]
    public async Task EditingAThreadInTheComposerReplacesItsPartsAndCanDropTheFirstComment()
    {
        var (result, errors) = await _app.Services.GetRequiredService<SchedulingService>().ScheduleAsync(
            new ScheduleRequest("mastodon", "Roasting day", "2030-06-05T10:30:00", "UTC", _mastodon, Thread: ["one", "two", "three"], FirstComment: "link"), Editor);
        Assert.True(result is not null, string.Join(" ", errors.SelectMany(e => e.Value)));

        var model = await OpenAsync(at: null, id: result.Id);
        Assert.Equal(["one", "two", "three"], model.ThreadParts);
        model.RemovePart(0);
        model.MovePart(1, -1);
        model.FirstComment = "";

        Assert.Equal(NoticeKind.Success, (await model.ScheduleAsync(Editor))!.Notice.Kind);
        var saved = await _app.DbAsync(db => db.Posts.Include(p => p.Parts).SingleAsync());
        Assert.Equal([(1, "three"), (2, "two")], saved.Parts.OrderBy(p => p.Index).Select(p => (p.Index, p.Content)));
        Assert.Null(saved.FirstComment);
    }

    private async Task<int> ScheduledPostAsync(List<string>? media = null)
    {
        var (result, errors) = await _app.Services.GetRequiredService<SchedulingService>().ScheduleAsync(
            new ScheduleRequest("mastodon", "Roasting day", "2030-06-05T10:30:00", "UTC", _mastodon, ["#coffee"], MediaReferences: media), Actor.System);
        Assert.True(result is not null, string.Join(" ", errors.SelectMany(e => e.Value)));
        return result.Id;
    }

    private sealed class TinyPng : IBrowserFile
    {
        public string Name => "tiny.png";
        public DateTimeOffset LastModified => DateTimeOffset.UnixEpoch;
        public long Size => 16;
        public string ContentType => "image/png";

        public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) =>
            new MemoryStream([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]);
    }

    private sealed class HugeFile : IBrowserFile
    {
        public string Name => "huge.mp4";
        public DateTimeOffset LastModified => DateTimeOffset.UnixEpoch;
        public long Size => MediaTypes.MaxVideoBytes + 1;
        public string ContentType => "video/mp4";

        public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("A file over the limit is never read.");
    }

    [Fact]
    public async Task ALookAlikePostIsShownBeforeSchedulingAndScheduledOnlyWhenTheEditorSaysSo()
    {
        var first = await OpenAsync();
        await first.ToggleAsync(Target(first, _mastodon));
        first.Text = "Winter blend is back";
        Assert.NotNull(await first.ScheduleAsync(Editor));

        var model = await OpenAsync("2030-06-07T09:00");
        await model.ToggleAsync(Target(model, _mastodon));
        await model.ToggleAsync(Target(model, _bluesky));
        model.Text = "winter blend is BACK";

        Assert.Null(await model.ScheduleAsync(Editor));
        var note = Assert.Single(model.Duplicates);
        Assert.Equal("Mastodon · Roastery (Sandbox)", note.Account);
        Assert.Contains("already scheduled on this account", note.Message);
        Assert.False(note.Refused);
        Assert.Equal(1, await PostCountAsync());

        // A change makes the findings stale: they are looked for again, and "Schedule anyway" goes ahead.
        model.Text = "Winter blend is back";
        Assert.Empty(model.Duplicates);
        Assert.NotNull(await model.ScheduleAnywayAsync(Editor));
        Assert.Equal(3, await PostCountAsync());
    }

    Task IAsyncLifetime.DisposeAsync() => _app.DisposeAsync().AsTask();
}
