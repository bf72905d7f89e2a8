namespace SocialOps.Core.Publishing.Connections;

/// <summary>Settings under <c>Connectors</c>.</summary>
public sealed class ConnectorOptions
{
    public const string Section = "Connectors";

    /// <summary>Lets connections use <c>http://</c> loopback addresses (local stand-ins, tests). Off in production.</summary>
    public bool AllowInsecureBaseUrls { get; set; }

    /// <summary>Lets connections and webhooks reach private-network addresses (10/8, 172.16/12, 192.168/16, fc00::/7).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How often comments, mentions, metrics and followers are fetched per connection.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one call to a platform may take before it counts as unanswered.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Public https address under which stored media files can be fetched (Instagram loads images by URL).</summary>
    public string? PublicMediaBaseUrl { get; set; }

    /// <summary>The Meta app's secret: pushed webhook deliveries must carry its <c>X-Hub-Signature-256</c>.</summary>
    public string? MetaAppSecret { get; set; }

    /// <summary>The token Meta echoes when a webhook subscription is verified (<c>hub.verify_token</c>).</summary>
    public string? MetaVerifyToken { get; set; }

    /// <summary>Largest platform answer read; a bigger one is refused as malformed.</summary>
    public int MaxResponseBytes { get; set; } = 2 * 1024 * 1024;
}

internal sealed class ConnectorOptionsValidator : IValidateOptions<ConnectorOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorOptions o)
    {
        var problems = new List<string>();
        if (o.PollInterval < TimeSpan.FromSeconds(10) || o.PollInterval > TimeSpan.FromDays(1))
        {
            problems.Add($"Connectors:PollInterval must be between 00:00:10 and 1.00:00:00 (is {o.PollInterval}).");
        }

        if (o.Timeout < TimeSpan.FromSeconds(1) || o.Timeout > TimeSpan.FromMinutes(5))
        {
            problems.Add($"Connectors:Timeout must be between 00:00:01 and 00:05:00 (is {o.Timeout}).");
        }

        if (o.MaxResponseBytes is < 64 * 1024 or > 100 * 1024 * 1024)
        {
            problems.Add("Connectors:MaxResponseBytes must be between 65536 and 104857600.");
        }

        if (o.PublicMediaBaseUrl is { Length: > 0 } media && (!Uri.TryCreate(media, UriKind.Absolute, out var url) || url.Scheme != "https"))
        {
            problems.Add($"Connectors:PublicMediaBaseUrl must be an https:// address (is '{media}').");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
