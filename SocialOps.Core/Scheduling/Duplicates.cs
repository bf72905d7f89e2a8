using System.Text;
using SocialOps.Core.Content;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Scheduling;

/// <summary>A note on a request that was accepted: something the person may want to look at, keyed by field.</summary>
public sealed record FieldWarning(string Field, string Message);

/// <summary>A post on the same account whose text is the same (<see cref="Exact"/>) or nearly the same as a new one's.</summary>
public sealed record DuplicateMatch(int? PostId, DateTimeOffset When, PostStatus? Status, bool Exact)
{
    /// <summary>What the person reads: which post, when, and how alike.</summary>
    public string Describe()
    {
        var alike = Exact ? "The same text" : "Nearly the same text";
        var when = When.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return PostId is null
            ? $"{alike} is in this same request for this account, at {when}."
            : Status == PostStatus.Published
                ? $"{alike} was published on this account on {when} (post {PostId})."
                : $"{alike} is already scheduled on this account for {when} (post {PostId}).";
    }
}

/// <summary>
/// Finds posts on the same account, within <see cref="SchedulingOptions.DuplicateWindowDays"/> before or after a new
/// post's time, whose text is the same or nearly the same (<see cref="DuplicateText"/>). Posts that never went out and
/// will not (drafts, failed, missed, cancelled) do not count.
/// </summary>
public sealed class DuplicateCheck(IDbContextFactory<SocialOpsDbContext> contexts, IOptionsMonitor<SchedulingOptions> options)
{
    private static readonly PostStatus[] Counted =
        [PostStatus.PendingApproval, PostStatus.Scheduled, PostStatus.Publishing, PostStatus.Published, PostStatus.Retrying, PostStatus.Unconfirmed];

    /// <summary>Whether a platform refuses a post whose text it has seen from the account already (X does).</summary>
    public static bool Refused(Platform platform) => platform == Platform.X;

    /// <summary>What the API and the composer say when a duplicate is refused until confirmed.</summary>
    public static string RefusalAdvice(Platform platform) =>
        $"{platform} refuses a post with the same text as an earlier one: change the text, or confirm to schedule it anyway.";

    /// <summary>
    /// The matches for each item, in order; <paramref name="items"/> are also compared with each other (an earlier item of
    /// the same request is a duplicate too). <paramref name="except"/> is a post being edited, never its own duplicate.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<DuplicateMatch>>> FindAsync(
        IReadOnlyList<(Platform Platform, int? AccountId, string Text, DateTimeOffset When)> items, int? except = null, CancellationToken ct = default)
    {
        var window = TimeSpan.FromDays(options.CurrentValue.DuplicateWindowDays);
        var found = items.Select(_ => new List<DuplicateMatch>()).ToList();
        if (window <= TimeSpan.Zero || items.Count == 0)
        {
            return found;
        }

        // One read for the whole request: the platforms' posts around the earliest and latest time, matched by account here
        // (a post without an account is on the platform's built-in Sandbox, one account of its own).
        var platforms = items.Select(i => i.Platform).Distinct().ToList();
        var from = items.Min(i => i.When) - window;
        var to = items.Max(i => i.When) + window;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Posts.AsNoTracking()
            .Where(p => platforms.Contains(p.Platform) && Counted.Contains(p.Status) && p.Id != except)
            .Where(p => (p.ScheduledFor >= from && p.ScheduledFor <= to) || (p.PublishedAt >= from && p.PublishedAt <= to))
            .Select(p => new { p.Id, p.Platform, p.AccountId, p.Content, p.Hashtags, p.Status, p.ScheduledFor, p.PublishedAt })
            .ToListAsync(ct);
        var existing = rows
            .Select(p => (p.Id, p.Platform, p.AccountId, Text: DuplicateText.Normalise(DuplicateText.Published(p.Content, p.Hashtags)), p.Status,
                When: p.PublishedAt ?? p.ScheduledFor!.Value))
            .ToList();

        var normalised = items.Select(i => DuplicateText.Normalise(i.Text)).ToList();
        for (var i = 0; i < items.Count; i++)
        {
            var (platform, account, _, when) = items[i];
            foreach (var post in existing.Where(p => p.Platform == platform && p.AccountId == account && (p.When - when).Duration() <= window))
            {
                if (DuplicateText.Compare(normalised[i], post.Text) is { } exact)
                {
                    found[i].Add(new DuplicateMatch(post.Id, post.When, post.Status, exact));
                }
            }

            for (var j = 0; j < i; j++)
            {
                if (items[j].Platform == platform && items[j].AccountId == account && (items[j].When - when).Duration() <= window
                    && DuplicateText.Compare(normalised[i], normalised[j]) is { } exact)
                {
                    found[i].Add(new DuplicateMatch(null, items[j].When, null, exact));
                }
            }
        }

        return found;
    }
}

