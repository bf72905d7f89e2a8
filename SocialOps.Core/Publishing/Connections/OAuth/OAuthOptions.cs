namespace SocialOps.Core.Publishing.Connections.OAuth;

/// <summary>
/// Settings under <c>Connectors:OAuth</c>: the installation's own apps on platforms that need one registered by hand
/// (X, LinkedIn, Meta for Facebook Pages and Instagram, Threads). Mastodon needs nothing here: SocialOps registers itself on each instance when an account is added.
/// </summary>
public sealed class OAuthOptions
{
    public const string Section = "Connectors:OAuth";

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

    /// <summary>The Meta app (Facebook Login for Business): its app id and secret; Facebook Pages and Instagram through Pages.</summary>
    public OAuthApp Meta { get; set; } = new()
    {
        AuthorizeUrl = "https://www.facebook.com/v23.0/dialog/oauth",
        TokenUrl = "https://graph.facebook.com/v23.0/oauth/access_token",
        ApiUrl = "https://graph.facebook.com/v23.0",
        Scopes = "pages_show_list,pages_manage_posts,pages_read_engagement,pages_manage_engagement,read_insights,"
            + "instagram_basic,instagram_content_publish,instagram_manage_comments,instagram_manage_insights,business_management",
    };

    /// <summary>The Threads app: the Threads app id and secret of a Meta app with the Threads use case.</summary>
    public OAuthApp Threads { get; set; } = new()
    {
        AuthorizeUrl = "https://threads.net/oauth/authorize",
        TokenUrl = "https://graph.threads.net/oauth/access_token",
        ApiUrl = "https://graph.threads.net/v1.0",
        Scopes = "threads_basic,threads_content_publish,threads_manage_replies,threads_read_replies,threads_manage_insights",
    };

    /// <summary>The app for a platform; Facebook and Instagram share the Meta app.</summary>
    public OAuthApp? For(Platform platform) => platform switch
    {
        Platform.X => X,
        Platform.LinkedIn => LinkedIn,
        Platform.Facebook or Platform.Instagram => Meta,
        Platform.Threads => Threads,
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

    /// <summary>Meta and Threads: the Graph API address the connections made by signing in use.</summary>
    public string? ApiUrl { get; set; }

    /// <summary>Meta only: a Facebook Login for Business configuration id, sent as <c>config_id</c> instead of the scopes.</summary>
    public string? ConfigId { get; set; }

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

        foreach (var (platform, app) in new[] { ("X", o.X), ("LinkedIn", o.LinkedIn), ("Meta", o.Meta), ("Threads", o.Threads) })
        {
            if (!app.IsConfigured)
            {
                continue;
            }

            var urls = new List<(string, string)> { ("AuthorizeUrl", app.AuthorizeUrl), ("TokenUrl", app.TokenUrl) };
            if (platform is "Meta" or "Threads")
            {
                urls.Add(("ApiUrl", app.ApiUrl ?? ""));
            }

            foreach (var (field, value) in urls)
            {
                if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
                {
                    problems.Add($"Connectors:OAuth:{platform}:{field} must be an absolute https:// address (is '{value}').");
                }
            }

            if (platform is "LinkedIn" or "Meta" or "Threads" && string.IsNullOrWhiteSpace(app.ClientSecret))
            {
                problems.Add($"Connectors:OAuth:{platform}:ClientSecret is needed with a ClientId: the app secret exchanges the sign-in for a token.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
