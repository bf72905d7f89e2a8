using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Inbox;

namespace SocialOps.Tests.Scheduling;

/// <summary>How two texts are compared: the rules of "the same" and "nearly the same".</summary>
public sealed class DuplicateTextTests
{
    [Theory]
    [InlineData("  Hello\u200B   World\n", "hello world")]
    [InlineData("ＢＩＧ\tSale", "big sale")]
    [InlineData("Coffee\u00A0time", "coffee time")]
    public void CaseSpacingAndInvisibleCharactersAreFoldedAway(string text, string normalised) =>
        Assert.Equal(normalised, DuplicateText.Normalise(text));

    [Theory]
    [InlineData("Big sale today", "big   SALE today", true)]
    [InlineData("Big sale today!!!", "Big sale today", false)]
    [InlineData("Big sale today 🎉", "big sale today", false)]
    [InlineData("Big sale today", "Big sale tomorrow", null)]
    [InlineData("Our winter blend is back in every shop from Monday morning", "Our winter blend is back in every shop from Tuesday morning", false)]
    [InlineData("Our winter blend is back in every shop from Monday morning", "Our summer range arrives in two shops next week, come and see", null)]
    [InlineData("🎉", "🎉🎉", null)]
    public void SameNearlyOrDifferent(string a, string b, bool? expected) =>
        Assert.Equal(expected, DuplicateText.Compare(DuplicateText.Normalise(a), DuplicateText.Normalise(b)));

    [Fact]
    public void TheBandedEditDistanceAgreesWithTheFullOne()
    {
        // Letters only, so "nearly the same" can only come from the edit distance; lengths around the 40-character floor.
        var random = new Random(20261207);
        var compared = 0;
        for (var n = 0; n < 3000; n++)
        {
            var a = Word(random, random.Next(30, 90));
            var b = Mutate(random, a, random.Next(0, 12));
            var allowed = (int)(Math.Max(a.Length, b.Length) * DuplicateText.NearTolerance);
            bool? expected = a == b ? true
                : Math.Min(a.Length, b.Length) >= DuplicateText.NearMinimumLength && Levenshtein(a, b) <= allowed ? false : null;
            Assert.True(expected == DuplicateText.Compare(a, b), $"{a} / {b}: expected {expected}");
            compared += expected == false ? 1 : 0;
        }

        Assert.True(compared > 100, $"only {compared} nearly-same pairs were drawn");
    }

    private static string Word(Random random, int length) => new([.. Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(3)))]);

    private static string Mutate(Random random, string text, int edits)
    {
        var chars = new List<char>(text);
        for (var i = 0; i < edits; i++)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0: chars[at] = (char)('a' + random.Next(3)); break;
                case 1: chars.Insert(at, (char)('a' + random.Next(3))); break;
                default: if (chars.Count > 1) { chars.RemoveAt(at); } break;
            }
        }

        return new string([.. chars]);
    }

    private static int Levenshtein(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) { d[i, 0] = i; }
        for (var j = 0; j <= b.Length; j++) { d[0, j] = j; }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}

