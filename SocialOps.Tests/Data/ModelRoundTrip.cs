using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Ai;
using SocialOps.Core.Analytics;
using SocialOps.Core.Audit;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Data;

/// <summary>Writes one entity of every kind, reads each back through a new context, and compares.</summary>
internal static class ModelRoundTrip
{
    // An instant with microseconds and a non-UTC offset, to prove both are kept (PostgreSQL stores microseconds).
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 3, 29, 2, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234560);

    public static async Task AssertEveryEntityRoundTripsAsync(Func<SocialOpsDbContext> newContext)
    {
        int postId;
        long interactionId;
        await using (var db = newContext())
        {
            var user = new AppUser { UserName = "ana@example.com", Email = "ana@example.com", DisplayName = "Ana", CreatedAt = At };
            var account = new PlatformAccount
            {
                Platform = Platform.Mastodon, DisplayName = "Brand", Handle = "@brand@example.social", ExternalId = "acct-1",
                BaseUrl = "https://example.social", EncryptedCredentials = "CfDJ8-opaque", TimeZone = "Europe/Berlin", CreatedAt = At,
            };
            var schedule = new Schedule
            {
                Kind = ScheduleKind.Recurring, CronExpression = "0 14 * * *", TimeZone = "Europe/Berlin",
                StartsAt = At, MaxOccurrences = 10, NextOccurrenceAt = At.AddDays(1), CreatedAt = At,
            };
            var post = new Post
            {
                Platform = Platform.Mastodon, Account = account, Content = "Hello <b>world</b> ☕", Hashtags = ["#coffee", "#news"],
                MediaReferences = ["media/one.png"], Schedule = schedule, CreatedById = user.Id, CreatedAt = At,
            }.ScheduledAt(At);
            post.Attempts.Add(new PublishAttempt
            {
                AttemptNumber = 1, Outcome = PublishOutcome.Unknown, IdempotencyKey = "key-1", StartedAt = At, Error = "timeout",
                ExternalId = "109", ExternalUrl = "https://example.social/@brand/109",
            });
            var interaction = new Interaction
            {
                Platform = Platform.Mastodon, Kind = InteractionKind.Reply, ExternalId = "c-1", Account = account, Post = post,
                AuthorName = "Ben", AuthorHandle = "@ben", Text = "<script>alert(1)</script> when do you open?", ReceivedAt = At,
                Sentiment = new SentimentResult
                {
                    Label = SentimentLabel.Negative, Score = -0.75, Confidence = 0.91, Intent = Intent.Complaint,
                    Keywords = ["open", "late"], ModelVersion = "test-1",
                    SuggestedReply = "Sorry!", AnalyzedAt = At,
                },
            };
            interaction.Correct(SentimentLabel.Negative, Intent.Complaint, At);
            interaction.Handle(HandledState.Escalated, "to the shop", "user-1", At);
            db.Users.Add(user);
            db.Posts.Add(post);
            db.Interactions.Add(interaction);
            db.PostMetricSnapshots.Add(new PostMetricSnapshot { Post = post, TakenAt = At, Likes = 1, Comments = 2, Shares = 3, Saves = 4, Clicks = 5, Impressions = 600, Reach = 500 });
            db.FollowerSnapshots.Add(new FollowerSnapshot { Account = account, Day = new DateOnly(2026, 3, 29), Followers = 1234, Following = 5, TakenAt = At });
            db.AiGenerationUsages.Add(new AiGenerationUsage { At = At, Provider = "openai-compatible", Model = "small", PromptTokens = 120, CompletionTokens = 40, CostUsd = 0.000123m });
            db.AuditEntries.Add(new AuditEntry { At = At, Actor = "ana@example.com", Action = "post.schedule", EntityType = "Post", Details = "{}", RemoteIp = "127.0.0.1" });
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = "key-1", Xml = "<key/>" });
            await db.SaveChangesAsync();
            postId = post.Id;
            interactionId = interaction.Id;
        }

        await using (var db = newContext())
        {
            var utc = At.ToUniversalTime();
            var post = await db.Posts.Include(p => p.Account).Include(p => p.Schedule).Include(p => p.Attempts).SingleAsync(p => p.Id == postId);
            Assert.Equal("Hello <b>world</b> ☕", post.Content);
            Assert.Equal(["#coffee", "#news"], post.Hashtags);
            Assert.Equal(["media/one.png"], post.MediaReferences);
            Assert.Equal(PostStatus.Scheduled, post.Status);
            Assert.Equal(utc, post.ScheduledFor);
            Assert.Equal(TimeSpan.Zero, post.ScheduledFor!.Value.Offset);
            Assert.Equal("Europe/Berlin", post.Account!.TimeZone);
            Assert.Equal("CfDJ8-opaque", post.Account.EncryptedCredentials);
            Assert.Equal("0 14 * * *", post.Schedule!.CronExpression);
            Assert.Equal(10, post.Schedule.MaxOccurrences);
            Assert.Equal(utc.AddDays(1), post.Schedule.NextOccurrenceAt);
            var attempt = Assert.Single(post.Attempts);
            Assert.Equal((1, PublishOutcome.Unknown, "key-1", "109"), (attempt.AttemptNumber, attempt.Outcome, attempt.IdempotencyKey, attempt.ExternalId));

            var interaction = await db.Interactions.Include(i => i.Sentiment).SingleAsync(i => i.Id == interactionId);
            Assert.Equal("<script>alert(1)</script> when do you open?", interaction.Text);
            Assert.Equal(postId, interaction.PostId);
            var sentiment = interaction.Sentiment!;
            Assert.Equal((SentimentLabel.Negative, -0.75, 0.91, Intent.Complaint), (sentiment.Label, sentiment.Score, sentiment.Confidence, sentiment.Intent));
            Assert.Equal(["open", "late"], sentiment.Keywords);
            Assert.Equal((true, "test-1"), (sentiment.RequiresResponse, sentiment.ModelVersion));
            Assert.Equal((ResponsePriority.Urgent, HandledState.Escalated, "to the shop", "user-1", utc), (interaction.Priority, interaction.State, interaction.HandledNote, interaction.HandledById, interaction.HandledAt));

            var metric = await db.PostMetricSnapshots.SingleAsync(m => m.PostId == postId);
            Assert.Equal(15, metric.Engagements);
            Assert.Equal(600, metric.Impressions);
            var followers = await db.FollowerSnapshots.SingleAsync();
            Assert.Equal((new DateOnly(2026, 3, 29), 1234L), (followers.Day, followers.Followers));
            var usage = await db.AiGenerationUsages.SingleAsync();
            Assert.Equal((0.000123m, 120, 40), (usage.CostUsd, usage.PromptTokens, usage.CompletionTokens));
            var audit = await db.AuditEntries.SingleAsync();
            Assert.Equal(("post.schedule", utc), (audit.Action, audit.At));
            Assert.Equal("Ana", (await db.Users.SingleAsync()).DisplayName);
            Assert.Equal("<key/>", (await db.DataProtectionKeys.SingleAsync(k => k.FriendlyName == "key-1")).Xml);

            // Instants compare correctly in SQL, not only in memory.
            Assert.Equal(1, await db.Posts.CountAsync(p => p.ScheduledFor > utc.AddMilliseconds(-1) && p.ScheduledFor < utc.AddMilliseconds(1)));
            Assert.Equal(1, await db.Interactions.CountAsync(i => i.ReceivedAt <= utc));
        }

        // Optimistic concurrency on posts: a stale writer loses.
        await using var first = newContext();
        await using var second = newContext();
        var a = await first.Posts.SingleAsync(p => p.Id == postId);
        var b = await second.Posts.SingleAsync(p => p.Id == postId);
        a.ClaimedAt(At, new PublishAttempt { AttemptNumber = 2, Outcome = PublishOutcome.Pending, IdempotencyKey = "key-2", StartedAt = At });
        await first.SaveChangesAsync();
        b.Cancel(null, At);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }
}
