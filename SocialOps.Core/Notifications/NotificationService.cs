using MimeKit;
using SocialOps.Core.Audit;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Notifications;

/// <summary>What an Admin asks for when adding a channel; <c>kind</c> is <c>webhook</c> (with url and format) or <c>email</c> (with to).</summary>
public sealed record ChannelRequest(string? Kind, string? Name, string? Url, string? Format, string? To, IReadOnlyList<string>? Events);

/// <summary>A channel as Settings and the API show it, with how its messages fare.</summary>
public sealed record ChannelView(
    int Id, string Kind, string Name, string? Url, string? Format, string? To, IReadOnlyList<string> Events,
    int Pending, int Sent, int GaveUp, string? LastError);

/// <summary>The notification channels: adding (checked by the network guard), listing, removing and sending a test.</summary>
public sealed class NotificationService(
    IDbContextFactory<SocialOpsDbContext> contexts, NetworkGuard guard, ChannelTransport transport, AuditLog audit,
    IOptions<NotificationOptions> options, TimeProvider time)
{
    public const int MaxNameLength = 100;
    public const int MaxUrlLength = 2000;

    /// <summary>Adds a channel; its id, or null and what is wrong with the request.</summary>
    public async Task<(int? Id, ValidationErrors Errors)> AddChannelAsync(ChannelRequest request, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        var errors = new ValidationErrors();
        var kind = request.Kind?.Trim().ToLowerInvariant() switch
        {
            "webhook" => ChannelKind.Webhook,
            "email" => ChannelKind.Email,
            _ => (ChannelKind?)null,
        };
        if (kind is null)
        {
            errors.Add("kind", "kind must be webhook or email.");
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors.Add("name", $"Give the channel a name of at most {MaxNameLength} characters.");
        }

        var events = (request.Events ?? []).Select(e => e?.Trim() ?? "").Distinct().ToList();
        if (events.Count == 0)
        {
            errors.Add("events", "Choose at least one event.");
        }
        else if (events.Where(e => !NotificationEvents.IsKnown(e)).ToList() is { Count: > 0 } unknown)
        {
            errors.Add("events", $"Unknown events: {string.Join(", ", unknown)}. Known: {string.Join(", ", NotificationEvents.All.Select(e => e.Name))}.");
        }

        var channel = new NotificationChannel { Name = name ?? "", Events = events, CreatedById = actor.UserId, CreatedAt = time.GetUtcNow() };
        if (kind == ChannelKind.Webhook)
        {
            var (url, problem) = request.Url is { Length: > MaxUrlLength } ? (null, $"The address is longer than {MaxUrlLength} characters.") : guard.CheckUrl(request.Url);
            if (url is null)
            {
                errors.Add("url", $"The webhook address was refused: {problem}");
            }

            WebhookFormat format = WebhookFormat.Json;
            if (request.Format is { Length: > 0 } f && (!Enum.TryParse(f.Trim(), ignoreCase: true, out format) || int.TryParse(f, out _)))
            {
                errors.Add("format", "format must be json, slack, discord or teams.");
            }

            (channel.Kind, channel.Url, channel.Format) = (ChannelKind.Webhook, url?.AbsoluteUri, format);
        }
        else if (kind == ChannelKind.Email)
        {
            var to = request.To?.Trim();
            if (string.IsNullOrEmpty(to) || to.Length > 320 || !MailboxAddress.TryParse(to, out var mailbox) || !mailbox.Address.Contains('@', StringComparison.Ordinal))
            {
                errors.Add("to", "to must be one email address.");
            }

            if (!options.Value.Smtp.IsConfigured)
            {
                errors.Add("kind", "Email channels need an SMTP server: set Notifications:Smtp:Host, Port and From.");
            }

            (channel.Kind, channel.To) = (ChannelKind.Email, to);
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Add(channel);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "notifications.channel.add", nameof(NotificationChannel), channel.Id.ToString(CultureInfo.InvariantCulture),
            new { kind = channel.Kind.ToString().ToLowerInvariant(), channel.Name, channel.Events }, ct);
        return (channel.Id, errors);
    }

    public async Task<IReadOnlyList<ChannelView>> ListChannelsAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var channels = await db.Set<NotificationChannel>().AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(ct);
        var stats = await db.Set<NotificationDelivery>().Where(d => d.ChannelId != null).GroupBy(d => d.ChannelId!.Value).Select(g => new
        {
            ChannelId = g.Key,
            Pending = g.Count(d => d.SentAt == null && d.GaveUpAt == null),
            Sent = g.Count(d => d.SentAt != null),
            GaveUp = g.Count(d => d.GaveUpAt != null),
        }).ToDictionaryAsync(s => s.ChannelId, ct);
        var lastErrors = (await db.Set<NotificationDelivery>().Where(d => d.LastError != null && d.SentAt == null && d.ChannelId != null)
            .Select(d => new { ChannelId = d.ChannelId!.Value, d.Id, d.LastError }).ToListAsync(ct))
            .GroupBy(d => d.ChannelId).ToDictionary(g => g.Key, g => g.MaxBy(d => d.Id)!.LastError);
        return [.. channels.Select(c =>
        {
            var s = stats.GetValueOrDefault(c.Id);
            return new ChannelView(c.Id, c.Kind.ToString().ToLowerInvariant(), c.Name, c.Url,
                c.Kind == ChannelKind.Webhook ? c.Format.ToString().ToLowerInvariant() : null, c.To, c.Events,
                s?.Pending ?? 0, s?.Sent ?? 0, s?.GaveUp ?? 0, lastErrors.GetValueOrDefault(c.Id));
        })];
    }

    /// <summary>Removes a channel and its queued messages; false when there is no such channel.</summary>
    public async Task<bool> RemoveChannelAsync(int id, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Set<NotificationDelivery>().Where(d => d.ChannelId == id).ExecuteDeleteAsync(ct);
        var removed = await db.Set<NotificationChannel>().Where(c => c.Id == id).ExecuteDeleteAsync(ct) > 0;
        if (removed)
        {
            await audit.WriteAsync(actor, "notifications.channel.remove", nameof(NotificationChannel), id.ToString(CultureInfo.InvariantCulture), ct: ct);
        }

        return removed;
    }

    /// <summary>Sends a test message to the channel now, past the outbox: whether the channel exists, and why the send failed.</summary>
    public async Task<(bool Found, string? Error)> TestChannelAsync(int id, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Set<NotificationChannel>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } channel)
        {
            return (false, null);
        }

        var now = time.GetUtcNow();
        var message = new NotificationMessage(NotificationEvents.Test, $"test:{now.UtcTicks}",
            $"A test from SocialOps: the channel \"{channel.Name}\" works.", null, null, now);
        return (true, await transport.SendAsync(channel, message, ct));
    }
}
