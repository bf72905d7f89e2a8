namespace SocialOps.Web.Components;

/// <summary>How often a live page may reload while events keep coming (the bus subscription throttles; pages never debounce).</summary>
public static class LiveUpdates
{
    /// <summary>Lists, calendars, the inbox and badges.</summary>
    public static readonly TimeSpan Page = TimeSpan.FromMilliseconds(500);

    /// <summary>Pages whose reload redraws charts (the dashboard, analytics, the wall).</summary>
    public static readonly TimeSpan Charts = TimeSpan.FromSeconds(1);
}
