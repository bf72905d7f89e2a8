using SocialOps.Core.Ai;
using SocialOps.Core.Publishing;

namespace SocialOps.Tests.Ai;

public sealed class TemplateDraftTests
{
    public static TheoryData<Platform, string, string> EveryPlatformToneAndLanguage()
    {
        var data = new TheoryData<Platform, string, string>();
        foreach (var platform in Enum.GetValues<Platform>())
        {
            foreach (var tone in AiLanguages.Tones)
            {
                data.Add(platform, tone, platform == Platform.X ? "de" : "en");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPlatformToneAndLanguage))]
    public void TheTemplatesGiveEveryPlatformAValidDraft(Platform platform, string tone, string language)
    {
        var brief = string.Join(' ', Enumerable.Repeat("Our winter blend is back with cocoa and orange notes, roasted fresh every morning.", 6));

        var draft = AiDraftService.Finish(platform, TemplateDrafts.Write(new DraftRequest(brief, language, tone), platform, BrandNotes.Empty), false, []);

        Assert.True(ContentRules.Check(platform, draft.Content).IsValid, $"{platform}: {draft.Content}");
        Assert.NotEmpty(draft.Hashtags);
        Assert.All(draft.Hashtags, h => Assert.True(ContentRules.IsHashtag(h)));
    }

    [Fact]
    public void TheBrandsHashtagsAndTheBriefAreUsedAndVariantsDiffer()
    {
        var brand = new BrandNotes("Warm", null, null, "roastery #beans");
        var request = new DraftRequest("the winter blend is back", "en", "enthusiastic");

        var first = TemplateDrafts.Write(request, Platform.Mastodon, brand);
        var second = TemplateDrafts.Write(request, Platform.Mastodon, brand, variant: 1);

        Assert.Contains("The winter blend is back.", first, StringComparison.Ordinal);
        Assert.EndsWith("#roastery #beans", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void TrimmingKeepsWholeSentencesAndTheClosingHashtags()
    {
        var text = "One short sentence. " + new string('a', 50) + " " + string.Join(' ', Enumerable.Repeat("word", 80)) + ".\n\n#coffee #winter";

        var trimmed = DraftFitter.Trim(Platform.X, text);

        Assert.Equal("One short sentence.\n\n#coffee #winter", trimmed);
    }

    [Fact]
    public void WithoutASentenceThatFitsTrimmingStopsAtAWordEnd()
    {
        var text = string.Join(' ', Enumerable.Range(0, 200).Select(i => $"word{i}"));

        var trimmed = DraftFitter.Trim(Platform.X, text);

        Assert.True(DraftFitter.Fits(Platform.X, trimmed));
        Assert.EndsWith("…", trimmed, StringComparison.Ordinal);
        Assert.Matches(@"^(word\d+ )*word\d+…$", trimmed);
        Assert.StartsWith(trimmed[..^1] + " ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void XCountsLinksAndEmojiByItsOwnWeights()
    {
        var text = "☕☕☕ " + string.Join(' ', Enumerable.Repeat("https://example.com/a/very/long/link", 12)) + ". Second sentence here.";

        var trimmed = DraftFitter.Trim(Platform.X, text);

        Assert.True(ContentRules.Check(Platform.X, trimmed).IsValid);
        Assert.True(ContentRules.Length(trimmed, LengthCounting.XWeighted) <= 280);
    }

    [Theory]
    [InlineData("Skynet", "", "m", 30, "Ai:Provider must be None, OpenAI or Anthropic")]
    [InlineData("OpenAI", "", "", 30, "Ai:Model is required")]
    [InlineData("None", "localhost:11434", "", 30, "Ai:BaseUrl must be an http:// or https:// address")]
    [InlineData("None", "", "", 0, "Ai:TimeoutSeconds must be between 1 and 600")]
    public void BadSettingsAreNamedInOneLine(string provider, string baseUrl, string model, int timeout, string expected)
    {
        var problems = AiOptions.Problems(provider, baseUrl, model, timeout, null);

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<think>Let me plan this.</think>\n\"Fresh beans today!\"", "Fresh beans today!")]
    [InlineData("  Plain text.  ", "Plain text.")]
    public void AnswersLoseThinkingAndWrappingQuotes(string answer, string expected) => Assert.Equal(expected, AiDraftService.Clean(answer));
}
