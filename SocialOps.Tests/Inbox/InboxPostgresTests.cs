using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Inbox;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Inbox;

/// <summary>The queue's order, filters, search and counts, and a reply sent once, on a real PostgreSQL server.</summary>
public sealed class InboxPostgresTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private SocialOpsAppFactory? _app;

    [Fact]
    public async Task TheQueueAndARepliedSandboxCommentBehaveTheSameOnPostgres()
    {
        _app = new SocialOpsAppFactory().UsePostgres(database.ConnectionString);
        var now = TimeProvider.System.GetUtcNow();
        var praise = await _app.CommentAsync("Lovely BEANS", Intent.Praise, SentimentLabel.Positive, now);
        var complaint = await _app.CommentAsync("Beans arrived broken", Intent.Complaint, SentimentLabel.Negative, now.AddHours(-2));
        var handled = await _app.CommentAsync("beans were late", Intent.Complaint, SentimentLabel.Negative, now, HandledState.Dismissed);
        var queries = _app.Services.GetRequiredService<InboxQueries>();

        var all = await queries.SearchAsync(new InboxFilter(Query: "beans"));
        var open = await queries.SearchAsync(new InboxFilter(State: HandledState.Open, Query: "Beans"));
        var counts = await queries.CountsAsync(new InboxFilter(Query: "beans"));

        Assert.Equal([complaint, praise, handled], all.Items.Select(i => i.Id));
        Assert.Equal(2, open.Total);
        Assert.Equal((2, 1), (counts.States[HandledState.Open], counts.States[HandledState.Dismissed]));
        Assert.Equal(2, counts.Sentiments[SentimentLabel.Negative]);

        var (_, postId) = await _app.PublishedSandboxPostAsync();
        var (id, problem) = await _app.Services.GetRequiredService<SandboxComments>().AddAsync(postId, "Robin", "Where can I buy it?", Actor.System, CancellationToken.None);
        Assert.Null(problem);
        var inbox = _app.Services.GetRequiredService<InboxService>();
        var first = await inbox.ReplyAsync(id!.Value, "At our shop!", new Actor("tester", Access: Access.Editor));
        var again = await inbox.ReplyAsync(id.Value, "At our shop!", new Actor("tester", Access: Access.Editor));

        Assert.True(first.Sent);
        Assert.False(again.Sent);
        Assert.Equal(HandledState.Replied, again.Item!.State);
        Assert.Equal(1, await _app.DbAsync(db => db.SandboxReplies.CountAsync(r => r.InteractionId == id)));
    }

    public void Dispose() => _app?.Dispose();
}