/// <summary>Scheduling the same text twice on one account: warned through the API and CSV import, refused on X unless confirmed.</summary>
public sealed class DuplicateWarningTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Editor => _app.CreateClientAs(Roles.Editor);

    private static Uri U(string path) => new(path, UriKind.Relative);

    private static string InDays(double days) => TimeProvider.System.GetUtcNow().AddDays(days).ToString("yyyy-MM-ddTHH:mm:ssZ");

    private async Task<(HttpStatusCode Status, JsonElement Body)> ScheduleAsync(object body)
    {
        using var response = await Editor.PostAsJsonAsync(U("/api/scheduler/schedule"), body);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private Task<int> CountAsync(string content) => _app.DbAsync(db => db.Posts.CountAsync(p => p.Content == content));

    [Fact]
    public async Task TheSameTextTwiceOnOneAccountIsScheduledWithAWarningNamingTheFirst()
    {
        var (firstStatus, first) = await ScheduleAsync(new { platform = "sandbox", content = "Winter blend is back", scheduledTime = InDays(2) });
        var (secondStatus, second) = await ScheduleAsync(new { platform = "sandbox", content = "  WINTER blend   is back ", scheduledTime = InDays(5) });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (firstStatus, secondStatus));
        Assert.False(first.TryGetProperty("warnings", out _), first.ToString());
        var warning = Assert.Single(second.GetProperty("warnings").EnumerateArray());
        Assert.Equal("content", warning.GetProperty("field").GetString());
        Assert.Contains($"already scheduled on this account", warning.GetProperty("message").GetString());
        Assert.Contains($"(post {first.GetProperty("id").GetInt32()})", warning.GetProperty("message").GetString());
        Assert.Equal(["id", "status", "nextRunUtc", "warnings"], second.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task OutsideTheWindowOrWithDifferentTextThereIsNoWarning()
    {
        await ScheduleAsync(new { platform = "sandbox", content = "Winter blend is back", scheduledTime = InDays(1) });

        var (_, later) = await ScheduleAsync(new { platform = "sandbox", content = "Winter blend is back", scheduledTime = InDays(32) });
        var (_, other) = await ScheduleAsync(new { platform = "sandbox", content = "Summer range is here", scheduledTime = InDays(2) });

        Assert.False(later.TryGetProperty("warnings", out _), later.ToString());
        Assert.False(other.TryGetProperty("warnings", out _), other.ToString());
    }

    [Fact]
    public async Task APublishedPostCountsAndAnotherAccountDoesNot()
    {
        var (mastodon, _) = await _app.PublishedSandboxPostAsync(Platform.Mastodon, "Our new winter blend is out");
        var (otherMastodon, _) = await _app.PublishedSandboxPostAsync(Platform.Mastodon, "Something else entirely");

        var (_, same) = await ScheduleAsync(new { platform = "mastodon", accountId = mastodon, content = "Our new winter blend is out!", scheduledTime = InDays(1) });
        var (_, elsewhere) = await ScheduleAsync(new { platform = "mastodon", accountId = otherMastodon, content = "Our new winter blend is out", scheduledTime = InDays(1) });

        Assert.Contains("Nearly the same text was published on this account", Assert.Single(same.GetProperty("warnings").EnumerateArray()).GetProperty("message").GetString());
        Assert.False(elsewhere.TryGetProperty("warnings", out _), elsewhere.ToString());
    }

    [Fact]
    public async Task OnXTheSameTextIsRefusedUntilConfirmed()
    {
        var (x, _) = await _app.PublishedSandboxPostAsync(Platform.X, "Launch day is here");

        var (refusedStatus, refused) = await ScheduleAsync(new { platform = "x", accountId = x, content = "launch day is here", scheduledTime = InDays(1) });
        Assert.Equal(HttpStatusCode.BadRequest, refusedStatus);
        Assert.Contains("X refuses a post with the same text", refused.GetProperty("errors").GetProperty("content")[0].GetString());
        Assert.Equal(0, await CountAsync("launch day is here"));

        var (confirmedStatus, confirmed) = await ScheduleAsync(new { platform = "x", accountId = x, content = "launch day is here", scheduledTime = InDays(1), confirmDuplicate = true });
        Assert.Equal(HttpStatusCode.Created, confirmedStatus);
        Assert.Single(confirmed.GetProperty("warnings").EnumerateArray());
        Assert.Equal(1, await CountAsync("launch day is here"));

        // Nearly the same is a warning on X too: X refuses only the same text.
        var (nearStatus, near) = await ScheduleAsync(new { platform = "x", accountId = x, content = "Launch day is here!!", scheduledTime = InDays(3) });
        Assert.Equal(HttpStatusCode.Created, nearStatus);
        Assert.Equal(2, near.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task TwoAlikeItemsOfOneBulkRequestWarnOnTheSecond()
    {
        using var response = await Editor.PostAsJsonAsync(U("/api/scheduler/bulk-schedule"), new
        {
            items = new[]
            {
                new { platform = "sandbox", content = "Coffee tasting on Friday", scheduledTime = InDays(1) },
                new { platform = "sandbox", content = "Coffee tasting on Friday", scheduledTime = InDays(2) },
            },
        });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var results = body.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.False(results[0].TryGetProperty("warnings", out _));
        Assert.Contains("in this same request", results[1].GetProperty("warnings")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task ACsvImportReportsDuplicatesAndRefusesThoseOnXUntilConfirmed()
    {
        var (x, _) = await _app.PublishedSandboxPostAsync(Platform.X, "Launch day is here");
        var when = TimeProvider.System.GetUtcNow().AddDays(1).ToString("yyyy-MM-dd HH:mm");
        var file = "platform,account,content,local_time,time_zone\n" +
            $"sandbox,,Coffee tasting on Friday,{when},UTC\n" +
            $"sandbox,,coffee tasting on friday,{TimeProvider.System.GetUtcNow().AddDays(2):yyyy-MM-dd HH:mm},UTC\n" +
            $"x,{x},Launch day is here,{when},UTC\n";

        async Task<(HttpStatusCode, JsonElement)> ImportAsync(string query)
        {
            using var response = await Editor.PostAsync(U("/api/scheduler/bulk-import" + query), new StringContent(file, Encoding.UTF8, "text/csv"));
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        var (dryStatus, dry) = await ImportAsync("?dryRun=true");
        Assert.Equal(HttpStatusCode.OK, dryStatus);
        var refusal = Assert.Single(dry.GetProperty("errors").EnumerateArray());
        Assert.Equal((4, "content"), (refusal.GetProperty("row").GetInt32(), refusal.GetProperty("field").GetString()));
        var warning = Assert.Single(dry.GetProperty("warnings").EnumerateArray());
        Assert.Equal(3, warning.GetProperty("row").GetInt32());

        var (refusedStatus, _) = await ImportAsync("");
        Assert.Equal(HttpStatusCode.BadRequest, refusedStatus);
        Assert.Equal(0, await CountAsync("Coffee tasting on Friday"));

        var (importedStatus, imported) = await ImportAsync("?confirmDuplicates=true");
        Assert.Equal(HttpStatusCode.Created, importedStatus);
        Assert.Equal(3, imported.GetProperty("scheduled").GetInt32());
        Assert.Equal(2, imported.GetProperty("warnings").GetArrayLength());
    }
}

/// <summary>The window is the team's setting; 0 turns the check off.</summary>
public sealed class DuplicateWindowSettingTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();

    public DuplicateWindowSettingTests() => _app.Settings["Scheduling:DuplicateWindowDays"] = "0";

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task WithTheWindowAtZeroNothingIsComparedAndXIsNotRefused()
    {
        var (x, _) = await _app.PublishedSandboxPostAsync(Platform.X, "Launch day is here");
        using var client = _app.CreateClientAs(Roles.Editor);

        using var response = await client.PostAsJsonAsync(new Uri("/api/scheduler/schedule", UriKind.Relative),
            new { platform = "x", accountId = x, content = "Launch day is here", scheduledTime = TimeProvider.System.GetUtcNow().AddDays(1).ToString("O") });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(body.RootElement.TryGetProperty("warnings", out _));
    }
}
