namespace SocialOps.Core.Publishing;

/// <summary>What a platform says about something whose outcome is unknown (a post, a reply): there, surely not there, or it cannot tell.</summary>
public abstract record PlatformAnswer
{
    public sealed record Found(PublishResult Publication) : PlatformAnswer;

    public sealed record NotFound : PlatformAnswer;

    public sealed record CannotTell(string Reason) : PlatformAnswer;

    /// <summary>
    /// Runs a lookup that answers the publication, null when it surely does not exist, or throws
    /// <see cref="NotSupportedException"/> (with the reason) when the platform cannot tell. A failed lookup cannot tell either.
    /// </summary>
    public static async Task<PlatformAnswer> AskAsync(Platform platform, string what, Func<CancellationToken, Task<PublishResult?>> lookup, CancellationToken ct)
    {
        try
        {
            return await lookup(ct) is { } found ? new Found(found) : new NotFound();
        }
        catch (NotSupportedException ex)
        {
            return new CannotTell(string.IsNullOrEmpty(ex.Message) || ex.Message == new NotSupportedException().Message
                ? $"{platform} cannot look a {what} up." : ex.Message);
        }
        catch (Exception ex) when (ex is PublishException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new CannotTell($"{platform} did not answer the check: {ex.Message}");
        }
    }
}
