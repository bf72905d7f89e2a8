using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Analytics;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Ingestion;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace SocialOps.Tests.Connections;

/// <summary>Through the whole app: schedule to a connected Mastodon stand-in, confirm lost answers, bring comments back.</summary>
public sealed class MastodonFlowTests : IDisposable
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-27T10:00:00Z", CultureInfo.InvariantCulture);
    private readonly MastodonStandIn _mastodon = new();
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp();

    [Theory]
    [InlineData(700, true)]
    [InlineData(1001, false)]
    public async Task AnInstancesOwnLengthLimitIsTheOneThatCounts(int length, bool accepted)
    {
        // The stand-in instance allows 1,000 characters where Mastodon's default is 500.
        var accountId = await _app.ConnectMastodonAsync(_mastodon);
        var (response, body) = await _app.CreateClientAs(Roles.Editor).PostJsonAsync("/api/scheduler/schedule", new
        {
            platform = "mastodon", accountId, content = new string('a', length), scheduledTime = TimeProvider.System.GetUtcNow().AddDays(1).ToString("O", CultureInfo.InvariantCulture),
        });

        Assert.True(accepted == response.IsSuccessStatusCode, body.ToString());
        if (!accepted)
        {
            Assert.Contains("over Mastodon's limit of 1000", body.GetProperty("errors").GetProperty("content")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AScheduledPostGoesOutOnceWithItsKeyAndTheAccountsHealthIsRecorded()
    {
        var accountId = await _app.ConnectMastodonAsync(_mastodon);
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new
        {
            platform = "mastodon", accountId, content = "New roast today", hashtags = new[] { "#coffee" }, scheduledTime = SchedulerTestExtensions.InSeconds(1),
        });

        var post = await _app.WaitForPostAsync(id, p => p.Status is PostStatus.Published or PostStatus.Failed or PostStatus.Unconfirmed);

        Assert.Equal(PostStatus.Published, post.Status);
        Assert.Equal("110000000000000001", post.ExternalId);
        var sent = Assert.Single(_mastodon.Requests("POST", "/api/v1/statuses")).RequestMessage;
        Assert.Equal(PostPublisher.IdempotencyKey(id), sent.Headers!["Idempotency-Key"].Single());
        Assert.Contains("New roast today\\n\\n#coffee", sent.Body, StringComparison.Ordinal);
        var account = await _app.DbAsync(db => db.PlatformAccounts.SingleAsync(a => a.Id == accountId));
        Assert.NotNull(account.LastSuccessAt);
        Assert.Equal(287, account.RateLimitRemaining);
    }

    [Fact]
    public async Task ALostAnswerIsConfirmedFromThePlatformBeforeAnythingIsSentAgain()
    {
        var accountId = await _app.ConnectMastodonAsync(_mastodon);
        _mastodon.Server.Given(Request.Create().WithPath("/api/v1/statuses").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"id\":"));
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "mastodon", accountId, content = "Did it land?", scheduledTime = SchedulerTestExtensions.InSeconds(1) });
        var lost = await _app.WaitForPostAsync(id, p => p.Status is not (PostStatus.Scheduled or PostStatus.Publishing));
        Assert.Equal(PostStatus.Unconfirmed, lost.Status);

        // The post did land: the account's statuses show it. "Publish now" must find it and send nothing.
        _mastodon.Server.Given(Request.Create().WithPath($"/api/v1/accounts/{MastodonStandIn.AccountId}/statuses").UsingGet()).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new[] { MastodonStandIn.Status("777", "<p>Did it land?</p>", At) }));
        var (response, _) = await _app.CreateClientAs(Roles.Editor).PostJsonAsync($"/api/scheduler/publish-now/{id}", new { });
        Assert.True(response.IsSuccessStatusCode);
        var post = await _app.WaitForPostAsync(id, p => p.Status is PostStatus.Published or PostStatus.Failed);

        Assert.Equal(PostStatus.Published, post.Status);
        Assert.Equal("777", post.ExternalId);
        Assert.Single(_mastodon.Requests("POST", "/api/v1/statuses"));
        Assert.Single(_mastodon.Requests("GET", $"/api/v1/accounts/{MastodonStandIn.AccountId}/statuses"));
    }

    [Fact]
    public async Task IngestionThatFailsHalfwayResumesWithNothingDoubledOrLost()
    {
        var accountId = await _app.ConnectMastodonAsync(_mastodon);
        await PublishedPostAsync(accountId, "500");
        await PublishedPostAsync(accountId, "600");
        var arrived = new ConcurrentBag<long>();
        using var subscription = _app.Services.GetRequiredService<EventBus>().Subscribe<InteractionsArrived>(events =>
        {
            foreach (var i in events.SelectMany(e => e.InteractionIds))
            {
                arrived.Add(i);
            }

            return Task.CompletedTask;
        });
        var ingestion = _app.Services.GetRequiredService<IngestionService>();
        var fan = MastodonStandIn.Account(id: "2", acct: "fan@other.example", name: "A Fan");

        // Run 1: the replies under 500 arrive, then the instance fails on 600.
        Context("500", MastodonStandIn.Status("501", "<p>I love this roast, wonderful!</p>", At, "500", fan));
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/statuses/600/context", "GET")).AtPriority(5)
            .RespondWith(MastodonStandIn.Json(new { error = "Internal error" }, 500));
        var first = await ingestion.RunAsync(accountId, CancellationToken.None);
        Assert.NotNull(first.Error);
        Assert.Equal(1, await CountAsync(accountId));

        // Run 2: 600 answers; a full first page of mentions arrives, then the second page fails.
        Context("600", MastodonStandIn.Status("601", "<p>This is terrible, my order never arrived.</p>", At, "600", fan),
            MastodonStandIn.Status("602", "<p>Same here</p>", At, "601", fan));
        var firstPage = Enumerable.Range(1, 40).Select(n => MastodonStandIn.Mention($"{1000 + n}", MastodonStandIn.Status($"{2000 + n}", $"<p>@brand mention {n}</p>", At, account: fan))).Reverse().ToArray();
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/notifications", "GET").WithParam("min_id", "1040")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new { error = "Bad gateway" }, 502));
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/notifications", "GET").WithParam("min_id", "1041")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(Array.Empty<object>()));
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/notifications", "GET")).AtPriority(2).RespondWith(MastodonStandIn.Json(firstPage));
        var second = await ingestion.RunAsync(accountId, CancellationToken.None);
        Assert.NotNull(second.Error);
        Assert.Equal(1 + 2 + 40, await CountAsync(accountId));

        // Run 3: the second page answers (repeating one mention already stored); run 4 finds nothing new.
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/notifications", "GET").WithParam("min_id", "1040")).AtPriority(0)
            .RespondWith(MastodonStandIn.Json(new[]
            {
                MastodonStandIn.Mention("1041", MastodonStandIn.Status("2041", "<p>@brand one more</p>", At, account: fan)),
                MastodonStandIn.Mention("1040", MastodonStandIn.Status("2040", "<p>@brand mention 40</p>", At, account: fan)),
            }));
        var third = await ingestion.RunAsync(accountId, CancellationToken.None);
        var fourth = await ingestion.RunAsync(accountId, CancellationToken.None);

        Assert.Null(third.Error);
        Assert.Equal(1, third.NewInteractions);
        Assert.Equal(0, fourth.NewInteractions);
        var stored = await _app.DbAsync(db => db.Interactions.Include(i => i.Sentiment).Where(i => i.AccountId == accountId).ToListAsync());
        Assert.Equal(1 + 2 + 40 + 1, stored.Count);
        Assert.Equal(stored.Count, stored.Select(i => i.ExternalId).Distinct().Count());
        Assert.All(stored, i => Assert.NotNull(i.Sentiment));
        Assert.Equal("positive", stored.Single(i => i.ExternalId == "501").Sentiment!.Label.ToString().ToLowerInvariant());
        Assert.Equal("negative", stored.Single(i => i.ExternalId == "601").Sentiment!.Label.ToString().ToLowerInvariant());
        Assert.Equal(InteractionKind.Reply, stored.Single(i => i.ExternalId == "601").Kind);
        Assert.NotNull(stored.Single(i => i.ExternalId == "601").PostId);
        Assert.Equal("1041", (await _app.DbAsync(db => db.PlatformAccounts.SingleAsync(a => a.Id == accountId))).MentionsCursor);
        await WaitUntilAsync(() => arrived.Count == stored.Count);
        Assert.Equal(stored.Select(i => i.Id).Order(), arrived.Order());
    }

    [Fact]
    public async Task MetricsAndTheDailyFollowerCountAreSnapshotted()
    {
        var accountId = await _app.ConnectMastodonAsync(_mastodon);
        var postId = await PublishedPostAsync(accountId, "500");
        Context("500");
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/statuses/500", "GET")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(MastodonStandIn.Status("500", "<p>x</p>", At, favourites: 12, replies: 3, reblogs: 4)));
        var ingestion = _app.Services.GetRequiredService<IngestionService>();

        var first = await ingestion.RunAsync(accountId, CancellationToken.None);
        var second = await ingestion.RunAsync(accountId, CancellationToken.None);

        Assert.Equal((1, true), (first.MetricSnapshots, first.Followers));
        Assert.Equal((0, false), (second.MetricSnapshots, second.Followers)); // not due again within the poll interval
        var snapshot = await _app.DbAsync(db => db.PostMetricSnapshots.SingleAsync(m => m.PostId == postId));
        Assert.Equal((12L, 3L, 4L), (snapshot.Likes, snapshot.Comments, snapshot.Shares));
        var followers = await _app.DbAsync(db => db.FollowerSnapshots.SingleAsync(f => f.AccountId == accountId));
        Assert.Equal(1234, followers.Followers);
        var published = await _app.DbAsync(db => db.Posts.Where(p => p.Id == postId).Select(p => p.PublishedAt!.Value).SingleAsync());
        var postDay = DateOnly.FromDateTime(published.UtcDateTime);
        // What ingestion brought in is what analytics reports (there is no other daily copy of it).
        var days = new[] { postDay, followers.Day, DateOnly.FromDateTime(snapshot.TakenAt.UtcDateTime) };
        var figures = await _app.Services.GetRequiredService<AnalyticsService>()
            .DashboardAsync(new AnalyticsPeriod(days.Min(), days.Max(), TimeZoneInfo.Utc, Platform.Mastodon));
        Assert.Equal((1, 12L, 3L, 4L), (figures.Posts, figures.Likes, figures.Comments, figures.Shares));
        Assert.Equal(19L, figures.Engaged);
        Assert.Equal(1234L, figures.Followers);
    }

    [Fact]
    public async Task APausedConnectionNeitherPublishesNorFetches()
    {
        var accountId = await _app.ConnectMastodonAsync(_mastodon);
        using var pause = await _app.CreateClientAs(Roles.Admin).PatchAsync(new Uri($"/api/connections/{accountId}", UriKind.Relative),
            new StringContent("""{"paused":true}""", System.Text.Encoding.UTF8, "application/json"));
        _mastodon.Server.ResetLogEntries();
        var id = await _app.CreateClientAs(Roles.Editor).ScheduleAsync(new { platform = "mastodon", accountId, content = "hold on", scheduledTime = SchedulerTestExtensions.InSeconds(1) });

        var post = await _app.WaitForPostAsync(id, p => p.Status is PostStatus.Published or PostStatus.Failed);
        var report = await _app.Services.GetRequiredService<IngestionService>().RunAsync(accountId, CancellationToken.None);

        Assert.Equal(PostStatus.Failed, post.Status);
        Assert.Contains("paused", post.StatusReason, StringComparison.Ordinal);
        Assert.Equal(0, report.NewInteractions);
        Assert.Empty(_mastodon.Server.LogEntries);
    }

    [Fact]
    public async Task WithOneStatusWhoseContextAnswers404TheOtherStatusesCommentsReachTheInboxWithinTwoPollIntervals()
    {
        var interval = TimeSpan.FromSeconds(10);
        _app.Settings["Connectors:PollInterval"] = "00:00:10";
        var fan = MastodonStandIn.Account(id: "2", acct: "fan@other.example", name: "A Fan");
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/statuses/400/context", "GET")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new { error = "Record not found" }, 404));
        Context("500", MastodonStandIn.Status("501", "<p>First comment under the second post</p>", At, "500", fan));
        Context("600", MastodonStandIn.Status("601", "<p>A comment under the third post</p>", At, "600", fan));
        var connectedAt = TimeProvider.System.GetUtcNow();
        var accountId = await _app.ConnectMastodonAsync(_mastodon);
        await PublishedPostAsync(accountId, "400", "A post deleted on the instance since");
        await PublishedPostAsync(accountId, "500");
        await PublishedPostAsync(accountId, "600");
        var analyst = _app.CreateClientAs(Roles.Analyst);

        var texts = new List<string>();
        while (TimeProvider.System.GetUtcNow() < connectedAt + 2 * interval && texts.Count < 2)
        {
            await Task.Delay(250);
            var inbox = await analyst.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/inbox?accountId={accountId}");
            texts = [.. inbox.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()!)];
        }

        Assert.Equal(["A comment under the third post", "First comment under the second post"], texts.Order());
        PlatformAccount connection;
        var until = TimeProvider.System.GetUtcNow().AddSeconds(10); // the run notes its outcome after storing the comments
        do
        {
            await Task.Delay(100);
            connection = await _app.DbAsync(db => db.PlatformAccounts.AsNoTracking().SingleAsync(a => a.Id == accountId));
        }
        while (connection.CommentFetchError is null && TimeProvider.System.GetUtcNow() < until);

        Assert.Equal(1, connection.CommentFetchFailures);
        Assert.Equal("Fetching comments: 1 post failed — “A post deleted on the instance since”: Mastodon has no such resource (404): Record not found",
            connection.CommentFetchError);
        var shown = await _app.CreateClientAs(Roles.Admin).GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/connections/{accountId}");
        Assert.Equal(connection.CommentFetchError, shown.GetProperty("commentFetchError").GetString());
        Assert.Equal("connected", shown.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TwoPostsWithTheSamePlatformIdAreFetchedOnceAndNeverStopTheJob()
    {
        var accountId = await _app.ConnectMastodonAsync(_mastodon);
        var first = await PublishedPostAsync(accountId, "500");
        var second = await PublishedPostAsync(accountId, "500");
        Context("500", MastodonStandIn.Status("501", "<p>Nice</p>", At, "500", MastodonStandIn.Account(id: "2", acct: "fan@other.example")));
        var ingestion = _app.Services.GetRequiredService<IngestionService>();

        var report = await ingestion.RunAsync(accountId, CancellationToken.None);
        var again = await ingestion.RunAsync(accountId, CancellationToken.None);

        Assert.Equal((1, 2, (string?)null), (report.NewInteractions, report.MetricSnapshots, report.Error));
        Assert.Equal((0, (string?)null), (again.NewInteractions, again.Error));
        Assert.Equal(2, _mastodon.Requests("GET", "/api/v1/statuses/500/context").Count); // once per run
        var comment = await _app.DbAsync(db => db.Interactions.SingleAsync(i => i.AccountId == accountId));
        Assert.Equal(first, comment.PostId);
        Assert.Equal(2, await _app.DbAsync(db => db.PostMetricSnapshots.CountAsync(m => m.PostId == first || m.PostId == second)));
    }

    [Fact]
    public async Task AStatusMentioningTwoConnectedAccountsIsStoredOncePerAccount()
    {
        const string cafeToken = "mastodon-cafe-token-77b1";
        _mastodon.Server.Given(Request.Create().WithPath("/api/v1/accounts/verify_credentials").UsingGet().WithHeader("Authorization", "Bearer " + cafeToken)).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(MastodonStandIn.Account(id: "3", acct: "cafe", name: "Brand Café")));
        var fan = MastodonStandIn.Account(id: "2", acct: "fan@other.example", name: "A Fan");
        var status = MastodonStandIn.Status("9001", "<p>@brand @cafe which of you roasts the Ethiopian?</p>", At, account: fan);
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/notifications", "GET")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new[] { MastodonStandIn.Mention("71", status) }));
        _mastodon.Server.Given(Request.Create().WithPath("/api/v1/notifications").UsingGet().WithHeader("Authorization", "Bearer " + cafeToken)).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new[] { MastodonStandIn.Mention("72", status) }));
        var brand = await _app.ConnectMastodonAsync(_mastodon);
        var (added, body) = await _app.CreateClientAs(Roles.Admin).PostJsonAsync("/api/connections",
            new { platform = "mastodon", name = "Café on Mastodon", baseUrl = _mastodon.Url, accessToken = cafeToken });
        Assert.True(added.IsSuccessStatusCode, body.ToString());
        var cafe = body.GetProperty("id").GetInt32();
        var ingestion = _app.Services.GetRequiredService<IngestionService>();

        var reports = new[]
        {
            await ingestion.RunAsync(brand, CancellationToken.None), await ingestion.RunAsync(cafe, CancellationToken.None),
            await ingestion.RunAsync(brand, CancellationToken.None), await ingestion.RunAsync(cafe, CancellationToken.None),
        };

        Assert.Equal([1, 1, 0, 0], reports.Select(r => r.NewInteractions));
        var stored = await _app.DbAsync(db => db.Interactions.Where(i => i.ExternalId == "9001").OrderBy(i => i.AccountId).ToListAsync());
        Assert.Equal([brand, cafe], stored.Select(i => i.AccountId!.Value));
    }

    [Theory]
    [InlineData("fan@other.example", "Thanks, glad you like it!", "@fan@other.example Thanks, glad you like it!")]
    [InlineData("neighbour", "Thanks, glad you like it!", "@neighbour Thanks, glad you like it!")]
    [InlineData("fan@other.example", "@fan@other.example thanks!", "@fan@other.example thanks!")]
    public async Task AReplyToAMastodonCommentMentionsItsAuthorInThread(string acct, string text, string sent)
    {
        var accountId = await _app.ConnectMastodonAsync(_mastodon);
        await PublishedPostAsync(accountId, "500");
        var author = MastodonStandIn.Account(id: "2", acct: acct, name: "A Fan");
        var comment = MastodonStandIn.Status("501", "<p>I love this roast!</p>", At, "500", author);
        Context("500", comment);
        _mastodon.Server.Given(MastodonStandIn.Authed("/api/v1/statuses/501", "GET")).AtPriority(1).RespondWith(MastodonStandIn.Json(comment));
        await _app.Services.GetRequiredService<IngestionService>().RunAsync(accountId, CancellationToken.None);
        var id = await _app.DbAsync(db => db.Interactions.Where(i => i.ExternalId == "501").Select(i => i.Id).SingleAsync());
        _mastodon.Server.ResetLogEntries();

        var (response, body) = await _app.CreateClientAs(Roles.Editor).PostJsonAsync($"/api/inbox/{id}/reply", new { text });

        Assert.True(response.IsSuccessStatusCode, body.ToString());
        var status = System.Text.Json.JsonDocument.Parse(Assert.Single(_mastodon.Requests("POST", "/api/v1/statuses")).RequestMessage.Body!).RootElement;
        Assert.Equal("501", status.GetProperty("in_reply_to_id").GetString());
        Assert.Equal(sent, status.GetProperty("status").GetString());
    }

    private void Context(string statusId, params object[] descendants) =>
        _mastodon.Server.Given(MastodonStandIn.Authed($"/api/v1/statuses/{statusId}/context", "GET")).AtPriority(1)
            .RespondWith(MastodonStandIn.Json(new { ancestors = Array.Empty<object>(), descendants }));

    private async Task<int> PublishedPostAsync(int accountId, string externalId, string? content = null) => await _app.DbAsync(async db =>
    {
        var post = new Post { Platform = Platform.Mastodon, AccountId = accountId, Content = content ?? $"post {externalId}", CreatedAt = TimeProvider.System.GetUtcNow() }
            .PublishedAt(TimeProvider.System.GetUtcNow().AddHours(-1), externalId);
        db.Posts.Add(post);
        await db.SaveChangesAsync();
        return post.Id;
    });

    private Task<int> CountAsync(int accountId) => _app.DbAsync(db => db.Interactions.CountAsync(i => i.AccountId == accountId));

    private static async Task WaitUntilAsync(Func<bool> done)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(10);
        while (!done() && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        _app.Dispose();
        _mastodon.Dispose();
    }
}
