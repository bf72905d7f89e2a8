using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;

namespace SocialOps.Core.Links;

/// <summary>One counted click, on a UTC day.</summary>
public readonly record struct Click(int LinkId, DateOnly Day);

/// <summary>
/// Decides on the request path whether a click counts, without touching the database: HEAD requests, link-preview
/// fetchers and bots do not, nor does the same visitor on the same link again within <see cref="LinkOptions.RepeatWindow"/>.
/// A visitor is a SHA-256 of link, IP address and user agent, kept in memory only (so a restart forgets who clicked,
/// never what was counted). Counted clicks go into a bounded channel that <see cref="ClickWriter"/> drains in batches.
/// </summary>
public sealed class ClickCounter(IOptions<LinkOptions> options, TimeProvider time)
{
    // Link-preview fetchers and crawlers, by user agent. Mastodon servers fetch previews as "Mastodon/4.x (http.rb/…; +https://instance/)",
    // Bluesky's card service as "Bluesky Cardyb/1.1".
    private static readonly string[] Fetchers =
    [
        "facebookexternalhit", "facebot", "meta-externalagent", "twitterbot", "linkedinbot", "slackbot", "slack-imgproxy",
        "discordbot", "cardyb", "bluesky", "mastodon", "pleroma", "akkoma", "misskey", "whatsapp", "telegrambot",
        "skypeuripreview", "redditbot", "pinterest", "embedly", "iframely", "googlebot", "bingbot", "applebot",
        "duckduckbot", "yandex", "baiduspider", "petalbot", "semrush", "ahrefs", "bot", "crawler", "spider", "preview",
        "curl/", "wget/", "python-requests", "headlesschrome",
    ];

    private readonly ConcurrentDictionary<UInt128, long> _seen = new();
    private readonly Channel<Click> _clicks = Channel.CreateBounded<Click>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    internal ChannelReader<Click> Reader => _clicks.Reader;

    /// <summary>Visitors remembered for the repeat window.</summary>
    public int RememberedVisitors => _seen.Count;

    public static bool IsFetcher(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return true;
        }

        foreach (var fetcher in Fetchers)
        {
            if (userAgent.Contains(fetcher, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts the click unless it is a HEAD request, a fetcher or a repeat; true when it was counted.</summary>
    public async ValueTask<bool> OfferAsync(int linkId, string method, string? userAgent, IPAddress? ip, CancellationToken ct)
    {
        if (!HttpMethodIsGet(method) || IsFetcher(userAgent))
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (!FirstInWindow(Visitor(linkId, ip, userAgent), now.UtcTicks))
        {
            return false;
        }

        var click = new Click(linkId, DateOnly.FromDateTime(now.UtcDateTime));
        if (!_clicks.Writer.TryWrite(click))
        {
            await _clicks.Writer.WriteAsync(click, ct);
        }

        return true;
    }

    /// <summary>Forgets visitors whose window has passed (the writer calls it between batches).</summary>
    public void ForgetExpired()
    {
        var now = time.GetUtcNow().UtcTicks;
        foreach (var (key, until) in _seen)
        {
            if (until <= now)
            {
                _seen.TryRemove(new KeyValuePair<UInt128, long>(key, until));
            }
        }
    }

    private static bool HttpMethodIsGet(string method) => string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase);

    private bool FirstInWindow(UInt128 visitor, long nowTicks)
    {
        var until = nowTicks + options.Value.RepeatWindow.Ticks;
        while (true)
        {
            if (_seen.TryAdd(visitor, until))
            {
                return true;
            }

            if (!_seen.TryGetValue(visitor, out var current))
            {
                continue;
            }

            if (current > nowTicks)
            {
                return false;
            }

            if (_seen.TryUpdate(visitor, until, current))
            {
                return true;
            }
        }
    }

    private static UInt128 Visitor(int linkId, IPAddress? ip, string? userAgent)
    {
        var text = $"{linkId.ToString(CultureInfo.InvariantCulture)}|{ip}|{userAgent}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return new UInt128(BitConverter.ToUInt64(hash[..8]), BitConverter.ToUInt64(hash[8..16]));
    }
}
