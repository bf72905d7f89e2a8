using SocialOps.Core.Audit;

namespace SocialOps.Core.Publishing.Sandbox;

/// <summary>What the Sandbox is armed with; <see cref="Mode"/> is null when nothing is.</summary>
public sealed record SandboxFailuresView(SandboxFailureMode? Mode, int Remaining, int Count, string? ArmedBy, DateTimeOffset? ArmedAt)
{
    public static readonly SandboxFailuresView Disarmed = new(null, 0, 0, null, null);

    public bool IsArmed => Mode is not null;
}

/// <summary>
/// Makes the Sandbox fail on purpose, for demos and for trying how SocialOps copes: the next n publications and replies
/// fail as a platform's would (refused for now, refused for good, or received with the answer lost). The plan lives in
/// the database, so every instance on it draws from the same count.
/// </summary>
public sealed class SandboxFailures(IDbContextFactory<SocialOpsDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public const int MaxCount = 1000;

    /// <summary>Gives up arming after this many rounds of finding the plan changed meanwhile.</summary>
    private const int ArmRounds = 10;

    public static IReadOnlyList<SandboxFailureMode> Modes { get; } = Enum.GetValues<SandboxFailureMode>();

    /// <summary>The mode as the API and the pages name it: <c>transient</c>, <c>permanent</c>, <c>unknown</c>.</summary>
    public static string NameOf(SandboxFailureMode mode) => mode.ToString().ToLowerInvariant();

    public static bool TryParseMode(string? text, out SandboxFailureMode mode)
    {
        foreach (var candidate in Modes)
        {
            if (string.Equals(NameOf(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                mode = candidate;
                return true;
            }
        }

        mode = default;
        return false;
    }

    public async Task<SandboxFailuresView> CurrentAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return View(await db.SandboxFailurePlans.AsNoTracking().SingleOrDefaultAsync(ct));
    }

    /// <summary>
    /// Arms the next <paramref name="count"/> publications and replies to fail as <paramref name="mode"/>, replacing
    /// whatever was armed; audited. Null with the problems by field when the mode or count is not valid.
    /// </summary>
    public async Task<(SandboxFailuresView? View, ValidationErrors Errors)> ArmAsync(string? mode, int? count, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var errors = new ValidationErrors();
        if (!TryParseMode(mode, out var parsed))
        {
            errors.Add("mode", string.IsNullOrWhiteSpace(mode)
                ? "The mode is required: transient, permanent or unknown."
                : $"'{mode}' is not a mode; use transient, permanent or unknown.");
        }

        if (count is null)
        {
            errors.Add("count", $"The count is required: how many publications and replies fail, from 1 to {MaxCount}.");
        }
        else if (count is < 1 or > MaxCount)
        {
            errors.Add("count", $"The count must be from 1 to {MaxCount}; it was {count}.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        for (var round = 0; round < ArmRounds; round++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var plan = await db.SandboxFailurePlans.SingleOrDefaultAsync(ct);
            var added = plan is null;
            if (plan is null)
            {
                db.SandboxFailurePlans.Add(plan = new SandboxFailurePlan());
            }

            plan.Arm(parsed, count!.Value, actor.Name, time.GetUtcNow());
            audit.Add(db, actor, "sandbox.failures.arm", "SandboxFailures", null, new { mode = NameOf(parsed), count });

            // A plan armed or used meanwhile, or a first one added by someone else at the same moment: read it again.
            if (await db.TrySaveAsync(duplicatesConflict: added, ct))
            {
                return (View(plan), errors);
            }
        }

        throw new ConflictException("The Sandbox's failures keep changing under way; try again.");
    }

    /// <summary>Disarms: the Sandbox accepts everything again. Audited, with how many failures were left unused.</summary>
    public async Task DisarmAsync(Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        for (var round = 0; round < ArmRounds; round++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var plan = await db.SandboxFailurePlans.SingleOrDefaultAsync(ct);
            var unused = plan?.Remaining ?? 0;
            if (plan is { IsArmed: true })
            {
                plan.Disarm(time.GetUtcNow());
            }

            audit.Add(db, actor, "sandbox.failures.disarm", "SandboxFailures", null, new { unused });
            if (await db.TrySaveAsync(ct))
            {
                return;
            }
        }

        throw new ConflictException("The Sandbox's failures keep changing under way; try again.");
    }

    /// <summary>
    /// Uses one armed failure and answers its mode, or null when none is armed. Each failure is used once, whatever the
    /// number of publications and instances asking at the same moment: the change is saved only if the plan is still as
    /// it was read, and read again otherwise.
    /// </summary>
    internal async Task<SandboxFailureMode?> TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var plan = await db.SandboxFailurePlans.SingleOrDefaultAsync(ct);
            if (plan is null || !plan.TryTake(time.GetUtcNow()))
            {
                return null;
            }

            if (await db.TrySaveAsync(ct))
            {
                return plan.Mode;
            }
        }
    }

    /// <summary>The error a platform would have answered with, for a <paramref name="what"/> ("publication", "reply").</summary>
    internal static PublishException Failure(SandboxFailureMode mode, string what) => mode switch
    {
        SandboxFailureMode.Transient => new PublishException(PublishFailureKind.Transient,
            $"The Sandbox was told to fail this {what} (transient, 503 Service Unavailable); it can be tried again.", httpStatus: 503),
        SandboxFailureMode.Permanent => new PublishException(PublishFailureKind.Permanent,
            $"The Sandbox was told to refuse this {what} (permanent, 400 Bad Request); trying again would fail the same way.", httpStatus: 400),
        _ => new PublishException(PublishFailureKind.Unknown,
            $"The Sandbox received this {what}, but its answer was lost on purpose (unknown outcome, as after a timeout); check whether it arrived before sending it again."),
    };

    private static SandboxFailuresView View(SandboxFailurePlan? plan) =>
        plan is { IsArmed: true } ? new(plan.Mode, plan.Remaining, plan.Count, plan.ArmedBy, plan.ArmedAt) : SandboxFailuresView.Disarmed;
}
