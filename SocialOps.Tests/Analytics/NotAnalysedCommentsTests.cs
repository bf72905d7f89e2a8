using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Sentiment;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Analytics;

/// <summary>Comments in a language nothing could read stay out of the sentiment figures, and are counted apart.</summary>
public sealed class NotAnalysedCommentsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly SocialOpsAppFactory _app = new() { Time = new FakeTimeProvider(Now) };

    public async Task InitializeAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        db.Interactions.AddRange(
            Comment("Lovely beans", SentimentLabel.Positive, 0.8, "rules:1"),
            Comment("Arrived broken", SentimentLabel.Negative, -0.6, "rules:1"),
            Comment("Das Paket kam nie an", SentimentLabel.Neutral, 0, AnalysisEngines.NotAnalysed),
            Comment("Ce café est imbuvable", SentimentLabel.Neutral, 0, AnalysisEngines.NotAnalysed));
        await db.SaveChangesAsync();
    }

    private static Interaction Comment(string text, SentimentLabel label, double score, string modelVersion) => new()
    {
        Platform = Platform.Mastodon, ExternalId = Guid.NewGuid().ToString("N"), AuthorName = "Sam", Text = text, ReceivedAt = Now.AddHours(-2),
        Sentiment = new SentimentResult { Label = label, Score = score, ModelVersion = modelVersion, AnalyzedAt = Now.AddHours(-2), RequiresResponse = true },
    };

    [Fact]
    public async Task CommentsNothingCouldReadAreLeftOutOfTheSentimentSharesAndCountedApart()
    {
        var client = _app.CreateClientAs(Roles.Analyst);

        foreach (var path in new[] { "/api/analytics/sentiment", "/api/analytics/dashboard" })
        {
            var answer = await client.GetFromJsonAsync<JsonElement>(new Uri($"{path}?from=2026-07-01&to=2026-07-01&timeZone=UTC", UriKind.Relative));
            var mix = answer.GetProperty("sentiment");

            Assert.Equal(2, mix.GetProperty("total").GetInt32());
            Assert.Equal(0, mix.GetProperty("neutral").GetInt32());
            Assert.Equal(0.1, mix.GetProperty("meanScore").GetDouble(), 6);
            Assert.Equal(0.5, mix.GetProperty("negativeShare").GetDouble(), 6);
            Assert.Equal(2, mix.GetProperty("notAnalysed").GetInt32());
            var day = answer.GetProperty("daily").EnumerateArray().Single();
            Assert.Equal(0.1, day.GetProperty("meanSentiment").GetDouble(), 6);
        }
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }
}
