using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Audit;

namespace SocialOps.Core.Identity;

public static class IdentityExtensions
{
    /// <summary>Users, roles, tokens and the audit log. Sign-in (cookies, bearer tokens) is added by the web app.</summary>
    public static IServiceCollection AddSocialOpsIdentity(this IServiceCollection services)
    {
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 4;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = true;
                o.Password.RequireDigit = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SocialOpsDbContext>()
            .AddDefaultTokenProviders();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = PasswordResets.LinkLifespan);
        services.AddSingleton<AuditLog>();
        services.AddSingleton<ApiTokenService>();
        services.AddScoped<UserService>();
        services.AddScoped<PasswordResets>();
        services.AddSingleton<UserPreferences>();
        return services;
    }
}
