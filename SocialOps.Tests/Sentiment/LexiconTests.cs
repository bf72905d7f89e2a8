using SocialOps.Core.Sentiment.Engine;

namespace SocialOps.Tests.Sentiment;

/// <summary>The rule-based fallback: valences, negation, intensifiers, emoji.</summary>
public sealed class LexiconTests
{
    private static double Score(string text)
    {
        var s = LexiconSentimentScorer.Score(text);
        return s.Positive - s.Negative;
    }

    [Theory]
    [InlineData("I love this place")]
    [InlineData("great coffee, friendly staff")]
    [InlineData("😍😍")]
    [InlineData("not bad at all")]
    public void ReadsPositive(string text) => Assert.True(Score(text) > 0.1, $"{text}: {Score(text)}");

    [Theory]
    [InlineData("this is terrible")]
    [InlineData("not good, not happy")]
    [InlineData("😡👎")]
    [InlineData("I don't like it")]
    [InlineData("The cake was nice but the service was awful")]
    public void ReadsNegative(string text) => Assert.True(Score(text) < -0.1, $"{text}: {Score(text)}");

    [Theory]
    [InlineData("the shop opens at nine")]
    [InlineData("📦")]
    public void ReadsNeutral(string text) => Assert.InRange(Score(text), -0.1, 0.1);

    [Fact]
    public void IntensifiersCapitalsAndExclamationsStrengthen()
    {
        Assert.True(Score("very good") > Score("good"));
        Assert.True(Score("GOOD") > Score("good"));
        Assert.True(Score("good!!!") > Score("good"));
        Assert.True(Score("slightly bad") > Score("bad"));
    }

    [Fact]
    public void ScoresStayWithinRangeAndProbabilitiesSumToOne()
    {
        var s = LexiconSentimentScorer.Score(string.Join(' ', Enumerable.Repeat("amazing!!! 😍", 500)));

        Assert.InRange(s.Positive, 0.9f, 1f);
        Assert.Equal(1f, s.Negative + s.Neutral + s.Positive, 4);
    }
}
