using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

/// <summary>Stored markup in a comment, a post and an account name is shown as text on every page, with no script run.</summary>
public sealed class XssTests(XssTests.Fixture browser) : IClassFixture<XssTests.Fixture>
{
    public sealed class Fixture : BrowserFixture
    {
        protected override void ConfigureApp(SocialOpsAppFactory app)
        {
        }

        public async Task StorePayloadsAsync()
        {
            await using var db = await App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
            if (await db.Interactions.AnyAsync(i => i.ExternalId == "xss-1"))
            {
                return;
            }

            var now = App.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var account = new PlatformAccount { Platform = Platform.Mastodon, DisplayName = XssCheck.Payload, Handle = XssCheck.Payload, CreatedAt = now };
            var post = new Post { Platform = Platform.Mastodon, Account = account, Content = XssCheck.Payload, CreatedAt = now }.ScheduledAt(now.AddHours(2));
            db.Posts.Add(post);
            var comment = new Interaction
            {
                Platform = Platform.Mastodon, ExternalId = "xss-1", Account = account, Post = post, AuthorName = XssCheck.Payload,
                AuthorHandle = "@attacker", Text = XssCheck.Payload, ReceivedAt = now,
                Sentiment = new SentimentResult
                {
                    Label = SentimentLabel.Negative, Intent = Intent.Complaint, ModelVersion = "test",
                    SuggestedReply = XssCheck.Payload, AnalyzedAt = now, Keywords = [XssCheck.Payload],
                },
            };
            comment.Correct(SentimentLabel.Negative, Intent.Complaint, now);
            db.Interactions.Add(comment);
            await db.SaveChangesAsync();
        }

    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/posts", true)]
    [InlineData("/calendar", false)]
    [InlineData("/inbox", true)]
    [InlineData("/analytics", false)]
    [InlineData("/settings", true)]
    public async Task StoredMarkupRendersAsText(string path, bool payloadShown)
    {
        await browser.StorePayloadsAsync();
        await using (var db = await browser.App.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            // The pages must have markup to show: a comment, its author, its suggested reply, a post and an account name.
            Assert.True(await db.Interactions.AnyAsync(i => i.Text == XssCheck.Payload && i.AuthorName == XssCheck.Payload));
            Assert.True(await db.Posts.AnyAsync(p => p.Content == XssCheck.Payload));
        }

        await using var tab = await browser.NewPageAsync();

        await XssCheck.AssertHarmlessAsync(tab, path, payloadShown);

        Assert.Empty(tab.Errors);
    }
}
