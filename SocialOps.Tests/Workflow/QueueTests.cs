using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Identity;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Workflow;

public sealed class QueueTests : IDisposable
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    // Friday 26 March 2027, 12:00 in Berlin (CET, UTC+1); the clocks go forward on Sunday 28 March at 02:00.
    private static readonly DateTimeOffset BeforeSpring = new(2027, 3, 26, 11, 0, 0, TimeSpan.Zero);

    private readonly SocialOpsAppFactory _app = new() { Time = new FakeTimeProvider(BeforeSpring) };

    private static List<QueueSlot> Slots(params string[] texts) => QueueSlot.ParseAll(texts, []);

    [Fact]
    public void SlotsKeepTheirWallClockTimeAcrossTheSpringChange()
    {
        var upcoming = QueueSlot.Upcoming(Slots("Mon 09:00", "Sat 11:00", "Sun 02:30"), Berlin, BeforeSpring).Take(4).ToList();

        Assert.Equal(
        [
            new DateTimeOffset(2027, 3, 27, 10, 0, 0, TimeSpan.Zero), // Sat 11:00 CET
            new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), // Sun 02:30 does not exist: right after the jump, 03:30 CEST
            new DateTimeOffset(2027, 3, 29, 7, 0, 0, TimeSpan.Zero),  // Mon 09:00 CEST
            new DateTimeOffset(2027, 4, 3, 9, 0, 0, TimeSpan.Zero),   // Sat 11:00 CEST
        ], upcoming);
    }

    [Fact]
    public void ARepeatedAutumnTimeGoesOutOnce()
    {
        var beforeAutumn = new DateTimeOffset(2027, 10, 30, 12, 0, 0, TimeSpan.Zero);

        var upcoming = QueueSlot.Upcoming(Slots("Sun 02:30", "Sun 09:00"), Berlin, beforeAutumn).Take(3).ToList();

        Assert.Equal(
        [
            new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), // 02:30 CEST, the first of the two
            new DateTimeOffset(2027, 10, 31, 8, 0, 0, TimeSpan.Zero),  // 09:00 CET
            new DateTimeOffset(2027, 11, 7, 1, 30, 0, TimeSpan.Zero),
        ], upcoming);
    }

    [Theory]
    [InlineData("Monday 9:00")]
    [InlineData("mon 09:00")]
    public void SlotsAreReadInAnyCase(string text)
    {
        Assert.True(QueueSlot.TryParse(text, out var slot));
        Assert.Equal("Mon 09:00", slot.ToString());
    }

    [Fact]
    public void UnreadableSlotsAreNamed()
    {
        var problems = new List<string>();
        QueueSlot.ParseAll(["Funday 09:00", "Tue 25:00", "Wed 10:00"], problems);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("Funday", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueuedPostsTakeTheNextFreeSlotsAndMoveUpWhenOneLeaves()
    {
        var admin = _app.CreateClientAs(Roles.Admin);
        var editor = _app.CreateClientAs(Roles.Editor);
        var account = await CreateAccountAsync(admin);

        using (var none = await editor.PostAsJsonAsync(U("/api/scheduler/queue"), new { accountId = account, content = "No slots yet" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
            Assert.Contains("no queue slots", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var slots = await admin.PutAsJsonAsync(U($"/api/scheduler/queue/{account}/slots"), new { slots = new[] { "Sat 11:00", "Mon 09:00", "Sun 02:30" } }))
        {
            Assert.Equal(HttpStatusCode.OK, slots.StatusCode);
        }

        var first = await QueueAsync(editor, account, "First");
        var second = await QueueAsync(editor, account, "Second");
        var third = await QueueAsync(editor, account, "Third");

        Assert.Equal("Scheduled", first.GetProperty("status").GetString());
        Assert.Equal(new DateTimeOffset(2027, 3, 27, 10, 0, 0, TimeSpan.Zero), first.GetProperty("nextRunUtc").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), second.GetProperty("nextRunUtc").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 7, 0, 0, TimeSpan.Zero), third.GetProperty("nextRunUtc").GetDateTimeOffset());

        // Share next: the new post goes first, the others move back one slot each.
        using (var next = await editor.PostAsJsonAsync(U("/api/scheduler/queue"), new { accountId = account, content = "Urgent", shareNext = true }))
        {
            Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        }

        Assert.Equal(["Urgent", "First", "Second", "Third"], await OrderAsync(editor, account));

        // Removing a queued post closes the gap: the later ones move up.
        var urgent = (await ListAsync(editor, account))[0].GetProperty("id").GetInt32();
        using (var cancel = await editor.DeleteAsync(U($"/api/scheduler/cancel/{urgent}")))
        {
            Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        }

        var after = await ListAsync(editor, account);
        Assert.Equal(["First", "Second", "Third"], after.Select(p => p.GetProperty("content").GetString()));
        Assert.Equal(new DateTimeOffset(2027, 3, 27, 10, 0, 0, TimeSpan.Zero), after[0].GetProperty("at").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 7, 0, 0, TimeSpan.Zero), after[2].GetProperty("at").GetDateTimeOffset());
    }

    private static Uri U(string path) => new(path, UriKind.Relative);

    private static async Task<int> CreateAccountAsync(HttpClient admin)
    {
        using var response = await admin.PostAsJsonAsync(U("/api/connections"), new { platform = "sandbox", behavesAs = "mastodon", name = "Queue test", timeZone = "Europe/Berlin" });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = body.RootElement.GetProperty("id").GetInt32();
        using var zone = await admin.PatchAsJsonAsync(U($"/api/connections/{id}"), new { timeZone = "Europe/Berlin" });
        Assert.Equal(HttpStatusCode.OK, zone.StatusCode);
        return id;
    }

    private static async Task<JsonElement> QueueAsync(HttpClient client, int account, string content)
    {
        using var response = await client.PostAsJsonAsync(U("/api/scheduler/queue"), new { accountId = account, content, hashtags = new[] { "#q" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, int account) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(U($"/api/scheduler/queue/{account}"))).EnumerateArray()];

    private static async Task<List<string?>> OrderAsync(HttpClient client, int account) =>
        [.. (await ListAsync(client, account)).Select(p => p.GetProperty("content").GetString())];

    public void Dispose() => _app.Dispose();
}
