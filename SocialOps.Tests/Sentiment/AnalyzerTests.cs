using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Sentiment;

/// <summary>The whole analysis with the default model, as the app wires it.</summary>
public sealed class AnalyzerTests : IClassFixture<SocialOpsAppFactory>
{
    private readonly SentimentAnalyzer _analyzer;

    public AnalyzerTests(SocialOpsAppFactory app) => _analyzer = app.Services.GetRequiredService<SentimentAnalyzer>();

    [Fact]
    public async Task IntentsOfMessySocialCommentsAreMostlyRight()
    {
        var results = await _analyzer.AnalyzeAsync([.. LabelledComments.All.Select(c => c.Text)], null, CancellationToken.None);

        var wrong = LabelledComments.All.Zip(results).Where(x => x.Second.Intent.Name() != x.First.Intent)
            .Select(x => $"{x.First.Text} → {x.Second.Intent.Name()} (expected {x.First.Intent})").ToList();
        Assert.True(wrong.Count <= LabelledComments.All.Length / 10, string.Join("\n", wrong));
        foreach (var intent in new[] { "complaint", "query", "purchase_intent", "praise" })
        {
            var ofIntent = LabelledComments.All.Zip(results).Where(x => x.First.Intent == intent).ToList();
            Assert.True(ofIntent.Count(x => x.Second.Intent.Name() == intent) >= ofIntent.Count * 0.8, $"{intent} recall too low");
        }
    }

    [Theory]
    [InlineData("my order never arrived, worst service ever 😡", SentimentLabel.Negative, Intent.Complaint, ResponsePriority.Urgent, true)]
    [InlineData("What time do you open on Sunday?", SentimentLabel.Neutral, Intent.Query, ResponsePriority.High, true)]
    [InlineData("I love this coffee so much! 😍", SentimentLabel.Positive, Intent.Praise, ResponsePriority.Medium, false)]
    [InlineData("how much is the large bag of beans?", SentimentLabel.Neutral, Intent.PurchaseIntent, ResponsePriority.High, true)]
    public async Task ClearCommentsGetTheirSentimentIntentAndPriority(string text, SentimentLabel sentiment, Intent intent, ResponsePriority priority, bool respond)
    {
        var a = (await _analyzer.AnalyzeAsync([text], null, CancellationToken.None))[0];

        Assert.Equal(sentiment, a.Sentiment);
        Assert.Equal(intent, a.Intent);
        Assert.Equal(priority, a.Priority);
        Assert.Equal(respond, a.RequiresResponse);
        Assert.InRange(a.SentimentScore, -1, 1);
        Assert.InRange(a.Confidence, 0, 1);
    }

    [Fact]
    public async Task ConfidentComplaintGetsAnEmpatheticReplyWithAuthorAndTopic()
    {
        var a = (await _analyzer.AnalyzeAsync(["The grinder broke after two days. Really disappointed, I want a refund"], ["Maya"], CancellationToken.None))[0];

        Assert.Equal(Intent.Complaint, a.Intent);
        Assert.True(a.Confidence >= 0.85, $"confidence {a.Confidence}");
        Assert.NotNull(a.AutoResponse);
        Assert.StartsWith("Hi Maya, we're really sorry about the grinder.", a.AutoResponse, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeywordsDropStopWordsAndKeepPhrases()
    {
        var a = (await _analyzer.AnalyzeAsync(["Is the cold brew at the downtown shop any good? The cold brew is my favourite"], null, CancellationToken.None))[0];

        Assert.Contains("cold brew", a.Keywords);
        Assert.DoesNotContain(a.Keywords, k => k is "the" or "is" or "any" or "my");
        Assert.InRange(a.Keywords.Count, 1, 5);
    }

    [Theory]
    [InlineData(Intent.Praise, null, "Thank you so much! We're thrilled you enjoyed this coffee.")]
    [InlineData(Intent.Praise, "Maya", "Thank you so much, Maya! We're thrilled you enjoyed this coffee.")]
    [InlineData(Intent.Complaint, null, "Hi there, we're really sorry about this coffee.")]
    public void RepliesWithoutAnAuthorStillReadWell(Intent intent, string? author, string start)
    {
        var reply = ResponseTemplates.Fill(ResponseTemplates.Defaults, intent, author, "this coffee");

        Assert.StartsWith(start, reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("My order arrived broken and nobody answers my emails, this is terrible", "your order")]
    [InlineData("The worst service I have had in years", "the service")]
    [InlineData("how much is the large bag of beans?", "the large bag")]
    [InlineData("I love this coffee so much!", "this coffee")]
    [InlineData("Loved your latte art yesterday", "our latte art")]
    [InlineData("The grinder broke after two days", "the grinder")]
    [InlineData("My parcel leaked all over the doorstep", "your parcel")]
    [InlineData("What time do you open on Sunday?", "Sunday")]
    public void ARepliesTopicIsTheThingTheCommentNames(string text, string topic)
    {
        var features = new TextFeatures(text);

        Assert.Equal(topic, KeywordExtractor.Topic(features, KeywordExtractor.Extract(features)));
    }

    [Theory]
    [InlineData("El café está muy bueno pero la tienda es cara y no abre los domingos")]
    [InlineData("Der Kaffee ist sehr gut und nicht teuer")]
    [InlineData("コーヒーがとても美味しいです")]
    public async Task NonEnglishIsFlaggedWithLowerConfidenceAndNoAutoReply(string text)
    {
        var a = (await _analyzer.AnalyzeAsync([text], null, CancellationToken.None))[0];

        Assert.True(a.NonEnglish);
        Assert.True(a.Confidence <= 0.5, $"confidence {a.Confidence}");
        Assert.Null(a.AutoResponse);
    }

    [Fact]
    public async Task EnglishIsNotFlagged()
    {
        var a = (await _analyzer.AnalyzeAsync(["the pastries are great and the staff are lovely"], null, CancellationToken.None))[0];

        Assert.False(a.NonEnglish);
    }
}
