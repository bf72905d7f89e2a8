using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Links;

/// <summary>The restart mid-count and the clicks report on PostgreSQL (the batch writer's updates and inserts, the report's joins).</summary>
public sealed class ClickRestartPostgresTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private SocialOpsAppFactory NewApp()
    {
        var app = new SocialOpsAppFactory().UsePostgres(database.ConnectionString);
        app.Settings["Links:FlushInterval"] = "01:00:00";
        return app;
    }

    [Fact]
    public async Task ClicksQueuedWhenTheAppStopsAreAllCountedAfterTheRestartOnPostgres()
    {
        string code;
        int postId;
        await using (var app = NewApp())
        {
            postId = await Scheduling.SchedulerTestExtensions.ScheduleAsync(app.CreateClientAs(Roles.Editor),
                new { platform = "sandbox", content = "Postgres clicks", scheduledTime = "2031-03-01T10:00:00Z" });
            using var created = await app.CreateClientAs(Roles.Editor).PostAsJsonAsync(new Uri("/api/links", UriKind.Relative), new { url = "https://example.com/pg", postId });
            code = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            var anonymous = app.CreateAnonymousClient();
            for (var i = 0; i < 12; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/l/{code}", UriKind.Relative));
                request.Headers.TryAddWithoutValidation("User-Agent", $"Mozilla/5.0 (Visitor {i}) Firefox/133.0");
                using var response = await anonymous.SendAsync(request);
                Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            }
        }

        await using var restarted = NewApp();
        var analyst = restarted.CreateClientAs(Roles.Analyst);
        var link = await analyst.GetFromJsonAsync<JsonElement>(new Uri($"/api/links/{code}", UriKind.Relative));
        var report = await analyst.GetFromJsonAsync<JsonElement>(new Uri("/api/links/clicks?platform=sandbox", UriKind.Relative));

        Assert.Equal(12, link.GetProperty("clicks").GetInt64());
        Assert.Equal(12, report.GetProperty("total").GetInt64());
        Assert.Equal(12, Assert.Single(report.GetProperty("days").EnumerateArray()).GetProperty("clicks").GetInt64());
        Assert.Equal(postId, Assert.Single(report.GetProperty("posts").EnumerateArray()).GetProperty("postId").GetInt32());
    }
}
