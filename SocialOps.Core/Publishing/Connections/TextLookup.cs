namespace SocialOps.Core.Publishing.Connections;

/// <summary>One of the account's own posts or replies as a platform listed it, its text normalised (<see cref="PostText.Normalise"/>).</summary>
public sealed record OwnText(string Id, string? Url, string Text);

/// <summary>
/// Recognises a lost post or reply among what the platform lists as the account's own since the attempt. Only the same
/// text counts as found; a similar text, or a list the platform cut short, means the platform cannot tell, never that the
/// text is not there: nothing is sent again on a guess.
/// </summary>
public static class TextLookup
{
    /// <summary>The match, or null when <paramref name="complete"/> and nothing like it is there.</summary>
    /// <exception cref="NotSupportedException">The platform cannot tell; the message says why.</exception>
    public static PublishResult? Find(Platform platform, IEnumerable<OwnText> candidates, string ours, bool complete)
    {
        var similar = false;
        foreach (var candidate in candidates)
        {
            switch (PostText.Compare(candidate.Text, ours))
            {
                case TextMatch.Same:
                    return new PublishResult(candidate.Id, candidate.Url);
                case TextMatch.Similar:
                    similar = true;
                    break;
            }
        }

        if (similar)
        {
            throw new NotSupportedException($"{platform} has a text like this one from the account, but not the same; check it on {platform}.");
        }

        return complete ? null : throw new NotSupportedException($"{platform} listed only part of the account's recent posts; the text may be among the rest.");
    }
}
