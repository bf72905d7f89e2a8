using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Inbox;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Apis;

/// <summary>The sentiment API: the contract, bad input, and results stored against interactions.</summary>
public sealed class SentimentApiTests(SentimentApiTests.App app) : IClassFixture<SentimentApiTests.App>
{
    public sealed class App : SocialOpsAppFactory
    {
        public App() => Time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
    }

    private static readonly string[] ContractFields =
        ["sentiment", "sentimentScore", "confidence", "intent", "keywords", "requiresResponse", "priority", "autoResponse"];

    private HttpClient Client => app.CreateClientAs(Roles.Editor);

    [Fact]
    public async Task AnalyzeAnswersTheContractInCamelCase()
    {
        var response = await Client.PostAsJsonAsync("/api/sentiment/analyze", new { text = "My order never arrived and nobody answers 😡", platform = "instagram", postId = 3 });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ContractFields, root.EnumerateObject().Select(p => p.Name).Take(ContractFields.Length));
        Assert.Equal("negative", root.GetProperty("sentiment").GetString());
        Assert.Equal("complaint", root.GetProperty("intent").GetString());
        Assert.Equal("urgent", root.GetProperty("priority").GetString());
        Assert.True(root.GetProperty("requiresResponse").GetBoolean());
        Assert.InRange(root.GetProperty("sentimentScore").GetDouble(), -1, -0.3);
    }

    [Fact]
    public async Task BatchAnswersInOrder()
    {
        string[] texts = ["how much is the gift box?", "love it 😍", "the shop opens at nine", "worst coffee ever, cold and bitter"];
        var response = await Client.PostAsJsonAsync("/api/sentiment/analyze/batch", new { items = texts.Select(t => new { text = t }) });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var intents = json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("intent").GetString());
        Assert.Equal(["purchase_intent", "praise", "none", "complaint"], intents);
    }

    [Fact]
    public async Task BatchOf101IsRefusedSayingTheLimit()
    {
        var response = await Client.PostAsJsonAsync("/api/sentiment/analyze/batch", new { items = Enumerable.Range(0, 101).Select(i => new { text = $"text {i}" }) });
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("at most 100 items", problem, StringComparison.Ordinal);
        Assert.Contains("101", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "text": "" }""", "empty")]
    [InlineData("""{ "text": "   \n\t " }""", "whitespace")]
    [InlineData("""{ "platform": "x" }""", "text is required")]
    [InlineData("""{ "text": "bad \ud800 surrogate" }""", "not valid")]
    [InlineData("""{ "text": 42 }""", "not valid JSON")]
    [InlineData("""not json""", "not valid JSON")]
    [InlineData("""{ "items": [] }""", "text is required")]
    public async Task BadInputIsAClear400(string body, string mentions)
    {
        var response = await Client.PostAsync("/api/sentiment/analyze", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mentions, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HundredKilobytesOfTextIsA400SayingTheLimit()
    {
        var response = await Client.PostAsJsonAsync("/api/sentiment/analyze", new { text = new string('a', 100_000) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 5000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("😍😍🔥", "positive")]
    [InlineData("😡😡👎", "negative")]
    public async Task OnlyEmojisAreAnalysed(string text, string sentiment)
    {
        var response = await Client.PostAsJsonAsync("/api/sentiment/analyze", new { text });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sentiment, json.RootElement.GetProperty("sentiment").GetString());
    }

    [Fact]
    public async Task ResultIsStoredAgainstTheInteractionAndReplacedOnReanalysis()
    {
        var id = await AddInteractionAsync("Sam", "the grinder broke after two days. Really disappointed, I want a refund", app.Time!.GetUtcNow());

        var first = await Client.PostAsJsonAsync("/api/sentiment/analyze", new { text = "the grinder broke after two days. Really disappointed, I want a refund", interactionId = id });
        var second = await Client.PostAsJsonAsync("/api/sentiment/analyze", new { text = "the grinder broke after two days. Really disappointed, I want a refund", interactionId = id });
        using var json = JsonDocument.Parse(await second.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.StartsWith("Hi Sam,", json.RootElement.GetProperty("autoResponse").GetString(), StringComparison.Ordinal);
        await using var db = await Db().CreateDbContextAsync();
        var stored = await db.Set<SentimentResult>().SingleAsync(s => s.InteractionId == id);
        Assert.Equal(SentimentLabel.Negative, stored.Label);
        Assert.Equal(Intent.Complaint, stored.Intent);
        Assert.Equal(ResponsePriority.Urgent, await db.Interactions.Where(i => i.Id == id).Select(i => i.Priority).SingleAsync());
        Assert.Matches("^onnx:sentiment@[0-9a-f]{12}$", stored.ModelVersion);
        Assert.Equal(app.Time.GetUtcNow(), stored.AnalyzedAt);
        Assert.NotEmpty(stored.Keywords);
    }

    [Fact]
    public async Task UnknownInteractionIsA404()
    {
        var response = await Client.PostAsJsonAsync("/api/sentiment/analyze", new { text = "hello", interactionId = 987654 });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("987654", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SummaryCountsTheWindowWithMeanAndTrend()
    {
        var start = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var texts = new[] { ("awful, broken and late 😡", 0), ("terrible service", 1), ("love it 😍", 8), ("amazing, thank you!", 9) };
        var items = new List<object>();
        foreach (var (text, day) in texts)
        {
            items.Add(new { text, interactionId = await AddInteractionAsync("A", text, start.AddDays(day)) });
        }

        await Client.PostAsJsonAsync("/api/sentiment/analyze/batch", new { items });
        var response = await Client.PostAsJsonAsync("/api/sentiment/summary", new { from = start, to = start.AddDays(10) });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, root.GetProperty("total").GetInt32());
        Assert.Equal(2, root.GetProperty("negative").GetInt32());
        Assert.Equal(2, root.GetProperty("positive").GetInt32());
        Assert.Equal("improving", root.GetProperty("trend").GetString());
        Assert.Equal(4, root.GetProperty("daily").GetArrayLength());
        var bad = await Client.PostAsJsonAsync("/api/sentiment/summary", new { from = start, to = start.AddDays(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task ReferenceEndpointsDescribeIntentsTemplatesConfigAndHealth()
    {
        using var intents = JsonDocument.Parse(await Client.GetStringAsync("/api/sentiment/intents"));
        using var templates = JsonDocument.Parse(await Client.GetStringAsync("/api/sentiment/response-templates"));
        using var config = JsonDocument.Parse(await Client.GetStringAsync("/api/sentiment/config"));
        using var health = JsonDocument.Parse(await Client.GetStringAsync("/api/sentiment/health"));

        Assert.Equal(["none", "query", "complaint", "praise", "purchase_intent"], intents.RootElement.EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(4, templates.RootElement.GetArrayLength());
        Assert.Equal(0.85, config.RootElement.GetProperty("autoResponseThreshold").GetDouble());
        Assert.Equal(100, config.RootElement.GetProperty("maxBatchItems").GetInt32());
        Assert.Equal("onnx", health.RootElement.GetProperty("engine").GetString());
        Assert.Equal("model loaded", health.RootElement.GetProperty("reason").GetString());
    }

    private IDbContextFactory<SocialOpsDbContext> Db() => app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();

    private async Task<long> AddInteractionAsync(string author, string text, DateTimeOffset at)
    {
        _ = Client;
        await using var db = await Db().CreateDbContextAsync();
        var interaction = new Interaction { ExternalId = Guid.NewGuid().ToString("n"), AuthorName = author, Text = text, ReceivedAt = at };
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync();
        return interaction.Id;
    }
}
