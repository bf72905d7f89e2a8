using Microsoft.Extensions.DependencyInjection;

namespace SocialOps.Core.Demo;

/// <summary>The demo data: a fictional brand's 90 days, for a newcomer or a trial (section <c>Demo</c>).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed the demo data when the app starts (a second start changes nothing).</summary>
    public bool SeedOnStart { get; set; }
}

public static class DemoExtensions
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateOnStart();
        services.AddTransient<DemoSeeder>();
        services.AddSingleton<DemoData>();
        return services;
    }
}
