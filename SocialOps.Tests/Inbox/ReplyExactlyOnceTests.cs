using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Data;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Inbox;

/// <summary>
/// Replies on platforms that ignore idempotency keys (X, Facebook, LinkedIn), against stand-ins that behave so: they
/// accept a reply and then let the client time out, shorten links to t.co and escape <c>&amp;</c>. A reply whose answer
/// was lost is never sent twice: it is looked up first, and where the platform cannot tell, a person decides.
/// </summary>
public sealed class ReplyExactlyOnceTests : IDisposable
{
    private const string Token = "user-token-77";
    private const string Text = "Thanks & see https://brand.example/shop";
    private static readonly Actor Editor = new("editor@socialops.test", null, null, Access.Editor);
    private static readonly Actor Analyst = new("analyst@socialops.test", null, null, Access.Analyst);
    private readonly WireMockServer _api = WireMockServer.Start();
    private readonly SocialOpsAppFactory _app = ConnectionsHarness.NewApp(timeout: "00:00:02");

    private InboxService Inbox => _app.Services.GetRequiredService<InboxService>();

    /// <summary>What each stand-in needs: the account, the comment, where a reply is created and where it is looked up.</summary>
    private sealed record StandIn(Platform Platform, string AccountId, string? Handle, Dictionary<string, string> Secrets, string BasePath,
        string CommentId, string CreatePath, IRequestBuilder Lookup, string FoundId, object Found, object CannotTell);

    private StandIn For(string platform)
    {
        var now = TimeProvider.System.GetUtcNow();
        return platform switch
        {
            "x" => new StandIn(Platform.X, "2244994945", "@brandcoffee", new() { ["accessToken"] = Token }, "", "1850000000000000100",
                "/2/tweets",
                Request.Create().WithPath("/2/users/2244994945/tweets").UsingGet(),
                "1850000000000000200",
                new
                {
                    data = new[]
                    {
                        new
                        {
                            id = "1850000000000000200", text = "@fan77 Thanks &amp; see https://t.co/abc123", created_at = now.ToString("O"),
                            referenced_tweets = new[] { new { type = "replied_to", id = "1850000000000000100" } },
                            entities = new { urls = new[] { new { start = 23, end = 46, url = "https://t.co/abc123", expanded_url = "https://brand.example/shop", display_url = "brand.example/shop" } } },
                        },
                    },
                    meta = new { result_count = 1 },
                },
                // A full page of other posts and more to come: X cannot say the reply is not among the rest.
                new { data = Array.Empty<object>(), meta = new { result_count = 0, next_token = "7140dibdnow9c7btw4" } }),
            "facebook" => new StandIn(Platform.Facebook, "page-1", null, new() { ["accessToken"] = Token, ["accountId"] = "page-1" }, "/v23.0", "post1_c1",
                "/v23.0/post1_c1/comments",
                Request.Create().WithPath("/v23.0/post1_c1/comments").UsingGet(),
                "post1_c9",
                new
                {
                    data = new object[]
                    {
                        new { id = "post1_c8", message = "Thanks & see https://brand.example/shop", from = new { id = "fan-7", name = "Fan" }, created_time = now.ToString("O") },
                        new { id = "post1_c9", message = "Thanks &amp; see https://brand.example/shop", from = new { id = "page-1", name = "Brand" }, created_time = now.ToString("O") },
                    },
                },
                new { data = Array.Empty<object>(), paging = new { next = _api.Url + "/v23.0/post1_c1/comments?after=QVFIUk" } }),
            _ => new StandIn(Platform.LinkedIn, "urn:li:person:abc123", null, new() { ["accessToken"] = Token }, "", "urn:li:comment:(urn:li:activity:1,55)",
                "/rest/socialActions/urn:li:activity:1/comments",
                Request.Create().WithPath(new RegexMatcher("^/rest/socialActions/.*comment.*/comments$")).UsingGet(),
                "urn:li:comment:(urn:li:activity:1,77)",
                new
                {
                    elements = new[] { new Dictionary<string, object> { ["$URN"] = "urn:li:comment:(urn:li:activity:1,77)", ["actor"] = "urn:li:person:abc123", ["message"] = new { text = Text }, ["created"] = new { time = now.ToUnixTimeMilliseconds() } } },
                    paging = new { start = 0, count = 10, total = 1 },
                },
                new
                {
                    elements = new[] { new Dictionary<string, object> { ["$URN"] = "urn:li:comment:(urn:li:activity:1,60)", ["actor"] = "urn:li:person:zz", ["message"] = new { text = "me too" } } },
                    paging = new { start = 0, count = 1, total = 40 },
                }),
        };
    }

