using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Inbox;

/// <summary>The inbox contract: the queue, replies sent once, state and assignment, the Sandbox's comments and replies.</summary>
public sealed class InboxApiTests(SocialOpsAppFactory app) : IClassFixture<SocialOpsAppFactory>
{
    private const string Complaint = "My order arrived broken and nobody answers my emails, this is terrible";

    private async Task<JsonElement> AddSandboxCommentAsync(int postId, string text, string author = "Robin")
    {
        using var response = await app.CreateClientAs(Roles.Editor).PostAsJsonAsync("/api/sandbox/comments", new { postId, author, text });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task ASandboxCommentIsStoredAnalysedAndListedInTheInboxShape()
    {
        var (accountId, postId) = await app.PublishedSandboxPostAsync();
        var text = $"Where can I buy the winter blend? {Guid.NewGuid():N}";

        var item = await AddSandboxCommentAsync(postId, text);
        var list = await app.CreateClientAs(Roles.Analyst).GetFromJsonAsync<JsonElement>($"/api/inbox?q={Uri.EscapeDataString(text)}");

        foreach (var field in new[] { "id", "platform", "accountId", "author", "text", "sentiment", "score", "confidence", "intent", "priority", "suggestedReply", "state", "receivedAtUtc", "postId" })
        {
            Assert.True(item.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.Equal(text, item.GetProperty("text").GetString());
        Assert.Equal("open", item.GetProperty("state").GetString());
        Assert.Equal("mastodon", item.GetProperty("platform").GetString());
        Assert.Equal(accountId, item.GetProperty("accountId").GetInt32());
        Assert.Equal(postId, item.GetProperty("postId").GetInt32());
        Assert.NotNull(item.GetProperty("sentiment").GetString());
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(item.GetProperty("id").GetInt64(), list.GetProperty("items")[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task ACommentOnAPostThatIsNotOnTheSandboxOrDoesNotExistIsRefused()
    {
        var editor = app.CreateClientAs(Roles.Editor);

        using var missing = await editor.PostAsJsonAsync("/api/sandbox/comments", new { postId = 999_999, author = "A", text = "Hi" });
        using var empty = await editor.PostAsJsonAsync("/api/sandbox/comments", new { postId = (await app.PublishedSandboxPostAsync()).PostId, author = "A", text = " " });

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("text", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameReplyToTheSameItemIsSentOnce()
    {
        var (_, postId) = await app.PublishedSandboxPostAsync();
        var id = (await AddSandboxCommentAsync(postId, Complaint)).GetProperty("id").GetInt64();
        var editor = app.CreateClientAs(Roles.Editor);

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => editor.PostAsJsonAsync($"/api/inbox/{id}/reply", new { text = "Sorry! We'll send a new one today." })));
        using var again = await editor.PostAsJsonAsync($"/api/inbox/{id}/reply", new { text = "Sorry! We'll send a new one today." });
        var replies = await app.CreateClientAs(Roles.Analyst).GetFromJsonAsync<JsonElement>("/api/sandbox/replies");

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)a.StatusCode}"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("replied", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        var mine = replies.GetProperty("items").EnumerateArray().Where(r => r.GetProperty("interactionId").GetInt64() == id).ToList();
        Assert.Single(mine);
        Assert.Equal("Sorry! We'll send a new one today.", mine[0].GetProperty("text").GetString());
        Assert.True(mine[0].TryGetProperty("sentAtUtc", out _));
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, await app.DbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "inbox.reply" && a.EntityId == key)));
    }

    [Fact]
    public async Task EmptyOverLongAndUnsendableRepliesGetClearProblemsAndSendNothing()
    {
        var (xAccount, xPost) = await app.PublishedSandboxPostAsync(Platform.X);
        var onX = (await AddSandboxCommentAsync(xPost, Complaint)).GetProperty("id").GetInt64();
        var (removedAccount, removedPost) = await app.PublishedSandboxPostAsync();
        var orphan = (await AddSandboxCommentAsync(removedPost, Complaint)).GetProperty("id").GetInt64();
        await app.DbAsync(db => db.PlatformAccounts.Where(a => a.Id == removedAccount).ExecuteUpdateAsync(s => s.SetProperty(a => a.RemovedAt, TimeProvider.System.GetUtcNow())));
        var editor = app.CreateClientAs(Roles.Editor);
        var before = await app.DbAsync(db => db.SandboxReplies.CountAsync());

        using var empty = await editor.PostAsJsonAsync($"/api/inbox/{onX}/reply", new { text = "   " });
        using var tooLong = await editor.PostAsJsonAsync($"/api/inbox/{onX}/reply", new { text = new string('a', 281) });
        using var removed = await editor.PostAsJsonAsync($"/api/inbox/{orphan}/reply", new { text = "Hello" });
        using var unknown = await editor.PostAsJsonAsync("/api/inbox/987654/reply", new { text = "Hello" });
        using var malformed = await editor.PostAsync($"/api/inbox/{onX}/reply", new StringContent("{\"text\": 5}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("The reply is empty.", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("281 characters is over X's limit of 280.", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, removed.StatusCode);
        Assert.Contains("was removed", await removed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", removed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(before, await app.DbAsync(db => db.SandboxReplies.CountAsync()));
        Assert.Equal("open", await StateOfAsync(onX));
        Assert.True(xAccount > 0);
    }

    [Fact]
    public async Task StateChangesAndAssignmentAreStoredAuditedAndCheckedForBadInput()
    {
        var id = await app.CommentAsync($"Is it decaf? {Guid.NewGuid():N}", Intent.Query, SentimentLabel.Neutral, TimeProvider.System.GetUtcNow());
        var editor = app.CreateClientAs(Roles.Editor);
        string userId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync($"{Guid.NewGuid():N}@example.com", "A-long-password-1", Roles.Editor, Actor.System);
            userId = user?.Id ?? throw new InvalidOperationException(string.Join(" ", errors));
        }

        using var escalated = await editor.PostAsJsonAsync($"/api/inbox/{id}/state", new { state = "escalated", note = "Ask the roaster" });
        var afterEscalation = await StateOfAsync(id);
        using var handled = await editor.PostAsJsonAsync($"/api/inbox/{id}/state", new { state = "handled" });
        using var bad = await editor.PostAsJsonAsync($"/api/inbox/{id}/state", new { state = "archived" });
        using var replied = await editor.PostAsJsonAsync($"/api/inbox/{id}/state", new { state = "replied" });
        using var assigned = await editor.PostAsJsonAsync($"/api/inbox/{id}/assign", new { userId });
        using var nobody = await editor.PostAsJsonAsync($"/api/inbox/{id}/assign", new { userId = "no-such-user" });

        Assert.Equal(HttpStatusCode.OK, escalated.StatusCode);
        Assert.Equal("escalated", afterEscalation);
        Assert.Equal("handled", (await handled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replied.StatusCode);
        Assert.Equal(userId, (await assigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignedToId").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var actions = await app.DbAsync(db => db.AuditEntries.Where(a => a.EntityId == key && a.EntityType == "interaction").Select(a => a.Action).ToListAsync());
        Assert.Equal(["inbox.state", "inbox.state", "inbox.assign"], actions);
        var note = await app.DbAsync(db => db.AuditEntries.Where(a => a.EntityId == key && a.Action == "inbox.state").Select(a => a.Details).FirstAsync());
        Assert.Contains("Ask the roaster", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheQueueListsOpenItemsFirstByPriorityThenNewestAndFiltersAndPages()
    {
        var tag = Guid.NewGuid().ToString("N");
        var now = TimeProvider.System.GetUtcNow();
        var praise = await app.CommentAsync($"{tag} love it", Intent.Praise, SentimentLabel.Positive, now);
        var oldComplaint = await app.CommentAsync($"{tag} broken", Intent.Complaint, SentimentLabel.Negative, now.AddHours(-2));
        var newComplaint = await app.CommentAsync($"{tag} late again", Intent.Complaint, SentimentLabel.Negative, now.AddHours(-1));
        var query = await app.CommentAsync($"{tag} price?", Intent.Query, SentimentLabel.Neutral, now.AddMinutes(-5));
        var handledComplaint = await app.CommentAsync($"{tag} was broken", Intent.Complaint, SentimentLabel.Negative, now, HandledState.Dismissed);
        var other = await app.CommentAsync($"{tag} ok", Intent.None, SentimentLabel.Neutral, now, platform: Platform.Bluesky);
        var analyst = app.CreateClientAs(Roles.Analyst);

        async Task<long[]> IdsAsync(string query) => [.. (await analyst.GetFromJsonAsync<JsonElement>($"/api/inbox?q={tag}{query}")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];

        Assert.Equal([newComplaint, oldComplaint, query, praise, other, handledComplaint], await IdsAsync(""));
        Assert.Equal([handledComplaint], await IdsAsync("&state=handled"));
        Assert.Equal([newComplaint, oldComplaint], await IdsAsync("&state=open&sentiment=negative"));
        Assert.Equal([query], await IdsAsync("&intent=query"));
        Assert.Equal([other], await IdsAsync("&platform=bluesky"));
        Assert.Equal([newComplaint, oldComplaint, handledComplaint], await IdsAsync("&priority=urgent"));
        Assert.Equal([query, praise], await IdsAsync("&page=2&pageSize=2"));
        var page = await analyst.GetFromJsonAsync<JsonElement>($"/api/inbox?q={tag}&pageSize=2");
        Assert.Equal(6, page.GetProperty("total").GetInt32());

        using var badState = await analyst.GetAsync(new Uri("/api/inbox?state=archived", UriKind.Relative));
        using var badSize = await analyst.GetAsync(new Uri("/api/inbox?pageSize=5000", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Contains("state", await badState.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badSize.StatusCode);
    }

    [Fact]
    public async Task ImportedCommentsAreAnalysedOnceAndABadRowImportsNothing()
    {
        var tag = Guid.NewGuid().ToString("N");
        var good = $"platform,author,text,time\r\nmastodon,Ann,\"{tag} where is my parcel?\",2026-11-20T10:00:00Z\r\nx,\"<b>Bo</b>\",\"=HYPERLINK(\"\"http://evil\"\")\",2026-11-20T11:00:00Z\r\n";
        var bad = $"platform,author,text,time\r\nmastodon,Cy,{tag} fine,2026-11-20T10:00:00Z\r\nmyspace,Di,{tag} hi,yesterday\r\n";
        var editor = app.CreateClientAs(Roles.Editor);

        using var first = await editor.PostAsync("/api/inbox/import", new StringContent(good, Encoding.UTF8, "text/csv"));
        using var second = await editor.PostAsync("/api/inbox/import", new StringContent(good, Encoding.UTF8, "text/csv"));
        using var refused = await editor.PostAsync("/api/inbox/import", new StringContent(bad, Encoding.UTF8, "text/csv"));

        Assert.Equal(2, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32());
        Assert.Equal(0, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Line 3: unknown platform 'myspace'", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.DbAsync(db => db.Interactions.CountAsync(i => i.Text == $"{tag} fine")));
        var stored = await app.DbAsync(db => db.Interactions.Include(i => i.Sentiment).Where(i => i.Text.StartsWith(tag)).ToListAsync());
        Assert.Single(stored);
        Assert.NotNull(stored[0].Sentiment);
        Assert.Equal(1, await app.DbAsync(db => db.Interactions.CountAsync(i => i.AuthorName == "<b>Bo</b>")));
    }

    [Fact]
    public async Task CorrectionsAreStoredShownAndExportedAsTrainingData()
    {
        var text = $"=cmd|' /C calc'!A0 meh {Guid.NewGuid():N}";
        var id = await app.CommentAsync(text, Intent.None, SentimentLabel.Neutral, TimeProvider.System.GetUtcNow());
        var editor = app.CreateClientAs(Roles.Editor);

        using var corrected = await editor.PostAsJsonAsync($"/api/inbox/{id}/correction", new { sentiment = "negative", intent = "complaint" });
        using var bad = await editor.PostAsJsonAsync($"/api/inbox/{id}/correction", new { sentiment = "angry", intent = "complaint" });
        var csv = await app.CreateClientAs(Roles.Analyst).GetStringAsync(new Uri("/api/inbox/corrections.csv", UriKind.Relative));

        var item = await corrected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("negative", item.GetProperty("sentiment").GetString());
        Assert.Equal("complaint", item.GetProperty("intent").GetString());
        Assert.Equal("urgent", item.GetProperty("priority").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains($"'{text},negative,complaint,neutral,none,", csv, StringComparison.Ordinal);
    }

    private async Task<string?> StateOfAsync(long id)
    {
        var item = await app.DbAsync(db => db.Interactions.Where(i => i.Id == id).Select(i => i.State).SingleAsync());
        return Core.Inbox.InboxStates.Name(item);
    }
}
