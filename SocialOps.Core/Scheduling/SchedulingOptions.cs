using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace SocialOps.Core.Scheduling;

/// <summary>How the scheduler times, retries and watches itself. Bound from <c>Scheduling</c>.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>
    /// The Quartz scheduler's name: instances that share a PostgreSQL database (a cluster) share it; two schedulers in one
    /// process need their own.
    /// </summary>
    public string SchedulerName { get; set; } = "SocialOps";

    /// <summary>On SQLite, the scheduler's store in the app's own file instead of <c>scheduler.db</c> beside it.</summary>
    public bool ShareSqliteFile { get; set; }

    /// <summary>Run the Quartz scheduler in this process (turn off for an instance that only serves pages).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Attempts per post before it is marked Failed (the first one included).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the second attempt; each later wait is <see cref="RetryBackoffFactor"/> times longer.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1.0, 10.0)]
    public double RetryBackoffFactor { get; set; } = 4;

    /// <summary>A post that fell due while the app was down is still published within this window, else marked Missed.</summary>
    public TimeSpan MisfireGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far in the past a requested time may be (clocks differ a little).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each scheduler instance checks in; /health turns Degraded after two missed check-ins.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one platform call may take before it is abandoned as an unknown outcome (the post becomes Unconfirmed).
    /// A claim older than this plus two check-ins can no longer be in flight, so reconciliation may settle it.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// How far before and after a post's time an earlier post on the same account with the same or nearly the same text
    /// counts as a duplicate (a warning; on platforms that refuse duplicates, a refusal unless confirmed). 0 turns it off.
    /// </summary>
    [Range(0, 365)]
    public int DuplicateWindowDays { get; set; } = 30;

    /// <summary>Posts published at once per instance (and Quartz workers).</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>
    /// Whether the scheduler's own store waits for its disk sync on every commit (SQLite: <c>synchronous=FULL</c> on
    /// <c>scheduler.db</c>; PostgreSQL: <c>synchronous_commit</c> for Quartz's sessions only). On by default. Off, a power
    /// cut can cost the store's last moments, which holds only triggers that the trigger repair rebuilds from the posts,
    /// never a post, an attempt or a double publication (those live in the app's own tables, which always sync). It
    /// gains little on a fast disk (BENCHMARKS.md).
    /// </summary>
    public bool DurableSchedulerStore { get; set; } = true;

    /// <summary>The section as bound at start-up, for what is set up before the options can be injected (Quartz, hosted services).</summary>
    public static SchedulingOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<SchedulingOptions>() ?? new SchedulingOptions();

    /// <summary>The relaxed sync applies only to a SQLite file of the scheduler's own, never to the app's data.</summary>
    internal bool StoreIsDurable => DurableSchedulerStore || ShareSqliteFile;

    /// <summary>The scheduler's SQLite file: its own beside the app's (the default), or the app's.</summary>
    public string SqliteConnectionString(DatabaseOptions database) =>
        $"Data Source={Path.Combine(Path.GetFullPath(database.DataDirectory), ShareSqliteFile ? "socialops.db" : "scheduler.db")};Default Timeout=30";
}

internal sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions o)
    {
        var failures = new List<string>();
        if (o.RetryDelay <= TimeSpan.Zero || o.RetryDelay > TimeSpan.FromDays(1))
        {
            failures.Add("Scheduling:RetryDelay must be between 00:00:00.001 and 1.00:00:00.");
        }

        if (string.IsNullOrWhiteSpace(o.SchedulerName))
        {
            failures.Add("Scheduling:SchedulerName cannot be empty.");
        }

        if (o.MisfireGrace < TimeSpan.Zero)
        {
            failures.Add("Scheduling:MisfireGrace cannot be negative.");
        }

        if (o.ClockSkew < TimeSpan.Zero || o.ClockSkew > TimeSpan.FromMinutes(10))
        {
            failures.Add("Scheduling:ClockSkew must be between 0 and 10 minutes.");
        }

        if (o.HeartbeatInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add("Scheduling:HeartbeatInterval must be at least one second.");
        }

        if (o.PublishTimeout < TimeSpan.FromSeconds(1) || o.PublishTimeout > TimeSpan.FromMinutes(30))
        {
            failures.Add("Scheduling:PublishTimeout must be between 00:00:01 and 00:30:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
