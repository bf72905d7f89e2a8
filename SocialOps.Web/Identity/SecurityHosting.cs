using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SocialOps.Core.Identity;

namespace SocialOps.Web.Identity;

public static class SecurityHosting
{
    public const string LoginLimit = "login";
    public const string WallPairLimit = "wall-pair";
    public const string ApiLimit = "api";
    public const string InferenceLimit = "inference";
    private const string CookieOrToken = "CookieOrToken";

    public static WebApplicationBuilder AddSocialOpsSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        new IdentityBuilder(typeof(AppUser), typeof(IdentityRole), services).AddSignInManager();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieOrToken;
                o.DefaultChallengeScheme = CookieOrToken;
            })
            .AddPolicyScheme(CookieOrToken, "Cookie or API token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : KioskSignIn.IsKioskRequest(context) ? KioskSignIn.Scheme
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddKioskCookie()
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "SocialOps.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;

            // APIs answer with status codes, never with a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = context => StatusOrRedirect(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => StatusOrRedirect(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorization(Policies.Add);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();
        services.AddSingleton<FirstRunSetup>();
        services.AddHostedService(sp => sp.GetRequiredService<FirstRunSetup>());
        services.AddRateLimiter(AddRateLimits);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.Limits.MaxRequestBodySize = (context.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions()).MaxRequestBodyBytes);
        return builder;
    }

    public static WebApplication UseSocialOpsSecurity(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseRequestBodyLimit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseKioskKeys();
        app.UseRateLimiter();
        return app;
    }

    private static Task StatusOrRedirect(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi")
            || context.Request.Path.StartsWithSegments(Telemetry.TelemetryHosting.MetricsPath))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static void AddRateLimits(RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (context, _) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ValueTask.CompletedTask;
        };
        // Attempts are posts; showing the form is free.
        options.AddPolicy(LoginLimit, context => HttpMethods.IsPost(context.Request.Method)
            ? PerMinute($"ip:{context.Connection.RemoteIpAddress}", Limits(context).LoginPerMinute)
            : RateLimitPartition.GetNoLimiter("show-form"));
        options.AddPolicy(WallPairLimit, context => PerMinute($"wall-pair:{context.Connection.RemoteIpAddress}", Limits(context).WallPairingPerMinute));
        options.AddPolicy(ApiLimit, context => PerMinute(Caller(context), Limits(context).ApiPerMinute));
        options.AddPolicy(InferenceLimit, context => PerMinute(Caller(context), Limits(context).InferencePerMinute));
    }

    private static SecurityOptions Limits(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;

    private static string Caller(HttpContext context) =>
        context.User.FindFirstValue(ApiTokenAuthenticationHandler.TokenIdClaim) is { } token ? $"token:{token}"
        : context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user ? $"user:{user}"
        : $"ip:{context.Connection.RemoteIpAddress}";

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    /// <summary>Refuses bodies that declare more than the limit with 413, before anything reads them (Kestrel enforces it for streamed bodies).</summary>
    private static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // An endpoint may declare a larger limit of its own (the CSV import).
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? Limits(context).MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 413, Title = "Request body too large.", Detail = $"The limit is {limit:N0} bytes." },
            });
            return;
        }

        await next(context);
    });
}
