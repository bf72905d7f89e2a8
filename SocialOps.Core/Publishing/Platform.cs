namespace SocialOps.Core.Publishing;

/// <summary>The networks SocialOps publishes to. Sandbox records posts locally and needs no account.</summary>
public enum Platform
{
    Sandbox,
    Mastodon,
    Bluesky,
    X,
    Facebook,
    Instagram,
    LinkedIn,
    Threads,
    Webhook,
}
