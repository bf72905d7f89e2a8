using System.Security.Cryptography;

namespace SocialOps.Web.Identity;

/// <summary>Content-Security-Policy (with a per-request nonce for Blazor's import map) and the usual hardening headers.</summary>
internal static class SecurityHeaders
{
    private const string NonceKey = "socialops:csp-nonce";

    /// <summary>The nonce for this request's inline import map.</summary>
    public static string CspNonce(this HttpContext context) =>
        context.Items[NonceKey] as string ?? throw new InvalidOperationException("Security headers middleware has not run.");

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Hex: a valid nonce that needs no escaping in the HTML attribute.
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        var headers = context.Response.Headers;

        // The API reference UI runs an inline module script of its own; only its page gets that allowance.
        var scripts = context.Request.Path.StartsWithSegments("/api-docs")
            ? "'self' 'unsafe-inline'"
            : $"'self' 'nonce-{nonce}'";

        // MudBlazor writes style attributes and <style> blocks, so styles need 'unsafe-inline'.
        headers.ContentSecurityPolicy =
            $"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; connect-src 'self'; " +
            "img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return next(context);
    });
}
