namespace SocialOps.Core.Analytics;

/// <summary>Engagements ÷ audience, and nothing at all where no audience was reported: an unknown audience is not a zero rate.</summary>
public static class EngagementRates
{
    public static double? Of(long engagements, long audience) => audience == 0 ? null : Math.Round((double)engagements / audience, 6);
}

/// <summary>
/// The one place the engagement rate of a group of posts is worked out (dashboard, platforms, best times, the wall and
/// the API all sum through it): engagements ÷ audience over the posts whose platform reported an audience only; the
/// posts that reported none (Mastodon, Bluesky…) are counted apart, with their engagements per post.
/// </summary>
public readonly record struct EngagementSums(int Posts, long Engagements, int PostsWithAudience, long EngagementsWithAudience, long Audience)
{
    public static EngagementSums Of(IEnumerable<PostMetrics> rows)
    {
        var sums = default(EngagementSums);
        foreach (var r in rows)
        {
            sums = sums.Add(r.Engagements, r.Audience);
        }

        return sums;
    }

    public EngagementSums Add(long engagements, long audience) => audience > 0
        ? new(Posts + 1, Engagements + engagements, PostsWithAudience + 1, EngagementsWithAudience + engagements, Audience + audience)
        : this with { Posts = Posts + 1, Engagements = Engagements + engagements };

    /// <summary>Σ engagements ÷ Σ audience over the posts that report an audience; null when none does.</summary>
    public double? Rate => EngagementRates.Of(EngagementsWithAudience, Audience);

    public int PostsWithoutAudience => Posts - PostsWithAudience;

    /// <summary>What the posts without a reported audience show instead of a rate: their engagements ÷ their number.</summary>
    public double? EngagementsPerPostWithoutAudience => PostsWithoutAudience == 0 ? null : Math.Round((double)(Engagements - EngagementsWithAudience) / PostsWithoutAudience, 4);
}

/// <summary>
/// A post's engagements at 7 days: the counters of its newest snapshot taken no later than 7 days after publishing.
/// Only posts with a snapshot taken 7 days or more after publishing count (a younger post has not had its 7 days yet),
/// so every period's posts are compared at the same age.
/// </summary>
public static class AtSevenDays
{
    public static readonly TimeSpan Age = TimeSpan.FromDays(7);

    /// <summary>Engagements per post at 7 days over <paramref name="values"/> (one per post that reached the age); null for none.</summary>
    public static double? PerPost(IReadOnlyCollection<long> values) => values.Count == 0 ? null : Math.Round((double)values.Sum() / values.Count, 4);
}

/// <summary>
/// The clicks ROI puts a value on (and the export's <c>tracked_clicks</c> beside the platform's <c>clicks</c>): for each
/// post published in the period, the clicks counted on its own tracked links (every day so far, like its other counters)
/// when it has at least one tracked link, otherwise the clicks its platform reported. Never both for one post: a
/// platform's click count may include clicks on our links. Tracked links made for no post count in no ROI.
/// </summary>
public static class RoiClicks
{
    /// <summary><paramref name="trackedByPost"/> holds every post with a tracked link (0 for one nobody clicked).</summary>
    public static (long Tracked, long Platform) Of(IEnumerable<PostMetrics> posts, IReadOnlyDictionary<int, long> trackedByPost)
    {
        long tracked = 0, platform = 0;
        foreach (var post in posts)
        {
            if (trackedByPost.TryGetValue(post.PostId, out var clicks))
            {
                tracked += clicks;
            }
            else
            {
                platform += post.Clicks;
            }
        }

        return (tracked, platform);
    }
}

/// <summary>
/// Costs under a platform or account filter: each cost of the whole period (AI usage, tools, labour) × the filtered
/// posts' share of all posts published in the period. Without a filter the share is 1; with one, and no post published
/// at all in the period, there is no share and so no cost and no ROI.
/// </summary>
public static class RoiCostShare
{
    public static decimal? Of(bool filtered, int filteredPosts, int allPosts) =>
        !filtered ? 1m : allPosts == 0 ? null : (decimal)filteredPosts / allPosts;
}
