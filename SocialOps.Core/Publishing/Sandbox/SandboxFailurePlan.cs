using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Common.Events;

namespace SocialOps.Core.Publishing.Sandbox;

/// <summary>How an armed Sandbox failure fails, as a platform would.</summary>
public enum SandboxFailureMode
{
    /// <summary>Refused for now (a 503): the scheduler tries again later.</summary>
    Transient,

    /// <summary>Refused for good (a 400): the post fails, with the reason.</summary>
    Permanent,

    /// <summary>Received, but the answer is lost (a timeout after sending): the post becomes Unconfirmed.</summary>
    Unknown,
}

/// <summary>What the Sandbox was told to fail changed: armed, disarmed, or one failure used.</summary>
public sealed record SandboxFailuresChanged(SandboxFailureMode? Mode, int Remaining, DateTimeOffset At) : IEvent;

/// <summary>
/// The failures the Sandbox is armed with: its next <see cref="Remaining"/> publications and replies fail as
/// <see cref="Mode"/>. One row, shared by every instance on the database; <see cref="Version"/> makes each change
/// conditional on the row being as it was read, so two calls never use the same failure.
/// </summary>
public class SandboxFailurePlan : IHasEvents
{
    public const int SingletonId = 1;

    public const int MaxArmedByLength = 300;

    private DateTimeOffset? _changedAt;

    public int Id { get; private set; } = SingletonId;

    public SandboxFailureMode Mode { get; private set; }

    /// <summary>How many failures were armed.</summary>
    public int Count { get; private set; }

    public int Remaining { get; private set; }

    public string? ArmedBy { get; private set; }

    public DateTimeOffset ArmedAt { get; private set; }

    public long Version { get; private set; }

    public bool IsArmed => Remaining > 0;

    /// <summary>Replaces whatever was armed before.</summary>
    public void Arm(SandboxFailureMode mode, int count, string armedBy, DateTimeOffset now)
    {
        (Mode, Count, Remaining, ArmedAt) = (mode, count, count, now);
        ArmedBy = armedBy.Length <= MaxArmedByLength ? armedBy : armedBy[..MaxArmedByLength];
        Changed(now);
    }

    public void Disarm(DateTimeOffset now)
    {
        Remaining = 0;
        Changed(now);
    }

    /// <summary>Uses one failure; false when none is left.</summary>
    public bool TryTake(DateTimeOffset now)
    {
        if (!IsArmed)
        {
            return false;
        }

        Remaining--;
        Changed(now);
        return true;
    }

    public IReadOnlyList<IEvent> TakeEvents(EntityState before)
    {
        if (_changedAt is not { } at)
        {
            return [];
        }

        _changedAt = null;
        return [new SandboxFailuresChanged(IsArmed ? Mode : null, Remaining, at)];
    }

    private void Changed(DateTimeOffset now)
    {
        Version++;
        _changedAt = now;
    }
}

internal sealed class SandboxFailurePlanConfiguration : IEntityTypeConfiguration<SandboxFailurePlan>
{
    public void Configure(EntityTypeBuilder<SandboxFailurePlan> b)
    {
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.ArmedBy).HasMaxLength(SandboxFailurePlan.MaxArmedByLength);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Ignore(p => p.IsArmed);
    }
}
