using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Identity;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Inbox;

namespace SocialOps.Tests.Sentiment;

/// <summary>
/// Comments that used to be read wrongly: price grumbles, broken orders chased by email, product names, and text in other
/// languages. Each has the intent a community manager would give it, the topic a reply should name, and its language.
/// </summary>
public sealed class InboxIntelligenceTests : IClassFixture<SocialOpsAppFactory>
{
    private static readonly (string Text, string? Intent, string? Topic, string Language)[] Comments =
    [
        ("Prices went up again? Not impressed", "complaint", null, "en"),
        ("Way too expensive for what it is now", "complaint", null, "en"),
        ("6 pounds for a flat white?? what a rip off", "complaint", null, "en"),
        ("My order arrived broken and nobody answers my emails", "complaint", "your order", "en"),
        ("Nobody answers my emails and my order arrived broken", "complaint", "your order", "en"),
        ("The Huila arrived stale and the bag was torn", "complaint", "the Huila", "en"),
        ("my Aeropress arrived damaged, the box was crushed", "complaint", "your Aeropress", "en"),
        ("Is the Huila back in stock?", "purchase_intent", "the Huila", "en"),
        ("Love the new Huila, really fruity", "praise", null, "en"),
        ("What time do you open on Sunday?", "query", "Sunday", "en"),
        ("Meine Bestellung kam kaputt an und niemand antwortet auf meine E-Mails", null, null, "de"),
        ("Der Kaffee ist leider viel zu teuer geworden", null, null, "de"),
        ("Mi pedido llegó roto y nadie responde a mis correos", null, null, "es"),
        ("¿Cuándo vuelve el café de Huila?", null, null, "es"),
        ("Ma commande est arrivée cassée et personne ne répond", null, null, "fr"),
        ("Les prix ont encore augmenté, pas content du tout", null, null, "fr"),
    ];

    private const string German = "Meine Bestellung kam kaputt an und niemand antwortet auf meine E-Mails";

    private readonly SocialOpsAppFactory _app;
    private readonly SentimentAnalyzer _analyzer;

    public InboxIntelligenceTests(SocialOpsAppFactory app) => (_app, _analyzer) = (app, app.Services.GetRequiredService<SentimentAnalyzer>());

    [Fact]
    public async Task EnglishCommentsGetTheIntentACommunityManagerWouldGive()
    {
        var english = Comments.Where(c => c.Language == "en").ToList();

        var results = await _analyzer.AnalyzeAsync([.. english.Select(c => c.Text)], null, CancellationToken.None);

        var wrong = english.Zip(results).Where(x => x.Second.Intent.Name() != x.First.Intent)
            .Select(x => $"{x.First.Text} → {x.Second.Intent.Name()} (expected {x.First.Intent})").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [InlineData("Prices went up again? Not impressed")]
    [InlineData("The price went up AGAIN, not worth it anymore")]
    [InlineData("How much more expensive is it going to get?")]
    public async Task APriceComplaintIsAComplaintNotPurchaseIntent(string text)
    {
        var a = (await _analyzer.AnalyzeAsync([text], null, CancellationToken.None))[0];

        Assert.Equal(Intent.Complaint, a.Intent);
    }

    [Fact]
    public void ARepliesTopicIsWhatWentWrongWithProductNamesAsWritten()
    {
        var withTopic = Comments.Where(c => c.Topic is not null).ToList();

        var wrong = withTopic.Select(c => (c.Text, c.Topic, Got: Topic(c.Text))).Where(x => x.Got != x.Topic)
            .Select(x => $"{x.Text} → {x.Got} (expected {x.Topic})").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void TheSuggestedReplyToABrokenOrderChasedByEmailIsAboutTheOrder()
    {
        var reply = ResponseTemplates.Fill(ResponseTemplates.Defaults, Intent.Complaint, "Robin", Topic("My order arrived broken and nobody answers my emails"));

        Assert.StartsWith("Hi Robin, we're really sorry about your order.", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommentsInOtherLanguagesAreFlaggedAndEnglishOnesAreNot()
    {
        var results = await _analyzer.AnalyzeAsync([.. Comments.Select(c => c.Text)], null, CancellationToken.None);

        var wrong = Comments.Zip(results).Where(x => x.Second.NonEnglish != (x.First.Language != "en"))
            .Select(x => $"{x.First.Text} → non-English {x.Second.NonEnglish} (written in {x.First.Language})").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task WithoutAnAiProviderACommentInAnotherLanguageIsNotAnalysedRatherThanNeutral()
    {
        var a = (await _analyzer.AnalyzeAsync([German], ["Jonas"], CancellationToken.None))[0];

        Assert.Equal(AnalysisEngines.NotAnalysed, a.ModelVersion);
        Assert.Equal("de", a.Language);
        Assert.Equal((0.0, Intent.None, true), (a.Confidence, a.Intent, a.RequiresResponse));
        Assert.Null(a.AutoResponse);
    }

    [Fact]
    public async Task TheInboxApiSaysWhichEngineReadEachComment()
    {
        var (_, postId) = await _app.PublishedSandboxPostAsync();
        var editor = _app.CreateClientAs(Roles.Editor);

        using var german = await editor.PostAsJsonAsync("/api/sandbox/comments", new { postId, author = "Jonas", text = $"{German} {Guid.NewGuid():N}" });
        using var english = await editor.PostAsJsonAsync("/api/sandbox/comments", new { postId, author = "Robin", text = $"Awful. My order arrived broken and nobody answers, very disappointed. (order {Guid.NewGuid():N})" });
        var notRead = await german.Content.ReadFromJsonAsync<JsonElement>();
        var read = await english.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("none", notRead.GetProperty("engine").GetString());
        Assert.Equal(JsonValueKind.Null, notRead.GetProperty("sentiment").ValueKind);
        Assert.Equal(JsonValueKind.Null, notRead.GetProperty("confidence").ValueKind);
        Assert.Equal("model", read.GetProperty("engine").GetString());
        Assert.Equal("negative", read.GetProperty("sentiment").GetString());
    }

    [Fact]
    public async Task ACommentNoEngineReadShowsTheTeammatesCorrection()
    {
        var (_, postId) = await _app.PublishedSandboxPostAsync();
        var editor = _app.CreateClientAs(Roles.Editor);
        using var german = await editor.PostAsJsonAsync("/api/sandbox/comments", new { postId, author = "Jonas", text = $"{German} {Guid.NewGuid():N}" });
        var id = (await german.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        using var corrected = await editor.PostAsJsonAsync($"/api/inbox/{id}/correction", new { sentiment = "negative", intent = "complaint" });
        var item = await corrected.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("person", item.GetProperty("engine").GetString());
        Assert.Equal("negative", item.GetProperty("sentiment").GetString());
        Assert.Equal("complaint", item.GetProperty("intent").GetString());
    }

    private static string? Topic(string text)
    {
        var features = new TextFeatures(text);
        return KeywordExtractor.Topic(features, KeywordExtractor.Extract(features));
    }
}
