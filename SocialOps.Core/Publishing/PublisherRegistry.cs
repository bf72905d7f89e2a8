namespace SocialOps.Core.Publishing;

/// <summary>Finds the publisher for a platform among those registered.</summary>
public sealed class PublisherRegistry(IEnumerable<IPlatformPublisher> publishers)
{
    private readonly Dictionary<Platform, IPlatformPublisher> _byPlatform = publishers.ToDictionary(p => p.Platform);

    public IPlatformPublisher? For(Platform platform) => _byPlatform.GetValueOrDefault(platform);

    public IReadOnlyCollection<Platform> Platforms => _byPlatform.Keys;
}
