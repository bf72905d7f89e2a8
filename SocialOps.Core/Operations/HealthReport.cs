namespace SocialOps.Core.Operations;

/// <summary>How one thing stands: <c>ok</c>, <c>warning</c> (look soon) or <c>problem</c> (act now).</summary>
public static class HealthStates
{
    public const string Ok = "ok";
    public const string Warning = "warning";
    public const string Problem = "problem";

    public static int Rank(string state) => state switch { Problem => 2, Warning => 1, _ => 0 };

    public static string Worst(IEnumerable<string> states) => states.MaxBy(Rank) ?? Ok;
}

/// <summary>
/// One line of the health report: which check (<c>connection</c>, <c>ingestion</c>, <c>scheduler</c>, <c>posts</c>,
/// <c>event-bus</c>, <c>sentiment</c>, <c>ai</c>), what it is about, how it stands and what it says; a warning or a
/// problem also says what to do (<see cref="Advice"/>) and where (<see cref="FixUrl"/>, a page of the app).
/// </summary>
public sealed record HealthItem(
    string Check, string Subject, string State, string Detail, string? Advice = null, string? FixUrl = null, string? FixLabel = null,
    DateTimeOffset? At = null);

/// <summary>A group of lines under one title, in the order the page shows them.</summary>
public sealed record HealthSection(string Check, string Title, string State, IReadOnlyList<HealthItem> Items);

/// <summary>Everything an operator checks, as read at <see cref="At"/>; <see cref="State"/> is the worst of the sections.</summary>
public sealed record HealthReport(DateTimeOffset At, string State, int Problems, int Warnings, IReadOnlyList<HealthSection> Sections);
