using System.Text.RegularExpressions;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Scheduling;

/// <summary>A request that passed validation, with everything resolved: platform, account, instant, cron.</summary>
public sealed record ValidSchedule(
    Platform Platform, int? AccountId, string Content, List<string> Hashtags, string TimeZone,
    DateTimeOffset FirstRun, string? Cron, DateTimeOffset? EndsAt, int? MaxOccurrences, DateTimeOffset? StartsAt,
    List<string>? MediaReferences = null, bool TrackLinks = false, string? Campaign = null, List<string>? Thread = null, string? FirstComment = null);

/// <summary>Checks a schedule request field by field and resolves it, or says what is wrong with each field.</summary>
public sealed partial class ScheduleValidator(
    IDbContextFactory<SocialOpsDbContext> contexts,
    PublisherRegistry publishers,
    IOptions<SchedulingOptions> options,
    MediaStore mediaStore,
    TimeProvider time)
{
    public const int MaxHashtags = ContentRules.MaxHashtags;

    /// <summary>
    /// Checks a post's text and hashtags against its platform's <see cref="ContentRules"/> (its media are left as they
    /// are); problems go to <paramref name="errors"/>.
    /// </summary>
    public (string Content, List<string> Hashtags) ValidateText(Platform platform, string? content, List<string>? hashtags, ValidationErrors errors) =>
        ValidateText(platform, content, hashtags, null, errors);

    /// <summary>As <see cref="ValidateText(Platform, string?, List{string}?, ValidationErrors)"/>, and the post's media when given.</summary>
    public (string Content, List<string> Hashtags) ValidateText(
        Platform platform, string? text, List<string>? tags, List<string>? media, ValidationErrors errors, int? accountMaxLength = null)
    {
        var content = text?.Trim() ?? "";
        var hashtags = (tags ?? []).Select(h => h?.Trim() ?? "").ToList();
        foreach (var problem in ContentRules.Check(platform, content, hashtags, media, accountMaxLength).Problems)
        {
            errors.Add(problem.Field, problem.Message);
        }

        if (media?.FirstOrDefault(m => !mediaStore.IsUsable(m)) is { } missing)
        {
            errors.Add("mediaReferences", $"'{missing}' is neither an uploaded file nor an https link to an image or video.");
        }

        return (content, hashtags);
    }

    public Task<(ValidSchedule? Schedule, ValidationErrors Errors)> ValidateAsync(ScheduleRequest request, CancellationToken ct) =>
        ValidateAsync(request, null, ct);

    /// <summary>
    /// As <see cref="ValidateAsync(ScheduleRequest, CancellationToken)"/>, with the times written either in ISO 8601 or in
    /// <paramref name="dateFormat"/> (a CSV's, say); without a format the request's usual reading applies.
    /// </summary>
    public async Task<(ValidSchedule? Schedule, ValidationErrors Errors)> ValidateAsync(ScheduleRequest request, DateFormat? dateFormat, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var now = time.GetUtcNow();
        (request, var accountMaxLength) = await WithAccountPlatformAsync(request, ct);

        Platform platform = default;
        IPlatformPublisher? publisher = null;
        if (string.IsNullOrWhiteSpace(request.Platform) || !Enum.TryParse(request.Platform.Trim(), ignoreCase: true, out platform)
            || !Enum.IsDefined(platform) || int.TryParse(request.Platform, out _))
        {
            errors.Add("platform", $"Unknown platform '{request.Platform}'. Use one of: {string.Join(", ", Enum.GetNames<Platform>().Select(n => n.ToLowerInvariant()))}.");
        }
        else if ((publisher = publishers.For(platform)) is null)
        {
            errors.Add("platform", $"No connector for {platform} is set up yet; use sandbox or connect the account first.");
        }

        var (content, hashtags) = ValidateText(platform, request.Content, request.Hashtags, request.MediaReferences ?? [], errors, accountMaxLength);

        var thread = ValidateThread(platform, request.Thread, request.RecurrencePattern, errors, accountMaxLength);
        var firstComment = ValidateFirstComment(platform, request.FirstComment, errors, accountMaxLength);
        if (firstComment is not null && !string.IsNullOrWhiteSpace(request.RecurrencePattern))
        {
            errors.Add("firstComment", "A recurring series cannot carry a first comment yet; schedule the post once.");
        }

        var campaign = string.IsNullOrWhiteSpace(request.Campaign) ? null : request.Campaign.Trim();
        if (campaign is { Length: > 100 })
        {
            errors.Add("campaign", "campaign must be at most 100 characters.");
        }

        var zone = FindZone(request.TimeZone, errors);
        DateTimeOffset? requested = null;
        if (!string.IsNullOrWhiteSpace(request.ScheduledTime) && zone is not null)
        {
            requested = ParseTime(request.ScheduledTime, zone, dateFormat);
            if (requested is null)
            {
                errors.Add("scheduledTime", dateFormat is null || DateFormat.IsIso(request.ScheduledTime)
                    ? NotADateTime(request.ScheduledTime)
                    : $"'{request.ScheduledTime.Trim()}' does not match the date format {dateFormat} (nor ISO 8601, e.g. 2027-01-05 09:00).");
            }
        }

        string? cron = null;
        DateTimeOffset? firstRun = requested;
        DateTimeOffset? endsAt = null;
        if (!string.IsNullOrWhiteSpace(request.RecurrencePattern))
        {
            var (expression, problem) = CronPattern.Parse(request.RecurrencePattern);
            if (expression is null)
            {
                errors.Add("recurrencePattern", problem!);
            }
            else if (zone is not null)
            {
                cron = request.RecurrencePattern.Trim();
                if (!string.IsNullOrWhiteSpace(request.EndDate))
                {
                    endsAt = ParseTime(request.EndDate, zone, dateFormat);
                    if (endsAt is null || endsAt <= now)
                    {
                        errors.Add("endDate", "The end date must be a date-time in the future.");
                    }
                }

                if (request.MaxOccurrences is <= 0)
                {
                    errors.Add("maxOccurrences", "Must be at least 1.");
                }

                var from = requested is { } start && start > now ? start.AddTicks(-1) : now;
                var next = CronPattern.Next(expression, zone, from, 1, endsAt);
                firstRun = next.Count > 0 ? next[0] : null;
                if (firstRun is null && !errors.ContainsKey("endDate"))
                {
                    errors.Add("recurrencePattern", "The pattern has no occurrence before the end date.");
                }
            }
        }
        else if (requested is null && !errors.ContainsKey("scheduledTime") && zone is not null)
        {
            errors.Add("scheduledTime", "When should it go out? Give a date-time, or a recurrencePattern.");
        }

        if (cron is null && requested is { } at)
        {
            RefuseThePast(at, now, request.ScheduledTime!, zone!, errors);
        }

        int? accountId = null;
        if (publisher is not null)
        {
            accountId = await ResolveAccountAsync(platform, request.AccountId, errors, ct);
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new ValidSchedule(platform, accountId, content, hashtags, zone!.Id, firstRun!.Value, cron, endsAt, request.MaxOccurrences,
            cron is null ? null : requested, [.. request.MediaReferences ?? []], request.TrackLinks ?? false, campaign, thread, firstComment), errors);
    }

    /// <summary>
    /// A thread's parts after the content: only where the platform has threads, not for a recurring series, each part
    /// within the platform's limit; errors name the part (<c>thread[0]</c> is the thread's second part).
    /// </summary>
    public static List<string>? ValidateThread(Platform platform, List<string>? parts, string? recurrencePattern, ValidationErrors errors, int? accountMaxLength = null)
    {
        if (parts is null || parts.Count == 0)
        {
            return null;
        }

        if (!ContentRules.SupportsThreads(platform))
        {
            errors.Add("thread", $"{platform} has no threads: publish the parts as separate posts, or choose X, Bluesky, Threads or Mastodon.");
            return null;
        }

        if (!string.IsNullOrWhiteSpace(recurrencePattern))
        {
            errors.Add("thread", "A recurring series cannot be a thread; schedule the thread once.");
            return null;
        }

        if (parts.Count + 1 > ContentRules.MaxThreadParts)
        {
            errors.Add("thread", $"A thread has at most {ContentRules.MaxThreadParts} parts; this one has {parts.Count + 1}.");
            return null;
        }

        var trimmed = new List<string>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var text = parts[i]?.Trim() ?? "";
            foreach (var problem in ContentRules.Check(platform, text, null, null, accountMaxLength).Problems)
            {
                errors.Add($"thread[{i.ToString(CultureInfo.InvariantCulture)}]",
                    $"Part {(i + 2).ToString(CultureInfo.InvariantCulture)}: {(text.Length == 0 ? "the part is empty." : problem.Message)}");
            }

            trimmed.Add(text);
        }

        return trimmed;
    }

    /// <summary>A first comment: only where the platform takes one, and within its limit.</summary>
    public static string? ValidateFirstComment(Platform platform, string? comment, ValidationErrors errors, int? accountMaxLength = null)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            return null;
        }

        if (!ContentRules.SupportsFirstComment(platform))
        {
            errors.Add("firstComment", $"SocialOps cannot place a first comment on {platform}.");
            return null;
        }

        var text = comment.Trim();
        foreach (var problem in ContentRules.Check(platform, text, null, null, accountMaxLength).Problems)
        {
            errors.Add("firstComment", $"First comment: {problem.Message}");
        }

        return text;
    }

    /// <summary>
    /// One instant for a post to go out (rescheduling): a local date-time in the zone (by default UTC) or an instant,
    /// not in the past beyond the clock-skew allowance. Null, with the reason in <paramref name="errors"/>, otherwise.
    /// </summary>
    public DateTimeOffset? ValidateInstant(string? scheduledTime, string? timeZone, ValidationErrors errors)
    {
        if (FindZone(timeZone, errors) is not { } zone)
        {
            return null;
        }

        if ((string.IsNullOrWhiteSpace(scheduledTime) ? null : ParseTime(scheduledTime, zone)) is not { } at)
        {
            errors.Add("scheduledTime", NotADateTime(scheduledTime));
            return null;
        }

        return RefuseThePast(at, time.GetUtcNow(), scheduledTime!, zone, errors) ? null : at;
    }

    /// <summary>A local date-time in the zone, or an instant when the text carries Z or an offset.</summary>
    public static DateTimeOffset? ParseTime(string text, TimeZoneInfo zone) => ParseTime(text, zone, null);

    /// <summary>As <see cref="ParseTime(string, TimeZoneInfo)"/>; with a format, text that is not ISO 8601 must match it.</summary>
    public static DateTimeOffset? ParseTime(string text, TimeZoneInfo zone, DateFormat? format)
    {
        text = text.Trim();
        if (format is not null && !DateFormat.IsIso(text))
        {
            return format.Read(text) is { } written ? Zones.ToInstant(written, zone) : null;
        }

        // Without a named format only ISO 8601 is read: 05.01.2027 could be 5 January or 1 May.
        if (!DateFormat.IsIso(text))
        {
            return null;
        }

        if (HasOffset().IsMatch(text))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant)
                ? instant.ToUniversalTime()
                : null;
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? Zones.ToInstant(local, zone)
            : null;
    }

    private static TimeZoneInfo? FindZone(string? timeZone, ValidationErrors errors)
    {
        var zone = Zones.Find(string.IsNullOrWhiteSpace(timeZone) ? "Etc/UTC" : timeZone.Trim());
        if (zone is null)
        {
            errors.Add("timeZone", $"Unknown time zone '{timeZone}'. Use an IANA id such as Europe/Berlin.");
        }

        return zone;
    }

    private static string NotADateTime(string? text) => $"'{text}' is not an ISO 8601 date-time; use e.g. 2026-12-01T14:00:00.";

    /// <returns>True when <paramref name="at"/> is too far in the past (and says so in <paramref name="errors"/>).</returns>
    /// <remarks>The message names the time as it was written, in its zone: what the person typed, not its UTC reading.</remarks>
    private bool RefuseThePast(DateTimeOffset at, DateTimeOffset now, string written, TimeZoneInfo zone, ValidationErrors errors)
    {
        if (at >= now - options.Value.ClockSkew)
        {
            return false;
        }

        written = written.Trim();
        errors.Add("scheduledTime", HasOffset().IsMatch(written) ? $"{written} is in the past." : $"{written} {zone.Id} is in the past.");
        return true;
    }

    /// <summary>
    /// A request naming only an account (or a Sandbox account) gets the account's platform; with it comes the
    /// account's own length limit where its server has one (a Mastodon instance's, read when it was connected).
    /// </summary>
    private async Task<(ScheduleRequest Request, int? MaxLength)> WithAccountPlatformAsync(ScheduleRequest request, CancellationToken ct)
    {
        if (request.AccountId is not { } id)
        {
            return (request, null);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.PlatformAccounts.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Platform, a.IsSandbox, a.MaxLength }).SingleOrDefaultAsync(ct);
        if (account is null)
        {
            return (request, null);
        }

        var named = string.IsNullOrWhiteSpace(request.Platform) || request.Platform.Trim().Equals("sandbox", StringComparison.OrdinalIgnoreCase);
        var resolved = named && (string.IsNullOrWhiteSpace(request.Platform) || account.IsSandbox) ? request with { Platform = account.Platform.ToString() } : request;
        var samePlatform = Enum.TryParse<Platform>(resolved.Platform?.Trim(), ignoreCase: true, out var p) && p == account.Platform;
        return (resolved, samePlatform ? account.MaxLength : null);
    }

    private async Task<int?> ResolveAccountAsync(Platform platform, int? accountId, ValidationErrors errors, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (accountId is { } id)
        {
            var account = await db.PlatformAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
            if (account is null || !account.IsActive || account.RemovedAt is not null || account.Platform != platform)
            {
                errors.Add("accountId", $"No active {platform} account has id {id}.");
            }

            return id;
        }

        var accounts = await db.PlatformAccounts.AsNoTracking().Where(a => a.Platform == platform && a.IsActive && a.RemovedAt == null).Select(a => a.Id).ToListAsync(ct);
        switch (accounts.Count)
        {
            case 1:
                return accounts[0];
            case 0 when platform == Platform.Sandbox:
                return await SandboxAccount.EnsureAsync(db, time, ct);
            case 0:
                errors.Add("accountId", $"No {platform} account is connected.");
                return null;
            default:
                errors.Add("accountId", $"There are {accounts.Count} {platform} accounts: say which one with accountId.");
                return null;
        }
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();
}

/// <summary>The Sandbox always has one account, created on first use.</summary>
internal static class SandboxAccount
{
    public static async Task<int> EnsureAsync(SocialOpsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var account = new PlatformAccount { Platform = Platform.Sandbox, DisplayName = "Sandbox", ExternalId = "sandbox", CreatedAt = time.GetUtcNow() };
        db.PlatformAccounts.Add(account);
        if (await db.TrySaveAsync(duplicatesConflict: true, ct))
        {
            return account.Id;
        }

        // Created meanwhile by a concurrent request (unique platform + external id).
        db.ChangeTracker.Clear();
        return await db.PlatformAccounts.Where(a => a.Platform == Platform.Sandbox && a.ExternalId == "sandbox").Select(a => a.Id).SingleAsync(ct);
    }
}
