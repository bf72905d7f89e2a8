using Microsoft.Extensions.Options;

namespace SocialOps.Core.Publishing.Connections.OAuth;

/// <summary>
/// Settings under <c>Connectors:OAuth</c>: the installation's own apps on platforms that need one registered by hand
/// (X, LinkedIn). Mastodon needs nothing here: SocialOps registers itself on each instance when an account is added.
/// </summary>
public sealed class OAuthOptions
{
    /// <summary>The name an instance shows on its consent page and in the account's list of authorised apps.</summary>
    public string ClientName { get; set; } = "SocialOps";

    public OAuthApp X { get; set; } = new()
    {
        AuthorizeUrl = "https://x.com/i/oauth2/authorize",
        TokenUrl = "https://api.x.com/2/oauth2/token",
        Scopes = "tweet.read tweet.write users.read offline.access media.write",
    };

    public OAuthApp LinkedIn { get; set; } = new()
    {
        AuthorizeUrl = "https://www.linkedin.com/oauth/v2/authorization",
        TokenUrl = "https://www.linkedin.com/oauth/v2/accessToken",
        Scopes = "openid profile email w_member_social",
    };

    public OAuthApp? For(Platform platform) => platform switch
    {
        Platform.X => X,
        Platform.LinkedIn => LinkedIn,
        _ => null,
    };
}

/// <summary>One platform app: its client id (and secret, for a confidential client) and where its OAuth endpoints are.</summary>
public sealed class OAuthApp
{
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string AuthorizeUrl { get; set; } = "";

    public string TokenUrl { get; set; } = "";

    public string Scopes { get; set; } = "";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId);
}

internal sealed class OAuthOptionsValidator : IValidateOptions<OAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, OAuthOptions o)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(o.ClientName) || o.ClientName.Length > 100)
        {
            problems.Add("Connectors:OAuth:ClientName must be 1 to 100 characters.");
        }

        foreach (var (platform, app) in new[] { ("X", o.X), ("LinkedIn", o.LinkedIn) })
        {
            if (!app.IsConfigured)
            {
                continue;
            }

            foreach (var (field, value) in new[] { ("AuthorizeUrl", app.AuthorizeUrl), ("TokenUrl", app.TokenUrl) })
            {
                if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
                {
                    problems.Add($"Connectors:OAuth:{platform}:{field} must be an absolute https:// address (is '{value}').");
                }
            }

            if (platform == "LinkedIn" && string.IsNullOrWhiteSpace(app.ClientSecret))
            {
                problems.Add("Connectors:OAuth:LinkedIn:ClientSecret is needed with a ClientId: LinkedIn apps are confidential clients.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
