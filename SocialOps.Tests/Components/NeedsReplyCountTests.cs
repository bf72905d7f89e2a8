using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Analytics;
using SocialOps.Core.Common;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Data;
using SocialOps.Core.Demo;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Inbox;
using SocialOps.Web.Components.Layout;
using SocialOps.Web.Components.Pages.Inbox;

namespace SocialOps.Tests.Components;

/// <summary>"Needs a reply" is one number: the navigation's badge, the dashboard and the inbox's queue count the same items.</summary>
public sealed class NeedsReplyCountTests : BunitTest, IAsyncLifetime
{
    private readonly SocialOpsAppFactory _app = new();

    public NeedsReplyCountTests()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<InboxQueries>());
        Services.AddSingleton(_app.Services.GetRequiredService<EventBus>());
        Services.AddSingleton(_app.Services.GetRequiredService<LiveUpdatesStatus>());
    }

    public async Task InitializeAsync()
    {
        await _app.Services.GetRequiredService<DemoSeeder>().SeedAsync();
        var now = TimeProvider.System.GetUtcNow();
        // Beside the demo's comments: one nothing could read, one not read yet, and a complaint already handled.
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        db.Interactions.AddRange(
            new Interaction
            {
                Platform = Platform.Mastodon, ExternalId = "unread-language", AuthorName = "Ana", Text = "¿Dónde está mi pedido?", ReceivedAt = now,
                Sentiment = new SentimentResult { ModelVersion = AnalysisEngines.NotAnalysed, RequiresResponse = true, AnalyzedAt = now },
            },
            new Interaction { Platform = Platform.Mastodon, ExternalId = "not-read-yet", AuthorName = "Bo", Text = "Do you deliver on Sundays?", ReceivedAt = now });
        await db.SaveChangesAsync();
        await _app.CommentAsync("The lid was cracked", Intent.Complaint, SentimentLabel.Negative, now, HandledState.Dismissed);
    }

    [Fact]
    public async Task TheBadgeTheDashboardAndTheInboxQueueCountTheSameItems()
    {
        var badge = Render<InboxBadge>();
        var summary = await _app.Services.GetRequiredService<DashboardQueries>().GetSummaryAsync();
        using var inbox = new InboxModel(_app.Services.GetRequiredService<InboxQueries>(), _app.Services.GetRequiredService<InboxService>(),
            _app.Services.GetRequiredService<InboxViews>());
        await inbox.InitializeAsync(new Actor("ed@example.com", "user-ed", Access: Access.Editor), InboxModel.NeedsReplyQueue);
        using var all = new InboxModel(_app.Services.GetRequiredService<InboxQueries>(), _app.Services.GetRequiredService<InboxService>(),
            _app.Services.GetRequiredService<InboxViews>());
        await all.InitializeAsync(new Actor("ed@example.com", "user-ed", Access: Access.Editor));

        var queue = inbox.Page!.Total;
        Assert.True(queue > 2, $"the demo leaves only {queue} items needing a reply");
        badge.WaitForAssertion(() => Assert.Equal(queue.ToString(System.Globalization.CultureInfo.InvariantCulture), badge.Find("[data-testid=inbox-needs-reply-count]").TextContent));
        Assert.Equal(queue, summary.NeedsReply);
        Assert.Equal(queue, inbox.Counts!.NeedsReply);
        Assert.Equal(queue, all.Counts!.NeedsReply);
        Assert.All(inbox.Items, i => Assert.True(i.IsOpen, i.Text));
        Assert.Contains(inbox.Items, i => i.Text == "¿Dónde está mi pedido?");
        Assert.Contains(inbox.Items, i => i.Text == "Do you deliver on Sundays?");
        Assert.DoesNotContain(inbox.Items, i => i.Text == "The lid was cracked");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _app.DisposeAsync();
    }
}
