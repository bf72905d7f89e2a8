using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SocialOps.Core.Data;

public static class DataExtensions
{
    public static IServiceCollection AddData(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>(DatabaseOptions.Complete)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton<IDbContextFactory<SocialOpsDbContext>, SocialOpsDbContextFactory>();

        // For libraries that want a scoped context (Identity's stores, Data Protection's key store).
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContext());
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }
}
