using Microsoft.Extensions.DependencyInjection;

namespace SocialOps.Core.Calendar;

public static class CalendarExtensions
{
    /// <summary>The calendar's reads (posts, drafts and a series' later occurrences) and planning: drafts, moves, details.</summary>
    public static IServiceCollection AddCalendar(this IServiceCollection services)
    {
        services.AddSingleton<CalendarQueries>();
        services.AddSingleton<PostPlanner>();
        return services;
    }
}
