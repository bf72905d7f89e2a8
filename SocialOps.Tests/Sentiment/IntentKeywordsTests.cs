using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Sentiment;

/// <summary>The intent rules' keywords: built in, replaced per intent by the settings file, replaced again in Settings.</summary>
public sealed class IntentKeywordsTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task SettingsFileListsReplaceTheBuiltInOnesPerIntent()
    {
        using var builtIn = new SocialOpsAppFactory();
        using var configured = new SocialOpsAppFactory();
        configured.Settings["Sentiment:IntentKeywords:purchase_intent:0"] = "restock";
        configured.Settings["Sentiment:IntentKeywords:purchase_intent:1"] = "  Put Me On   The List ";
        configured.Settings["Sentiment:IntentKeywords:query:0"] = "anybody know";

        // "restock" is no purchase cue by default; "how much" is one only by default; "anybody know" opens a question only when configured.
        string[] texts = ["so excited for the blue mugs to restock", "how much is the grinder?", "put me on the list for the red mug", "anybody know the opening hours"];
        var before = await IntentsAsync(builtIn, texts);
        var after = await IntentsAsync(configured, texts);

        Assert.NotEqual("purchase_intent", before[0]);
        Assert.Equal(["purchase_intent", "none", "none"], before[1..]);
        Assert.Equal(["purchase_intent", "query", "purchase_intent", "query"], after);
        var list = await configured.Services.GetRequiredService<IntentKeywords>().ListAsync(CancellationToken.None);
        var purchase = list.Single(v => v.Intent == Intent.PurchaseIntent);
        Assert.Equal(TemplateSource.Configuration, purchase.Source);
        Assert.Equal(["restock", "put me on the list"], purchase.Phrases);
        Assert.Equal(TemplateSource.BuiltIn, list.Single(v => v.Intent == Intent.Complaint).Source);
    }

    [Fact]
    public async Task SavedListIsUsedByTheNextAnalysisIsAuditedAndResetBringsBackTheDefault()
    {
        using var app = new SocialOpsAppFactory();
        var keywords = app.Services.GetRequiredService<IntentKeywords>();
        const string text = "the fries were soggy and the bun was squashed";
        var admin = new Actor("admin@example.com", Access: Access.Admin);

        var before = await IntentsAsync(app, [text]);
        var saved = await keywords.SaveAsync(Intent.Complaint, ["Soggy", "squashed", "soggy", " "], admin, CancellationToken.None);
        var after = await IntentsAsync(app, [text, "my order never arrived"]);
        var reset = await keywords.ResetAsync(Intent.Complaint, admin, CancellationToken.None);
        var afterReset = await IntentsAsync(app, [text, "my order never arrived"]);

        Assert.NotEqual("complaint", before[0]);
        Assert.Equal(["soggy", "squashed"], saved.Phrases);
        Assert.Equal(TemplateSource.Settings, saved.Source);
        // The saved list replaces the built-in one: "never arrived" is no complaint cue any more (the negative sentiment still may be).
        Assert.Equal("complaint", after[0]);
        Assert.Equal(TemplateSource.BuiltIn, reset.Source);
        Assert.Equal(IntentVocabulary.Default[Intent.Complaint], reset.Phrases);
        Assert.NotEqual("complaint", afterReset[0]);
        Assert.Equal("complaint", afterReset[1]);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var actions = await db.AuditEntries.Where(a => a.EntityType == "IntentKeywordSet").Select(a => a.Action).ToListAsync();
        Assert.Equal(["sentiment.keywords.reset", "sentiment.keywords.saved"], actions.Order(StringComparer.Ordinal));
        Assert.False(await db.IntentKeywordSets.AnyAsync());
    }

    [Theory]
    [InlineData(new string[0], "at least one")]
    [InlineData(new[] { "   ", "" }, "at least one")]
    [InlineData(new[] { "a phrase that goes on and on and on well past the sixty character limit" }, "the limit is 60")]
    public async Task UnusableListsAreRefusedAndNothingIsStored(string[] phrases, string message)
    {
        using var app = new SocialOpsAppFactory();
        var keywords = app.Services.GetRequiredService<IntentKeywords>();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => keywords.SaveAsync(Intent.Praise, phrases, Actor.System, CancellationToken.None));
        var none = await Assert.ThrowsAsync<ArgumentException>(() => keywords.SaveAsync(Intent.None, ["x"], Actor.System, CancellationToken.None));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("has no keywords", none.Message, StringComparison.Ordinal);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.False(await db.IntentKeywordSets.AnyAsync());
    }

    [Fact]
    public async Task UnusableSettingsFileListsStopStartUpNamingTheSetting()
    {
        var result = await AppProcess.RunAsync([], new Dictionary<string, string>
        {
            ["Data__Directory"] = _data.Path,
            ["Sentiment__IntentKeywords__shouting__0"] = "loud",
            ["Sentiment__IntentKeywords__praise__0"] = " ",
        });

        result.AssertRefusedStartUp("Sentiment:IntentKeywords:shouting is not an intent");
        Assert.Contains("Sentiment:IntentKeywords:praise: Give at least one keyword or phrase.", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void QueryPhrasesMatchWholeWordsAtTheStart()
    {
        var f = new TextFeatures("Anybody KNOW when you open?");

        Assert.True(f.StartsWithWords("anybody know"));
        Assert.True(f.StartsWithWords("anybody"));
        Assert.False(f.StartsWithWords("any"));
        Assert.False(f.StartsWithWords("know"));
        Assert.False(f.StartsWithWords("anybody know when you open today"));
    }

    // The intent benchmark's labelled comments: enough of them, every label an intent, hard cases marked, no repeats.
    [Fact]
    public void IntentBenchmarkSetIsWellFormed()
    {
        var lines = File.ReadAllLines(Path.Combine(TestEnvironment.RepositoryRoot, "tools", "SocialOps.Benchmarks", "Data", "intents.tsv"));
        var rows = lines.Skip(1).Select(l => l.Split('\t')).ToList();

        Assert.Equal("intent\thard\ttext", lines[0]);
        Assert.True(rows.Count >= 300, $"{rows.Count} comments");
        Assert.All(rows, r => Assert.True(r.Length == 3 && IntentNames.TryParse(r[0], out _) && r[1] is "0" or "1" && r[2].Trim().Length > 0, string.Join('|', r)));
        Assert.Equal(rows.Count, rows.Select(r => r[2]).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.True(rows.Count(r => r[1] == "1") >= rows.Count / 4);
        Assert.All(Enum.GetValues<Intent>(), i => Assert.True(rows.Count(r => r[0] == i.Name()) >= 30, $"{i.Name()} has fewer than 30 comments"));
    }

    private static async Task<List<string>> IntentsAsync(SocialOpsAppFactory app, string[] texts)
    {
        var client = app.CreateClientAs(Roles.Editor);
        var response = await client.PostAsJsonAsync("/api/sentiment/analyze/batch", new { items = texts.Select(t => new { text = t }) });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("intent").GetString()!)];
    }
}