    private static IResponseBuilder Json(object body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));

    /// <summary>The platform takes the reply, then its answer never arrives within the client's timeout.</summary>
    private static IRequestBuilder Create(StandIn s) => Request.Create().WithPath(s.CreatePath).UsingPost();

    private void AcceptsThenTimesOut(StandIn s) =>
        _api.Given(Create(s)).AtPriority(10).RespondWith(Json(new { data = new { id = s.FoundId }, id = s.FoundId }, 201)
            .WithHeader("x-restli-id", s.FoundId).WithDelay(AnswerLost));

    /// <summary>Beyond the client's timeout of two seconds.</summary>
    private static readonly TimeSpan AnswerLost = TimeSpan.FromSeconds(4);

    /// <summary>The replies the platform received. The stand-in logs a request once it has answered, so a delayed answer is waited for.</summary>
    private async Task<int> CreatesAsync(StandIn s, int expected)
    {
        int Count() => _api.LogEntries.Count(e => e.RequestMessage.Method == "POST" && e.RequestMessage.Path == s.CreatePath);
        await Task.Delay(AnswerLost);
        for (var waited = 0; Count() < expected && waited < 100; waited++)
        {
            // On a loaded machine the stand-in may log a delayed answer late.
            await Task.Delay(100);
        }

        return Count();
    }

    private async Task<(StandIn StandIn, long Comment)> SetUpAsync(string platform, bool lookupFinds)
    {
        var s = For(platform);
        AcceptsThenTimesOut(s);
        _api.Given(s.Lookup).RespondWith(Json(lookupFinds ? s.Found : s.CannotTell));
        var store = _app.Services.GetRequiredService<ConnectionStore>();
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var account = new PlatformAccount
        {
            Platform = s.Platform, DisplayName = $"Brand on {platform}", ExternalId = s.AccountId, Handle = s.Handle, BaseUrl = _api.Url + s.BasePath,
            EncryptedCredentials = store.Seal(s.Secrets), CreatedAt = TimeProvider.System.GetUtcNow(),
        };
        db.PlatformAccounts.Add(account);
        await db.SaveChangesAsync();
        var comment = await _app.CommentAsync("Where can I buy it?", Intent.Query, SentimentLabel.Neutral, TimeProvider.System.GetUtcNow(), platform: s.Platform, accountId: account.Id);
        await _app.DbAsync(async d =>
        {
            await d.Interactions.Where(i => i.Id == comment).ExecuteUpdateAsync(u => u.SetProperty(i => i.ExternalId, s.CommentId));
            return 0;
        });
        return (s, comment);
    }

    private Task<InboxReply> ReplyRowAsync(long comment) => _app.DbAsync(db => db.InboxReplies.AsNoTracking().SingleAsync(r => r.InteractionId == comment));

    private Task<HandledState> StateAsync(long comment) =>
        _app.DbAsync(db => db.Interactions.Where(i => i.Id == comment).Select(i => i.State).SingleAsync());

    [Theory]
    [InlineData("x")]
    [InlineData("facebook")]
    [InlineData("linkedin")]
    public async Task AReplyWhoseAnswerWasLostIsFoundOnThePlatformAndNeverSentTwice(string platform)
    {
        var (s, comment) = await SetUpAsync(platform, lookupFinds: true);
        var announced = new TaskCompletionSource<InteractionsChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _app.Services.GetRequiredService<EventBus>().Subscribe<InteractionsChanged>(events =>
        {
            foreach (var e in events.Where(e => e.Change == "reply_unconfirmed"))
            {
                announced.TrySetResult(e);
            }

            return Task.CompletedTask;
        });

        var lost = await Inbox.ReplyAsync(comment, Text, Editor);

        Assert.Equal(InboxFailure.Unconfirmed, lost.Failure);
        // Open inbox pages hear of it at once.
        Assert.Equal([comment], (await announced.Task.WaitAsync(TimeSpan.FromSeconds(10))).InteractionIds);
        Assert.Equal(ReplyStatus.Unconfirmed, (await ReplyRowAsync(comment)).Status);
        Assert.Equal(HandledState.Open, await StateAsync(comment));
        Assert.Equal(ReplyStatus.Unconfirmed, lost.Item?.Reply);

        var again = await Inbox.ReplyAsync(comment, Text, Editor);

        Assert.Equal(InboxFailure.None, again.Failure);
        Assert.Equal(1, await CreatesAsync(s, 1));
        var row = await ReplyRowAsync(comment);
        Assert.Equal((ReplyStatus.Sent, s.FoundId), (row.Status, row.ExternalId));
        Assert.Equal(HandledState.Replied, await StateAsync(comment));
    }

    [Theory]
    [InlineData("x", true)]
    [InlineData("facebook", false)]
    [InlineData("linkedin", true)]
    [InlineData("linkedin", false)]
    public async Task WhereThePlatformCannotTellNothingIsSentUntilAnEditorDecides(string platform, bool sendAgain)
    {
        var (s, comment) = await SetUpAsync(platform, lookupFinds: false);
        Assert.Equal(InboxFailure.Unconfirmed, (await Inbox.ReplyAsync(comment, Text, Editor)).Failure);

        var asked = await Inbox.ReplyAsync(comment, Text, Editor);

        Assert.Equal(InboxFailure.Conflict, asked.Failure);
        Assert.Contains("Send again or Mark as sent", asked.Message, StringComparison.Ordinal);
        Assert.Equal(1, await CreatesAsync(s, 1));
        Assert.Equal(ReplyStatus.Unconfirmed, (await ReplyRowAsync(comment)).Status);
        Assert.Equal(InboxFailure.Conflict, (await Inbox.ReplyAsync(comment, "Another text entirely", Editor)).Failure);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Inbox.MarkReplySentAsync(comment, Analyst));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Inbox.ReplyAgainAsync(comment, Analyst));

        // The platform answers in time now.
        _api.Given(Create(s)).AtPriority(1).RespondWith(Json(new { data = new { id = "second" }, id = "second" }, 201).WithHeader("x-restli-id", "second"));
        var decided = sendAgain ? await Inbox.ReplyAgainAsync(comment, Editor) : await Inbox.MarkReplySentAsync(comment, Editor);

        Assert.Equal(InboxFailure.None, decided.Failure);
        Assert.Equal(sendAgain ? 2 : 1, await CreatesAsync(s, sendAgain ? 2 : 1));
        var row = await ReplyRowAsync(comment);
        Assert.Equal(ReplyStatus.Sent, row.Status);
        Assert.Equal(sendAgain ? "second" : null, row.ExternalId);
        Assert.Equal(HandledState.Replied, await StateAsync(comment));
        Assert.Equal(InboxFailure.Conflict, (await Inbox.MarkReplySentAsync(comment, Editor)).Failure);
    }

    [Fact]
    public async Task AReplyInterruptedWhileSendingIsLookedUpNotSentAgain()
    {
        var (s, comment) = await SetUpAsync("x", lookupFinds: false);
        var longAgo = TimeProvider.System.GetUtcNow() - TimeSpan.FromMinutes(10);
        await _app.DbAsync(async db =>
        {
            db.InboxReplies.Add(new InboxReply
            {
                InteractionId = comment, Key = InboxService.KeyOf(comment, Text), Text = Text, Status = ReplyStatus.Sending, CreatedAt = longAgo, LastAttemptAt = longAgo,
            });
            return await db.SaveChangesAsync();
        });

        // Lists already show it as unconfirmed, before anyone acts on it.
        Assert.Equal(ReplyStatus.Unconfirmed, (await _app.Services.GetRequiredService<InboxQueries>().GetAsync(comment))!.Reply);

        var outcome = await Inbox.ReplyAsync(comment, Text, Editor);

        Assert.Equal(InboxFailure.Conflict, outcome.Failure);
        Assert.Equal(0, await CreatesAsync(s, 0));
        Assert.Equal(ReplyStatus.Unconfirmed, (await ReplyRowAsync(comment)).Status);
        Assert.Equal(HandledState.Open, await StateAsync(comment));
    }

    [Fact]
    public async Task ARefusedReplyStaysFailedAndMayBeSentAgain()
    {
        var (s, comment) = await SetUpAsync("x", lookupFinds: false);
        _api.Given(Create(s)).AtPriority(1).RespondWith(Json(new { title = "Forbidden", detail = "You are not permitted to reply to this post.", status = 403 }, 403));

        var refused = await Inbox.ReplyAsync(comment, Text, Editor);

        Assert.Equal(InboxFailure.PlatformRefused, refused.Failure);
        Assert.Equal(ReplyStatus.Failed, (await ReplyRowAsync(comment)).Status);
        _api.Given(Create(s)).AtPriority(0).RespondWith(Json(new { data = new { id = "1850000000000000300" } }, 201));

        var sent = await Inbox.ReplyAsync(comment, Text, Editor);

        Assert.True(sent.Sent, sent.Message);
        Assert.Equal(2, await CreatesAsync(s, 2));
        Assert.Equal("1850000000000000300", (await ReplyRowAsync(comment)).ExternalId);
    }

    public void Dispose()
    {
        _app.Dispose();
        _api.Stop();
    }
}
