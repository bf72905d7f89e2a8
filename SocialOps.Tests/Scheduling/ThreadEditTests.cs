using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Scheduling;

/// <summary>
/// A thread's parts and first comment survive a draft, and an edit replaces them while nothing of the post has been
/// sent; once a part is on the platform the edit is refused and the parts stay as they were. SQLite.
/// </summary>
public sealed class ThreadEditTests : IAsyncLifetime
{
    private static readonly Actor Editor = new("ed@example.com", "user-ed", Access: Access.Editor);
    private readonly SocialOpsAppFactory _app = new();
    private int _account;

    public async Task InitializeAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var account = new PlatformAccount { Platform = Platform.Mastodon, DisplayName = "Roastery", ExternalId = "m", IsSandbox = true };
        db.PlatformAccounts.Add(account);
        await db.SaveChangesAsync();
        _account = account.Id;
    }

    Task IAsyncLifetime.DisposeAsync() => _app.DisposeAsync().AsTask();

    private SchedulingService Scheduling => _app.Services.GetRequiredService<SchedulingService>();

    private Task<Post> PostAsync(int id) => _app.DbAsync(db => db.Posts.Include(p => p.Parts).SingleAsync(p => p.Id == id));

    private static List<string> Texts(Post post) => [.. post.Parts.OrderBy(p => p.Index).Select(p => p.Content)];

    [Fact]
    public async Task ADraftKeepsItsThreadAndFirstCommentWhenItIsScheduled()
    {
        var (id, errors) = await _app.Services.GetRequiredService<PostPlanner>().SaveDraftAsync(
            new ScheduleRequest("mastodon", "Head", null, "UTC", _account, Thread: [" second ", "third"], FirstComment: " our link "), Editor);
        Assert.Empty(errors);

        var draft = await PostAsync(id!.Value);
        Assert.Equal((PostStatus.Draft, "our link"), (draft.Status, draft.FirstComment));
        Assert.Equal(["second", "third"], Texts(draft));

        var (result, scheduleErrors) = await Scheduling.RescheduleAsync(id.Value, new RescheduleRequest("2030-06-05T10:30:00", "UTC"), Editor);
        Assert.Empty(scheduleErrors);
        Assert.Equal(nameof(PostStatus.Scheduled), result!.Status);
        var scheduled = await PostAsync(id.Value);
        Assert.Equal(["second", "third"], Texts(scheduled));
        Assert.Equal("our link", scheduled.FirstComment);
    }

    [Fact]
    public async Task ADraftIsCheckedLikeAPost()
    {
        var (id, errors) = await _app.Services.GetRequiredService<PostPlanner>().SaveDraftAsync(
            new ScheduleRequest("instagram", "Head", null, "UTC", null, Thread: ["second"]), Editor);

        Assert.Null(id);
        Assert.Contains("thread", errors.Keys);
        Assert.Equal(0, await _app.DbAsync(db => db.Posts.CountAsync()));
    }

    [Fact]
    public async Task AnEditReplacesThePartsAndFirstCommentLeftOutFieldsKeepTheirs()
    {
        var id = await ScheduleAsync(["one", "two", "three"], "link");

        var (shorter, errors) = await Scheduling.RescheduleAsync(id, new RescheduleRequest(null, Thread: ["uno", "dos"]), Editor);
        Assert.Empty(errors);
        Assert.NotNull(shorter);
        var after = await PostAsync(id);
        Assert.Equal(["uno", "dos"], Texts(after));
        Assert.Equal("link", after.FirstComment);
        Assert.Equal(2, await _app.DbAsync(db => db.Set<PostPart>().CountAsync()));

        await Scheduling.RescheduleAsync(id, new RescheduleRequest(null, FirstComment: "", Thread: ["uno", "dos", "tres", "cuatro"]), Editor);
        var longer = await PostAsync(id);
        Assert.Equal(["uno", "dos", "tres", "cuatro"], Texts(longer));
        Assert.Equal([1, 2, 3, 4], longer.Parts.Select(p => p.Index).Order());
        Assert.Null(longer.FirstComment);

        await Scheduling.RescheduleAsync(id, new RescheduleRequest(null, Thread: []), Editor);
        Assert.Empty((await PostAsync(id)).Parts);
    }

    [Fact]
    public async Task OnceAPartIsOnThePlatformTheThreadCanNoLongerChange()
    {
        var id = await ScheduleAsync(["one", "two"], "link");
        await _app.DbAsync(db => db.Set<PostPart>().Where(p => p.PostId == id && p.Index == 1).ExecuteUpdateAsync(s => s.SetProperty(p => p.State, PartState.Published)));

        var (result, errors) = await Scheduling.RescheduleAsync(id, new RescheduleRequest(null, Thread: ["changed"], FirstComment: "other"), Editor);

        Assert.Null(result);
        Assert.Contains("on the platform already", Assert.Single(errors["thread"]), StringComparison.Ordinal);
        var unchanged = await PostAsync(id);
        Assert.Equal(["one", "two"], Texts(unchanged));
        Assert.Equal("link", unchanged.FirstComment);
    }

    [Fact]
    public async Task AnEditThatBreaksTheThreadIsRefusedPartByPart()
    {
        var id = await ScheduleAsync(["one"], null);

        var (result, errors) = await Scheduling.RescheduleAsync(id, new RescheduleRequest(null, Thread: ["fine", new string('x', 501)]), Editor);

        Assert.Null(result);
        Assert.Contains("thread[1]", errors.Keys);
        Assert.Equal(["one"], Texts(await PostAsync(id)));
    }

    private async Task<int> ScheduleAsync(List<string> thread, string? firstComment)
    {
        var (result, errors) = await Scheduling.ScheduleAsync(
            new ScheduleRequest("mastodon", "Head", "2030-06-05T10:30:00", "UTC", _account, Thread: thread, FirstComment: firstComment), Editor);
        Assert.True(result is not null, string.Join(" ", errors.SelectMany(e => e.Value)));
        return result.Id;
    }
}
