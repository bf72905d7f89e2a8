using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;
using SocialOps.Tests.Inbox;

namespace SocialOps.Tests.Ai;

/// <summary>With a provider configured, comments the model cannot read (other languages) are read by it, and each call is costed.</summary>
public sealed class OtherLanguageReadingTests(AiFixture ai) : IClassFixture<AiFixture>, IAsyncLifetime
{
    private const string German = "Meine Bestellung kam kaputt an und niemand antwortet auf meine E-Mails";

    public Task InitializeAsync() => ai.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AGermanComplaintIsReadByTheProviderWithTheEngineLabelsAndItsCostRecorded()
    {
        ai.StandIn.Answers(("{\"sentiment\": \"negative\", \"score\": -0.85, \"confidence\": 0.9, \"intent\": \"complaint\"}", 120, 30));

        var a = (await ai.Get<SentimentAnalyzer>().AnalyzeAsync([German, "the pastries are great and the staff are lovely"], null, CancellationToken.None));

        Assert.Equal((SentimentLabel.Negative, Intent.Complaint, ResponsePriority.Urgent), (a[0].Sentiment, a[0].Intent, a[0].Priority));
        Assert.Equal(-0.85, a[0].SentimentScore);
        Assert.Equal("ai:" + OpenAiStandIn.Model, a[0].ModelVersion);
        Assert.Equal("de", a[0].Language);
        Assert.Null(a[1].ModelVersion);
        var call = Assert.Single(ai.StandIn.Requests);
        Assert.Contains(German, call.ToJsonString(), StringComparison.Ordinal);
        await using var db = await ai.DbAsync();
        var usage = Assert.Single(await db.AiGenerationUsages.ToListAsync());
        Assert.Equal(("sentiment", 120, 30), (usage.Purpose, usage.PromptTokens, usage.CompletionTokens));
        Assert.True(usage.CostUsd > 0);
    }

    [Fact]
    public async Task ACommentReadByTheProviderShowsThatEngineInTheInboxApi()
    {
        ai.StandIn.Answers("{\"sentiment\": \"negative\", \"score\": -0.7, \"confidence\": 0.8, \"intent\": \"complaint\"}");
        var (_, postId) = await ai.App.PublishedSandboxPostAsync();

        using var response = await ai.Editor.PostAsJsonAsync(AiFixture.U("/api/sandbox/comments"), new { postId, author = "Jonas", text = $"{German} {Guid.NewGuid():N}" });
        var item = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("ai", item.GetProperty("engine").GetString());
        Assert.Equal("negative", item.GetProperty("sentiment").GetString());
        Assert.Equal("complaint", item.GetProperty("intent").GetString());
    }

    [Fact]
    public async Task AnAnswerThatIsNotAReadingLeavesTheCommentNotAnalysed()
    {
        ai.StandIn.Answers("I think this comment is rather unhappy.");

        var a = (await ai.Get<SentimentAnalyzer>().AnalyzeAsync([German], null, CancellationToken.None))[0];

        Assert.Equal(AnalysisEngines.NotAnalysed, a.ModelVersion);
        Assert.Equal(0, a.Confidence);
    }
}
