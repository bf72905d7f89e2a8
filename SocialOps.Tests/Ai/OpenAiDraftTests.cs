using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Ai;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Publishing;

namespace SocialOps.Tests.Ai;

/// <summary>Drafts against an OpenAI-compatible stand-in: what is sent, how answers are assembled and fitted, and how failures read.</summary>
public sealed class OpenAiDraftTests(AiFixture ai) : IClassFixture<AiFixture>, IAsyncLifetime
{
    private const string LongSentences =
        "Our winter blend is back with notes of cocoa and orange. It is roasted in small batches every morning in our shop. " +
        "Come taste it this weekend at the counter, with a free cookie for everyone who brings a friend along. " +
        "We also have a new oat milk that foams beautifully and tastes like nothing else in town. See you soon!";

    public Task InitializeAsync() => ai.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheRequestNamesTheModelCarriesTheBriefAndSendsTheKey()
    {
        ai.StandIn.Answers("Our winter blend is back! Come by for a cup. #coffee");

        using var response = await ai.PostAsync("/api/ai/generate", AiFixture.Generate("winter blend is back", "mastodon"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OpenAI", body.RootElement.GetProperty("provider").GetString());
        Assert.Equal(OpenAiStandIn.Model, body.RootElement.GetProperty("model").GetString());
        var draft = body.RootElement.GetProperty("drafts")[0];
        Assert.Equal("mastodon", draft.GetProperty("platform").GetString());
        Assert.Equal("Our winter blend is back! Come by for a cup. #coffee", draft.GetProperty("content").GetString());
        Assert.Equal("#coffee", draft.GetProperty("hashtags")[0].GetString());

        var request = Assert.Single(ai.StandIn.Requests);
        Assert.Equal(OpenAiStandIn.Model, request["model"]!.GetValue<string>());
        var messages = request["messages"]!.AsArray();
        Assert.Equal("system", messages[0]!["role"]!.GetValue<string>());
        Assert.Contains("Mastodon", messages[0]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("friendly", messages[0]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("user", messages[1]!["role"]!.GetValue<string>());
        Assert.Contains("winter blend is back", messages[1]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Bearer " + OpenAiStandIn.Key, Assert.Single(ai.StandIn.AuthorizationHeaders));
        Assert.DoesNotContain(ai.App.Logs.Lines, l => l.Contains(OpenAiStandIn.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStreamedDraftIsAssembledFromItsPiecesAndItsUsageRecorded()
    {
        const string text = "Fresh beans, fresh start. Our winter blend is back today! #coffee #winter";
        ai.StandIn.Answers((text, 321, 54));
        var drafts = ai.Get<AiDraftService>();

        var chunks = new List<DraftChunk>();
        await foreach (var chunk in drafts.StreamAsync(new DraftRequest("winter blend", "en", "witty"), Platform.Bluesky, Actor.System))
        {
            chunks.Add(chunk);
        }

        Assert.True(chunks.Count(c => c.Delta is not null) > 5);
        Assert.Equal(text, string.Concat(chunks.Select(c => c.Delta)));
        Assert.Equal(text, chunks[^1].Draft!.Content);
        Assert.True(ai.StandIn.Requests.Single()["stream"]!.GetValue<bool>());
        await using var db = await ai.DbAsync();
        var usage = await db.AiGenerationUsages.SingleAsync();
        Assert.Equal((321, 54, "OpenAI", OpenAiStandIn.Model, "draft"), (usage.PromptTokens, usage.CompletionTokens, usage.Provider, usage.Model, usage.Purpose));
    }

    [Fact]
    public async Task ADraftOverThePlatformLimitIsAskedForAgainAndFits()
    {
        const string shorter = "Our winter blend is back: cocoa, orange, small batches. Taste it this weekend! #coffee";
        ai.StandIn.Answers(LongSentences, shorter);

        var set = await ai.Get<AiDraftService>().GenerateAsync(new DraftRequest("winter blend", "en", "friendly"), [Platform.X], Actor.System);

        var draft = Assert.Single(set.Drafts);
        Assert.Equal(shorter, draft.Content);
        Assert.True(draft.Shortened);
        Assert.False(draft.Trimmed);
        Assert.Equal(2, ai.StandIn.Requests.Count);
        var again = ai.StandIn.Requests[1]["messages"]!.AsArray();
        Assert.Equal("assistant", again[2]!["role"]!.GetValue<string>());
        Assert.Contains("too long", again[3]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, set.UsageIds.Count);
    }

    [Fact]
    public async Task ADraftStillTooLongIsCutAfterTheLastSentenceThatFitsNeverMidWord()
    {
        ai.StandIn.Answers(LongSentences, LongSentences);

        var draft = (await ai.Get<AiDraftService>().GenerateAsync(new DraftRequest("winter blend", "en", "friendly"), [Platform.X], Actor.System)).Drafts[0];

        Assert.True(draft.Trimmed);
        Assert.True(ContentRules.Check(Platform.X, draft.Content).IsValid);
        Assert.Equal(
            "Our winter blend is back with notes of cocoa and orange. It is roasted in small batches every morning in our shop. " +
            "Come taste it this weekend at the counter, with a free cookie for everyone who brings a friend along.", draft.Content);
    }

    public static TheoryData<string, int, string> Failures => new()
    {
        { "401", 502, "refused the API key" },
        { "429", 429, "rate limiting" },
        { "500", 502, "had an error (HTTP 500)" },
        { "garbage", 502, "could not be read" },
        { "empty", 502, "answered with no text" },
        { "filter", 422, "content filter refused this brief" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task ProviderFailuresReachTheUserAsClearMessages(string failure, int status, string message)
    {
        switch (failure)
        {
            case "401": ai.StandIn.Fails(401, "invalid_api_key", "Incorrect API key provided."); break;
            case "429": ai.StandIn.Fails(429, "rate_limit_exceeded", "Rate limit reached."); break;
            case "500": ai.StandIn.Fails(500, "server_error", "The server had an error."); break;
            case "garbage": ai.StandIn.AnswersGarbage(); break;
            case "filter": ai.StandIn.Fails(400, "content_filter", "The response was filtered due to the prompt triggering Azure OpenAI's content management policy."); break;
            default: ai.StandIn.AnswersEmpty(); break;
        }

        using var response = await ai.PostAsync("/api/ai/generate", AiFixture.Generate("winter blend", "sandbox"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(ai.StandIn.Requests);
    }

    [Fact]
    public async Task AProviderThatDoesNotAnswerInTimeIsAbandonedWithATimeoutError()
    {
        ai.StandIn.AnswersAfter(TimeSpan.FromMinutes(2), "too late");
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-27T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var drafts = new AiDraftService(ai.Get<AiSettingsStore>(), ai.Get<AiClientFactory>(), new AiUsageService(ai.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<SocialOpsDbContext>>(), time),
            ai.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<SocialOpsDbContext>>(), time, NullLogger<AiDraftService>.Instance);

        var call = drafts.GenerateAsync(new DraftRequest("winter blend", "en", "friendly"), [Platform.Sandbox], Actor.System);
        // The deadline is on the fake clock: move it on a second at a time until the call gives up (the stand-in would wait 2 minutes).
        while (!call.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(call, Task.Delay(10));
        }

        var error = await Assert.ThrowsAsync<AiException>(() => call);

        Assert.Equal(AiFailure.Timeout, error.Failure);
        Assert.Contains("did not answer within 30 seconds", error.Message, StringComparison.Ordinal);
    }
}
