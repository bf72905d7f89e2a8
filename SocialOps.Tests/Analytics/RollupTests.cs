using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Analytics;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Analytics;

public sealed class RollupTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();

    private IDbContextFactory<SocialOpsDbContext> Contexts => _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task TheIncrementalRollupEqualsOneRebuiltFromRawSnapshotsWhateverTheArrivalOrder(int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var posts = Enumerable.Range(0, 12).Select(i => new Post { Platform = Platform.Sandbox, Content = $"p{i}", CreatedAt = start }.PublishedAt(start.AddHours(i))).ToList();
        var snapshots = posts.SelectMany(p => Enumerable.Range(0, random.Next(1, 6)).Select(k => new PostMetricSnapshot
        {
            Post = p, TakenAt = p.PublishedAt!.Value.AddHours(k + 1), Likes = random.Next(0, 500), Comments = random.Next(0, 50),
            Shares = random.Next(0, 50), Clicks = random.Next(0, 50), Impressions = random.Next(500, 5000), Reach = random.Next(0, 500),
        })).OrderBy(_ => random.Next()).ToList();

        // Some posts arrive together with their first snapshots (no id yet), the rest of the snapshots in random batches.
        var queue = new Queue<PostMetricSnapshot>(snapshots);
        while (queue.Count > 0)
        {
            await using var db = await Contexts.CreateDbContextAsync();
            foreach (var s in Enumerable.Range(0, Math.Min(queue.Count, random.Next(1, 8))).Select(_ => queue.Dequeue()))
            {
                if (s.Post!.Id == 0)
                {
                    db.PostMetricSnapshots.Add(s);
                }
                else
                {
                    db.PostMetricSnapshots.Add(new PostMetricSnapshot
                    {
                        PostId = s.Post.Id, TakenAt = s.TakenAt, Likes = s.Likes, Comments = s.Comments, Shares = s.Shares,
                        Clicks = s.Clicks, Impressions = s.Impressions, Reach = s.Reach,
                    });
                }
            }

            await db.SaveChangesAsync();
        }

        await using var check = await Contexts.CreateDbContextAsync();
        var expected = await RollupRepairJob.RecomputeAsync(check, 0, int.MaxValue, default);
        var stored = await check.PostMetricTotals.AsNoTracking().ToListAsync();
        Assert.Equal(posts.Count, stored.Count);
        Assert.All(stored, t =>
        {
            var s = expected[t.PostId];
            Assert.Equal((s.TakenAt, s.Likes, s.Comments, s.Shares, s.Clicks, s.Impressions, s.Reach), (t.TakenAt, t.Likes, t.Comments, t.Shares, t.Clicks, t.Impressions, t.Reach));
        });
        Assert.Equal(0, await ActivatorUtilities.CreateInstance<RollupRepairJob>(_app.Services).RepairAsync());
    }

    [Fact]
    public async Task TheRepairJobFixesARollupThatDriftedAndRemovesOrphans()
    {
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var post = new Post { Platform = Platform.Sandbox, Content = "x", CreatedAt = DateTimeOffset.UnixEpoch }.PublishedAt(DateTimeOffset.UnixEpoch);
            var other = new Post { Platform = Platform.Sandbox, Content = "y", CreatedAt = DateTimeOffset.UnixEpoch }.PublishedAt(DateTimeOffset.UnixEpoch);
            db.PostMetricSnapshots.Add(new PostMetricSnapshot { Post = post, TakenAt = DateTimeOffset.UnixEpoch.AddHours(1), Likes = 7, Impressions = 70 });
            db.Posts.Add(other);
            await db.SaveChangesAsync();

            // Written around the app: a changed counter and a roll-up row with no snapshot behind it.
            await db.PostMetricTotals.Where(t => t.PostId == post.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.Likes, 1));
            db.PostMetricTotals.Add(new PostMetricTotal { PostId = other.Id, TakenAt = DateTimeOffset.UnixEpoch, Likes = 5 });
            await db.SaveChangesAsync();
        }

        var job = ActivatorUtilities.CreateInstance<RollupRepairJob>(_app.Services);
        Assert.Equal(2, await job.RepairAsync());

        await using var check = await Contexts.CreateDbContextAsync();
        Assert.Equal(7, Assert.Single(await check.PostMetricTotals.ToListAsync()).Likes);
    }

    [Fact]
    public async Task StoringMetricsAnnouncesThemOnTheEventBus()
    {
        var heard = new TaskCompletionSource<MetricsChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = _app.Services.GetRequiredService<EventBus>().Subscribe<MetricsChanged>(e =>
        {
            heard.TrySetResult(e[0]);
            return Task.CompletedTask;
        });
        await using var db = await Contexts.CreateDbContextAsync();
        var post = new Post { Platform = Platform.Sandbox, Content = "x", CreatedAt = DateTimeOffset.UnixEpoch }.PublishedAt(DateTimeOffset.UnixEpoch);
        db.PostMetricSnapshots.Add(new PostMetricSnapshot { Post = post, TakenAt = DateTimeOffset.UnixEpoch, Likes = 1 });
        await db.SaveChangesAsync();

        Assert.Equal("metrics", (await heard.Task.WaitAsync(TimeSpan.FromSeconds(30))).Kind);
    }

    public void Dispose() => _app.Dispose();
}
