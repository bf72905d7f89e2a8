using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Common;
using SocialOps.Core.Ai;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;

namespace SocialOps.Tests.Ai;

/// <summary>Cost accounting, the budget, generate-and-schedule, reply drafts and Settings → AI, against the stand-in.</summary>
public sealed class AiUsageAndSchedulingTests(AiFixture ai) : IClassFixture<AiFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => ai.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static object ScheduleBody(string prompt, string? language = "en", string? tone = "friendly") => new
    {
        prompt, platform = "sandbox", accountId = (int?)null, scheduledTime = "2031-03-02T09:30:00", timeZone = "Europe/Berlin", language, tone,
    };

    [Fact]
    public async Task EveryCallIsCostedAtTheConfiguredPricesPerMillionTokens()
    {
        ai.StandIn.Answers(("First draft. #coffee", 1000, 500), ("Second draft. #coffee", 3000, 250));
        await ai.PostAsync("/api/ai/generate", AiFixture.Generate("winter blend", "sandbox"));
        await ai.PostAsync("/api/ai/generate", AiFixture.Generate("winter blend", "sandbox"));

        using var usage = JsonDocument.Parse(await ai.Editor.GetStringAsync(AiFixture.U("/api/ai/usage")));

        // 4000 input tokens at $2 and 750 output tokens at $8 per million.
        Assert.Equal(2, usage.RootElement.GetProperty("calls").GetInt32());
        Assert.Equal(4000, usage.RootElement.GetProperty("inputTokens").GetInt64());
        Assert.Equal(750, usage.RootElement.GetProperty("outputTokens").GetInt64());
        Assert.Equal(0.014m, usage.RootElement.GetProperty("cost").GetDecimal());
        Assert.Equal("USD", usage.RootElement.GetProperty("currency").GetString());
        await using var db = await ai.DbAsync();
        Assert.All(await db.AiGenerationUsages.ToListAsync(), u => Assert.Equal(("OpenAI", "draft"), (u.Provider, u.Purpose)));

        using var empty = JsonDocument.Parse(await ai.Editor.GetStringAsync(AiFixture.U("/api/ai/usage?from=2020-01-01&to=2020-01-31")));
        Assert.Equal(0, empty.RootElement.GetProperty("calls").GetInt32());
        using var bad = await ai.Editor.GetAsync(AiFixture.U("/api/ai/usage?from=yesterday"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task PastTheMonthlyBudgetGenerationIsRefusedWithoutCallingTheProvider()
    {
        ai.StandIn.Answers(("A draft. #coffee", 1000, 500));
        var saved = await ai.Get<AiSettingsStore>().SaveAsync(new AiSettingsUpdate(
            "OpenAI", ai.StandIn.BaseUrl, OpenAiStandIn.Model, null, false, null, 0.005m, null, null, null, null, null), Actor.System);
        Assert.Empty(saved);

        using var first = await ai.PostAsync("/api/ai/generate", AiFixture.Generate("winter blend", "sandbox"));
        using var second = await ai.PostAsync("/api/ai/generate", AiFixture.Generate("winter blend", "sandbox"));
        using var scheduled = await ai.PostAsync("/api/scheduler/schedule-with-ai", ScheduleBody("winter blend"));
        using var problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.PaymentRequired, second.StatusCode);
        Assert.Contains("budget of 0.005 USD is used up (0.006 USD spent)", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PaymentRequired, scheduled.StatusCode);
        Assert.Single(ai.StandIn.Requests);
        await using var db = await ai.DbAsync();
        Assert.False(await db.Posts.AnyAsync(p => p.Content == "A draft. #coffee"));
    }

    [Fact]
    public async Task ScheduleWithAiWritesChecksStoresAndSchedulesOnTheSandbox()
    {
        ai.StandIn.Answers("Spring is here and so is our cherry blossom latte. #spring");

        using var response = await ai.PostAsync("/api/scheduler/schedule-with-ai", ScheduleBody("cherry blossom latte launch", "en", "enthusiastic"));
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var root = created.RootElement;
        Assert.Equal(["id", "status", "nextRunUtc", "content", "provider", "model"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Scheduled", root.GetProperty("status").GetString());
        Assert.Equal(DateTimeOffset.Parse("2031-03-02T08:30:00Z", System.Globalization.CultureInfo.InvariantCulture), root.GetProperty("nextRunUtc").GetDateTimeOffset());
        Assert.Equal("Spring is here and so is our cherry blossom latte. #spring", root.GetProperty("content").GetString());
        Assert.Equal(("OpenAI", OpenAiStandIn.Model), (root.GetProperty("provider").GetString(), root.GetProperty("model").GetString()));

        var id = root.GetProperty("id").GetInt32();
        await using var db = await ai.DbAsync();
        var post = await db.Posts.SingleAsync(p => p.Id == id);
        Assert.Equal((Platform.Sandbox, "Spring is here and so is our cherry blossom latte. #spring"), (post.Platform, post.Content));
        var provenance = await db.AiDrafts.SingleAsync(d => d.PostId == id);
        Assert.Equal(("OpenAI", OpenAiStandIn.Model, "cherry blossom latte launch", "enthusiastic"), (provenance.Provider, provenance.Model, provenance.Brief, provenance.Tone));
        Assert.Equal("schedule", (await db.AiGenerationUsages.SingleAsync(u => u.PostId == id)).Purpose);
    }

    public static TheoryData<string, object> BadInput => new()
    {
        { "prompt", ScheduleBody("   ") },
        { "language", ScheduleBody("winter blend", language: "klingon") },
        { "tone", ScheduleBody("winter blend", tone: "sarcastic") },
        { "timeZone", new { prompt = "winter blend", platform = "sandbox", scheduledTime = "2031-03-02T09:30:00", timeZone = "Mars/Olympus" } },
        { "platform", new { prompt = "winter blend", platform = "myspace", scheduledTime = "2031-03-02T09:30:00Z" } },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task BadInputIsRefusedBeforeAnythingIsGeneratedOrScheduled(string field, object body)
    {
        using var response = await ai.PostAsync("/api/scheduler/schedule-with-ai", body);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        Assert.Empty(ai.StandIn.Requests);
    }

    [Fact]
    public async Task AProviderErrorDuringScheduleWithAiSchedulesNothing()
    {
        ai.StandIn.Fails(500, "server_error", "The server had an error.");
        await using var before = await ai.DbAsync();
        var posts = await before.Posts.CountAsync();

        using var response = await ai.PostAsync("/api/scheduler/schedule-with-ai", ScheduleBody("winter blend"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await using var after = await ai.DbAsync();
        Assert.Equal(posts, await after.Posts.CountAsync());
    }

    [Fact]
    public async Task AReplyDraftIsWrittenFromTheCommentItsThreadAndItsSentiment()
    {
        ai.StandIn.Answers("So sorry about the wait, Dana! Send us a message and we'll make it right.");
        long id;
        await using (var db = await ai.DbAsync())
        {
            var earlier = new Interaction { Platform = Platform.Mastodon, ExternalId = $"c-{Guid.NewGuid():N}", AuthorName = "Sam", Text = "Same here, 20 minutes for a flat white", ReceivedAt = DateTimeOffset.Parse("2026-11-20T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture) };
            var comment = new Interaction
            {
                Platform = Platform.Mastodon, ExternalId = $"c-{Guid.NewGuid():N}", AuthorName = "Dana", Text = "Waited ages for my order today",
                ReceivedAt = DateTimeOffset.Parse("2026-11-20T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
                Post = new Core.Content.Post { Content = "Our new shop is open!", Platform = Platform.Mastodon },
                Sentiment = new Core.Inbox.SentimentResult { ModelVersion = "test", Label = Core.Sentiment.SentimentLabel.Negative, Intent = Core.Sentiment.Intent.Complaint },
            };
            db.Interactions.Add(comment);
            await db.SaveChangesAsync();
            earlier.PostId = comment.PostId;
            db.Interactions.Add(earlier);
            await db.SaveChangesAsync();
            id = comment.Id;
        }

        using var response = await ai.PostAsync("/api/ai/reply-draft", new { interactionId = id });
        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var missing = await ai.PostAsync("/api/ai/reply-draft", new { interactionId = 999_999 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("So sorry about the wait, Dana! Send us a message and we'll make it right.", reply.RootElement.GetProperty("content").GetString());
        var messages = ai.StandIn.Requests.Single()["messages"]!.AsArray();
        Assert.Contains("negative", messages[0]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Complaint", messages[0]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var user = messages[1]!["content"]!.GetValue<string>();
        Assert.Contains("Our new shop is open!", user, StringComparison.Ordinal);
        Assert.Contains("Sam: Same here", user, StringComparison.Ordinal);
        Assert.Contains("Dana", user, StringComparison.Ordinal);
        Assert.Contains("Waited ages", user, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task SettingsKeepTheKeyEncryptedAndNeverGiveItBack()
    {
        const string key = "sk-from-settings-55aa01";
        ai.StandIn.Answers("OK");
        using var save = await ai.Admin.PutAsJsonAsync(AiFixture.U("/api/ai/settings"), new
        {
            provider = "OpenAI", baseUrl = ai.StandIn.BaseUrl, model = "other-model", apiKey = key, timeoutSeconds = 20,
            voice = "Warm and plain", hashtags = "#roastery", prices = new[] { new { model = "other-model", inputPerMillionUsd = 1.5m, outputPerMillionUsd = 6m } },
        });
        var saved = await save.Content.ReadAsStringAsync();
        var read = await ai.Admin.GetStringAsync(AiFixture.U("/api/ai/settings"));
        using var test = JsonDocument.Parse(await (await ai.Admin.PostAsync(AiFixture.U("/api/ai/test"), null)).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        Assert.DoesNotContain(key, saved, StringComparison.Ordinal);
        Assert.DoesNotContain(key, read, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(read).RootElement.GetProperty("hasApiKey").GetBoolean());
        Assert.True(test.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("Bearer " + key, ai.StandIn.AuthorizationHeaders.Single());
        Assert.Equal("other-model", ai.StandIn.Requests.Single()["model"]!.GetValue<string>());
        await using var db = await ai.DbAsync();
        var row = await db.AiSettings.SingleAsync();
        Assert.DoesNotContain(key, row.ProtectedApiKey, StringComparison.Ordinal);
        Assert.DoesNotContain(ai.App.Logs.Lines, l => l.Contains(key, StringComparison.Ordinal));
        Assert.DoesNotContain(await db.AuditEntries.Select(a => a.Details).ToListAsync(), d => d != null && d.Contains(key, StringComparison.Ordinal));

        using var bad = await ai.Admin.PutAsJsonAsync(AiFixture.U("/api/ai/settings"), new { provider = "Skynet", baseUrl = "ftp://x", timeoutSeconds = 0 });
        var errors = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(errors.TryGetProperty("provider", out _) && errors.TryGetProperty("baseUrl", out _) && errors.TryGetProperty("timeoutSeconds", out _));
    }

    [Fact]
    public async Task TheStreamEndpointSendsPiecesThenTheFinishedDraft()
    {
        ai.StandIn.Answers("Small batches, big flavour. Our winter blend is back! #coffee");

        using var response = await ai.PostAsync("/api/ai/generate/stream", AiFixture.Generate("winter blend", "threads"));
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(events.Count(e => e.StartsWith("event: delta", StringComparison.Ordinal)) > 3);
        var last = events[^1];
        Assert.StartsWith("event: draft", last, StringComparison.Ordinal);
        var draft = JsonDocument.Parse(last[(last.IndexOf("data: ", StringComparison.Ordinal) + 6)..]).RootElement.GetProperty("draft");
        Assert.Equal("Small batches, big flavour. Our winter blend is back! #coffee", draft.GetProperty("content").GetString());
    }
}
