using SocialOps.Core.Publishing;

namespace SocialOps.Tests.Content;

public sealed class ThreadSplitterTests
{
    [Fact]
    public void SentencesStayWholeAndEachPartFitsTheLimit()
    {
        var parts = ThreadSplitter.Split("One two three. Four five six! Seven eight? Nine.", 20);

        Assert.Equal(["One two three.", "Four five six!", "Seven eight? Nine."], parts);
    }

    [Fact]
    public void ASentenceTooLongForOnePartIsSplitBetweenWords()
    {
        var parts = ThreadSplitter.Split("alpha beta gamma delta epsilon zeta.", 12);

        Assert.Equal(["alpha beta", "gamma delta", "epsilon", "zeta."], parts);
        Assert.All(parts, p => Assert.True(p.Length <= 12));
    }

    [Fact]
    public void AWordTooLongForOnePartIsSplitBetweenCharactersAndNothingIsLost()
    {
        var parts = ThreadSplitter.Split("abcdefghij", 4);

        Assert.Equal(["abcd", "efgh", "ij"], parts);
    }

    [Fact]
    public void TextThatFitsIsOnePartAndEmptyTextNone()
    {
        Assert.Equal(["Short. Sweet."], ThreadSplitter.Split("  Short. Sweet.  ", 300));
        Assert.Empty(ThreadSplitter.Split("   ", 300));
    }

    [Fact]
    public void ParagraphsAreKeptApartWithinAPart()
    {
        Assert.Equal(["First.\n\nSecond."], ThreadSplitter.Split("First.\n\n\nSecond.", 100));
    }

    [Fact]
    public void ThePlatformsOwnCountingDecides()
    {
        // X counts every link as 23 whatever its length: three sentences with long links still fit one post.
        var sentence = "Read this https://example.com/" + new string('x', 100) + " now.";
        var parts = ThreadSplitter.Split(Platform.X, $"{sentence} {sentence} {sentence}");

        Assert.Single(parts);
        Assert.All(parts, p => Assert.True(ContentRules.Check(Platform.X, p).IsValid));
        var bluesky = ThreadSplitter.Split(Platform.Bluesky, string.Join(' ', Enumerable.Repeat("A sentence of some forty characters here.", 20)));
        Assert.True(bluesky.Count > 1);
        Assert.All(bluesky, p => Assert.True(ContentRules.Check(Platform.Bluesky, p).IsValid, p));
        Assert.Equal(string.Join(' ', Enumerable.Repeat("A sentence of some forty characters here.", 20)), string.Join(' ', bluesky));
    }
}
