using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using SocialOps.Core.Content;

namespace SocialOps.Core.Links;

/// <summary>Where a code leads.</summary>
public sealed record LinkTarget(int Id, string Code, string Url);

/// <summary>A tracked link with its count.</summary>
public sealed record LinkView(string Code, string Url, string OriginalUrl, int? PostId, long Clicks, DateTimeOffset CreatedAt);

/// <summary>Creates tracked links and finds where a code leads; a code's target never changes, so it is cached once read.</summary>
public sealed partial class LinkService(
    IDbContextFactory<SocialOpsDbContext> contexts, Audit.AuditLog audit, IOptions<LinkOptions> options, TimeProvider time, ILogger<LinkService> logger)
{
    public const int MaxUrlLength = 2000;
    private const int MaxCached = 100_000;

    private readonly ConcurrentDictionary<string, LinkTarget> _targets = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes a tracked link to <paramref name="url"/>, tagged for <paramref name="postId"/>'s platform and campaign when
    /// given (then made once per post and address: asking again answers the same code). Null and errors when refused;
    /// <c>NotFound</c> when the post does not exist.
    /// </summary>
    public async Task<(LinkView? Link, ValidationErrors Errors, bool NotFound)> CreateAsync(string? url, int? postId, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var errors = new ValidationErrors();
        if (!IsLinkable(url))
        {
            errors.Add("url", $"url must be an absolute http:// or https:// address of at most {MaxUrlLength} characters.");
            return (null, errors, false);
        }

        Post? post = null;
        if (postId is { } id)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            post = await db.Posts.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
            if (post is null)
            {
                errors.Add("postId", $"There is no post {id}.");
                return (null, errors, true);
            }
        }

        var link = await GetOrCreateAsync(url!, post, actor.UserId, ct);
        return (ToView(link), errors, false);
    }

    /// <summary>Where the code leads, or null; a well-formed code is looked up once, then served from memory.</summary>
    public async ValueTask<LinkTarget?> FindTargetAsync(string code, CancellationToken ct)
    {
        if (!LinkCodes.IsWellFormed(code))
        {
            return null;
        }

        if (_targets.TryGetValue(code, out var target))
        {
            return target;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        target = await db.Set<TrackedLink>().AsNoTracking().Where(l => l.Code == code)
            .Select(l => new LinkTarget(l.Id, l.Code, l.Url)).SingleOrDefaultAsync(ct);
        if (target is not null)
        {
            if (_targets.Count >= MaxCached)
            {
                _targets.Clear();
            }

            _targets[code] = target;
        }

        return target;
    }

    public async Task<LinkView?> FindAsync(string code, CancellationToken ct = default)
    {
        if (!LinkCodes.IsWellFormed(code))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var link = await db.Set<TrackedLink>().AsNoTracking().SingleOrDefaultAsync(l => l.Code == code, ct);
        return link is null ? null : ToView(link);
    }

    /// <summary>The post's tracked links, in the order they were made.</summary>
    public async Task<IReadOnlyList<LinkView>> ForPostAsync(int postId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var links = await db.Set<TrackedLink>().AsNoTracking().Where(l => l.PostId == postId).OrderBy(l => l.Id).ToListAsync(ct);
        return [.. links.Select(ToView)];
    }

    /// <summary>The short address of a code, under <see cref="LinkOptions.PublicBaseUrl"/> or else <paramref name="requestBase"/>.</summary>
    public string? ShortUrl(string code, string? requestBase = null) =>
        (options.Value.PublicBaseUrl is { Length: > 0 } configured ? configured : requestBase) is { Length: > 0 } baseUrl
            ? $"{baseUrl.TrimEnd('/')}/l/{code}"
            : null;

    /// <summary>
    /// The text to publish: with link tracking asked for (by the post or its account) and a public address set, every
    /// http(s) address in it is replaced by its short link, made once per post and address so a retry reuses the codes.
    /// </summary>
    public async Task<string> PrepareTextAsync(Post post, CancellationToken ct)
    {
        if (!post.TrackLinks && !await AccountTracksAsync(post.AccountId, ct))
        {
            return post.Content;
        }

        if (options.Value.PublicBaseUrl is not { Length: > 0 } publicBase)
        {
            LogNoPublicBase(logger, post.Id);
            return post.Content;
        }

        var ours = publicBase.TrimEnd('/') + "/l/";
        var urls = Urls(post.Content).Where(u => !u.StartsWith(ours, StringComparison.OrdinalIgnoreCase) && IsLinkable(u)).Distinct().ToList();
        if (urls.Count == 0)
        {
            return post.Content;
        }

        var shortUrls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var url in urls)
        {
            shortUrls[url] = ours + (await GetOrCreateAsync(url, post, null, ct)).Code;
        }

        return UrlPattern().Replace(post.Content, m => shortUrls.TryGetValue(Trimmed(m.Value), out var s) ? s + m.Value[Trimmed(m.Value).Length..] : m.Value);
    }

    /// <summary>Whether the account's posts go out with tracked links; false when there is no such account.</summary>
    public Task<bool> AccountTracksLinksAsync(int accountId, CancellationToken ct = default) => AccountTracksAsync(accountId, ct);

    /// <summary>Turns tracked links on or off for every post of an account (Admin, audited); false when there is no such account.</summary>
    public async Task<bool> SetAccountTrackingAsync(int accountId, bool on, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.PlatformAccounts.SingleOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return false;
        }

        audit.Add(db, actor, "account.track_links", "Account", accountId.ToString(CultureInfo.InvariantCulture), new { from = account.TrackLinks, to = on });
        account.TrackLinks = on;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Whether publishing can make short links (a public address is set).</summary>
    public bool CanShortenWhenPublishing => options.Value.PublicBaseUrl is { Length: > 0 };

    /// <summary>The http(s) addresses in a text, without the punctuation that ends a sentence around them.</summary>
    public static IEnumerable<string> Urls(string text) => UrlPattern().Matches(text).Select(m => Trimmed(m.Value));

    public static bool IsLinkable(string? url) =>
        url is { Length: > 0 and <= MaxUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var parsed)
        && parsed.Scheme is "http" or "https"
        && parsed.Host.Length > 0
        && !url.Any(char.IsWhiteSpace);

    private async Task<bool> AccountTracksAsync(int? accountId, CancellationToken ct)
    {
        if (accountId is null)
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.PlatformAccounts.Where(a => a.Id == accountId).Select(a => a.TrackLinks).SingleOrDefaultAsync(ct);
    }

    private async Task<TrackedLink> GetOrCreateAsync(string url, Post? post, string? userId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            if (post is not null && await db.Set<TrackedLink>().AsNoTracking().SingleOrDefaultAsync(l => l.PostId == post.Id && l.OriginalUrl == url, ct) is { } existing)
            {
                return existing;
            }

            var link = new TrackedLink
            {
                Code = LinkCodes.New(),
                OriginalUrl = url,
                Url = post is null
                    ? Utm.Tag(url, null, null, null)
                    : Utm.Tag(url, post.Platform.ToString().ToLowerInvariant(), Campaign(post), post.Id.ToString(CultureInfo.InvariantCulture)),
                PostId = post?.Id,
                CreatedById = userId,
                CreatedAt = time.GetUtcNow(),
            };
            db.Add(link);

            // A taken code, or the same post and address made at the same moment by a retry: look again.
            if (await db.TrySaveAsync(duplicatesConflict: true, ct))
            {
                return link;
            }

            if (attempt >= 4)
            {
                throw new InvalidOperationException("No free link code after 5 attempts.");
            }
        }
    }

    /// <summary>The post's campaign, else its first hashtag; none when it has neither.</summary>
    private static string? Campaign(Post post) =>
        post.Campaign is { Length: > 0 } campaign ? campaign : post.Hashtags.FirstOrDefault()?.TrimStart('#');

    private static LinkView ToView(TrackedLink l) => new(l.Code, l.Url, l.OriginalUrl, l.PostId, l.Clicks, l.CreatedAt);

    private static string Trimmed(string match) => match.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']', '}', '\'', '"');

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId} asks for tracked links but Links:PublicBaseUrl is not set: its links go out as written")]
    private static partial void LogNoPublicBase(ILogger logger, int postId);
}