/// <summary>How two posts' texts are compared: case, spacing and invisible characters never matter.</summary>
public static class DuplicateText
{
    /// <summary>Texts at least this long also match when they differ in a few characters (see <see cref="Compare"/>).</summary>
    public const int NearMinimumLength = 40;

    /// <summary>The share of characters that may differ between two long texts that are still "nearly the same".</summary>
    public const double NearTolerance = 0.1;

    /// <summary>The text as it goes out: the content and its hashtags.</summary>
    public static string Published(string content, IEnumerable<string>? hashtags) =>
        hashtags is null ? content : string.Join(' ', [content, .. hashtags.Select(h => h.StartsWith('#') ? h : "#" + h)]);

    /// <summary>Compatibility forms folded (NFKC), lower case, zero-width characters removed, every run of spacing one space.</summary>
    public static string Normalise(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var result = new StringBuilder(folded.Length);
        var space = false;
        foreach (var c in folded)
        {
            if (c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF')
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = result.Length > 0;
                continue;
            }

            if (space)
            {
                result.Append(' ');
                space = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    /// <summary>
    /// For two normalised texts: true when they are the same, false when nearly the same (the same letters and digits
    /// with only punctuation, symbols or emoji between them, or, from <see cref="NearMinimumLength"/> characters, at
    /// most <see cref="NearTolerance"/> of the characters edited), null when they differ.
    /// </summary>
    public static bool? Compare(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return null;
        }

        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return true;
        }

        var (lettersA, lettersB) = (LettersAndDigits(a), LettersAndDigits(b));
        if (lettersA.Length > 0 && string.Equals(lettersA, lettersB, StringComparison.Ordinal))
        {
            return false;
        }

        var longer = Math.Max(a.Length, b.Length);
        if (Math.Min(a.Length, b.Length) < NearMinimumLength)
        {
            return null;
        }

        var allowed = (int)(longer * NearTolerance);
        return Math.Abs(a.Length - b.Length) <= allowed && WithinEdits(a, b, allowed) ? false : null;
    }

    private static string LettersAndDigits(string text) => string.Concat(text.Where(char.IsLetterOrDigit));

    /// <summary>Whether the edit distance is at most <paramref name="limit"/>: a band of that width around the diagonal suffices.</summary>
    private static bool WithinEdits(string a, string b, int limit)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var low = Math.Max(1, i - limit);
            var high = Math.Min(b.Length, i + limit);
            current[0] = i;
            if (low > 1)
            {
                current[low - 1] = limit + 1;
            }

            var best = int.MaxValue;
            for (var j = low; j <= high; j++)
            {
                var substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                var delete = (j < i + limit ? previous[j] : limit + 1) + 1;
                var insert = current[j - 1] + 1;
                current[j] = Math.Min(substitute, Math.Min(delete, insert));
                best = Math.Min(best, current[j]);
            }

            if (high < b.Length)
            {
                current[high + 1] = limit + 1;
            }

            if (best > limit)
            {
                return false;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length] <= limit;
    }
}
