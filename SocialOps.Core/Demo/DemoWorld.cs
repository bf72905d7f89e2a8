using SocialOps.Core.Ai;
using SocialOps.Core.Analytics;
using SocialOps.Core.Content;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Sentiment.Analysis;

namespace SocialOps.Core.Demo;

/// <summary>Generates the demo rows in memory, deterministically for a given seed and day.</summary>
internal sealed class DemoWorld(
    DateTimeOffset now, Random random, IReadOnlyDictionary<(string Text, string Author), SentimentAnalysis> analyses, string modelVersion)
{
    public List<PlatformAccount> Accounts { get; } = [];
    public List<Post> Posts { get; } = [];
    public List<FollowerSnapshot> Followers { get; } = [];
    public List<PostMetricSnapshot> Metrics { get; } = [];
    public List<Interaction> Interactions { get; } = [];
    public List<AiGenerationUsage> AiUsage { get; } = [];

    private readonly DateOnly _today = DateOnly.FromDateTime(now.UtcDateTime);
    private int _commentSeq;

    public void Build()
    {
        foreach (var spec in DemoContent.Accounts)
        {
            var account = new PlatformAccount
            {
                Platform = spec.Platform,
                DisplayName = $"{DemoContent.Brand} (demo)",
                Handle = spec.Handle,
                ExternalId = $"demo-{spec.Platform.ToString().ToLowerInvariant()}",
                TimeZone = spec.TimeZone,
                IsDemo = true,
                IsSandbox = true,
                CreatedAt = now.AddDays(-DemoSeeder.Days - 1),
                LastSyncedAt = now,
            };
            Accounts.Add(account);
            BuildHistory(account, spec.Followers, spec.Reach);
            BuildUpcoming(account);
        }

        BuildRecurringSeries();
        BuildAiUsage();
    }

    private void BuildHistory(PlatformAccount account, int followersToday, double reach)
    {
        var followers = (long)(followersToday * 0.86);
        var dailyGrowth = (followersToday - followers) / (double)DemoSeeder.Days;
        for (var d = DemoSeeder.Days; d >= 1; d--)
        {
            var day = _today.AddDays(-d);
            followers = Math.Max(0, followers + (long)Math.Round(dailyGrowth * (0.4 + random.NextDouble() * 1.2)));
            Followers.Add(new FollowerSnapshot
            {
                Account = account,
                Day = day,
                Followers = followers,
                Following = 150 + d % 7,
                TakenAt = new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 55)), TimeSpan.Zero),
            });

            var sentiments = new List<double>();
            if (random.NextDouble() < 0.8)
            {
                BuildPublishedPost(account, day, followers, reach, sentiments);
            }
        }
    }

    private void BuildPublishedPost(PlatformAccount account, DateOnly day, long followers, double reach, List<double> sentiments)
    {
        var best = DemoContent.BestHours(account.Platform);
        var onBestHour = random.NextDouble() < 0.65;
        var hour = onBestHour ? best[random.Next(best.Length)] : random.Next(6, 22);
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, random.Next(0, 4) * 15)), TimeSpan.Zero);
        var post = NewPost(account, at);
        var publishedAt = at.AddSeconds(random.Next(1, 20));
        var externalId = $"demo-{account.Platform.ToString().ToLowerInvariant()}-{Posts.Count}";
        var externalUrl = $"https://demo.socialops.invalid/{account.Platform.ToString().ToLowerInvariant()}/{Posts.Count}";
        post.Claim(new PublishAttempt
        {
            AttemptNumber = 1,
            Outcome = PublishOutcome.Succeeded,
            IdempotencyKey = $"demo-{Guid.NewGuid():N}",
            StartedAt = at,
            CompletedAt = publishedAt,
            HttpStatus = 200,
            ExternalId = externalId,
            ExternalUrl = externalUrl,
        }, at);
        post.MarkPublished(externalId, externalUrl, publishedAt, null, publishedAt);

        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var impressions = (long)(followers * reach * (onBestHour ? 1.45 : 0.8) * (weekend ? 0.85 : 1.0) * (0.6 + random.NextDouble()));
        var rate = account.Platform switch { Platform.Instagram => 0.055, Platform.LinkedIn => 0.045, Platform.Facebook => 0.02, _ => 0.035 };
        var engagements = impressions * rate * (onBestHour ? 1.3 : 0.85) * (0.7 + random.NextDouble() * 0.6);
        var comments = BuildComments(post, account, sentiments);

        // Mastodon and Bluesky report no impressions or reach, as their connectors find. The last snapshot, an hour past
        // the week (publishing follows the planned minute by seconds), gives each post its engagements at 7 days.
        var reportsAudience = account.Platform is not (Platform.Mastodon or Platform.Bluesky);
        foreach (var (hours, share) in new[] { (1, 0.35), (24, 0.85), (72, 1.0), (7 * 24 + 1, 1.0) })
        {
            var takenAt = at.AddHours(hours);
            if (takenAt > now)
            {
                break;
            }

            Metrics.Add(new PostMetricSnapshot
            {
                Post = post,
                TakenAt = takenAt,
                Likes = (long)(engagements * 0.68 * share),
                Comments = hours >= 72 ? comments : (long)(comments * share),
                Shares = (long)(engagements * 0.11 * share),
                Saves = (long)(engagements * (account.Platform == Platform.Instagram ? 0.12 : 0.04) * share),
                Clicks = (long)(engagements * 0.14 * share),
                Impressions = reportsAudience ? (long)(impressions * share) : 0,
                Reach = reportsAudience ? (long)(impressions * 0.78 * share) : 0,
            });
        }
    }

    private int BuildComments(Post post, PlatformAccount account, List<double> sentiments)
    {
        var count = random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            var text = DemoContent.Comments[random.Next(DemoContent.Comments.Length)];
            var author = DemoContent.Authors[random.Next(DemoContent.Authors.Length)];
            var received = post.ScheduledFor!.Value.AddMinutes(random.Next(5, 48 * 60));
            if (received > now)
            {
                continue;
            }

            _ = random.NextDouble(); // was a made-up confidence; drawn still, so the rest of the demo stays as it was
            var a = analyses[(text, author)];
            var age = now - received;
            var requiresResponse = a.RequiresResponse;
            var interaction = new Interaction
            {
                Platform = account.Platform,
                Kind = InteractionKind.Comment,
                ExternalId = $"demo-c{++_commentSeq}",
                Account = account,
                Post = post,
                ParentExternalId = post.ExternalId,
                AuthorName = author,
                AuthorHandle = "@" + author.Split(' ')[0].ToLowerInvariant() + _commentSeq % 97,
                Text = text,
                ReceivedAt = received,
                IsDemo = true,
            };
            interaction.Read(a, modelVersion, received.AddSeconds(1), announce: false);
            if (!requiresResponse)
            {
                interaction.Handle(HandledState.Dismissed, null, null, received.AddHours(3));
            }
            else if (age > TimeSpan.FromDays(3))
            {
                interaction.Handle(HandledState.Replied, null, null, received.AddHours(3));
            }

            Interactions.Add(interaction);
            sentiments.Add(a.SentimentScore);
        }

        return Interactions.Count(i => i.Post == post);
    }

    private void BuildUpcoming(PlatformAccount account)
    {
        var best = DemoContent.BestHours(account.Platform);
        for (var i = 0; i < 3; i++)
        {
            var day = _today.AddDays(1 + random.Next(0, 14));
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(best[random.Next(best.Length)], 0)), TimeSpan.Zero);
            NewPost(account, at, schedule: new Schedule { Kind = ScheduleKind.Once, RunAt = at, TimeZone = account.TimeZone, CreatedAt = now });
        }

        NewPost(account, null, $"{DemoContent.Label} Draft: ideas for next month's origin spotlight.");
    }

    private void BuildRecurringSeries()
    {
        var linkedIn = Accounts.Single(a => a.Platform == Platform.LinkedIn);
        var series = new Schedule
        {
            Kind = ScheduleKind.Recurring,
            CronExpression = "0 8 * * 1",
            TimeZone = "Europe/London",
            StartsAt = now,
            CreatedAt = now,
        };
        var nextMonday = _today.AddDays(((int)DayOfWeek.Monday - (int)_today.DayOfWeek + 7) % 7 is 0 ? 7 : ((int)DayOfWeek.Monday - (int)_today.DayOfWeek + 7) % 7);
        for (var week = 0; week < 2; week++)
        {
            var local = nextMonday.AddDays(7 * week).ToDateTime(new TimeOnly(8, 0));
            var zone = TimeZoneInfo.FindSystemTimeZoneById(series.TimeZone);
            var at = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
            NewPost(linkedIn, at, $"{DemoContent.Label} Monday brew notes: what we're cupping this week.", series, occurrenceAt: at);
        }

        series.OccurrencesCreated = 2;
        series.NextOccurrenceAt = series.Posts.Count > 0 ? series.Posts[0].ScheduledFor : null;

        var instagram = Accounts.Single(a => a.Platform == Platform.Instagram);
        const string refused = "Instagram needs at least one image; this post has none.";
        var failed = NewPost(instagram, now.AddHours(-20));
        failed.Claim(new PublishAttempt
        {
            AttemptNumber = 1,
            Outcome = PublishOutcome.PermanentFailure,
            IdempotencyKey = $"demo-{Guid.NewGuid():N}",
            StartedAt = now.AddHours(-20),
            CompletedAt = now.AddHours(-20).AddSeconds(2),
            HttpStatus = 400,
            Error = refused,
        }, now.AddHours(-20));
        failed.MarkFailed(refused, now.AddHours(-20).AddSeconds(2));
    }

    private void BuildAiUsage()
    {
        for (var i = 0; i < 30; i++)
        {
            var prompt = random.Next(300, 900);
            var completion = random.Next(80, 400);
            AiUsage.Add(new AiGenerationUsage
            {
                At = now.AddDays(-random.Next(1, DemoSeeder.Days)).AddMinutes(-random.Next(0, 600)),
                Provider = "demo",
                Model = "demo-model",
                Purpose = "draft",
                PromptTokens = prompt,
                CompletionTokens = completion,
                CostUsd = Math.Round((prompt * 0.15m + completion * 0.6m) / 1_000_000m, 6),
            });
        }
    }

    /// <summary>A demo post, scheduled at <paramref name="at"/> (a draft without); its lifecycle moves on from there.</summary>
    private Post NewPost(PlatformAccount account, DateTimeOffset? at, string? content = null, Schedule? schedule = null, DateTimeOffset? occurrenceAt = null)
    {
        var text = DemoContent.Posts[random.Next(DemoContent.Posts.Length)];
        var created = (at ?? now).AddDays(-2);
        var post = new Post
        {
            Platform = account.Platform,
            Account = account,
            Content = content ?? $"{DemoContent.Label} {text}",
            Hashtags = [.. DemoContent.Hashtags.OrderBy(_ => random.Next()).Take(random.Next(1, 4))],
            Schedule = schedule,
            OccurrenceAt = occurrenceAt,
            IsDemo = true,
            CreatedAt = created,
        };
        if (at is { } due)
        {
            post.ScheduleAt(due, needsApproval: false, created > now ? now : created);
        }

        Posts.Add(post);
        return post;
    }
}
