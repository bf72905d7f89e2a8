using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Identity;
using SocialOps.Core.Links;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Links;

/// <summary>Clicks are counted in memory and written in batches: a graceful stop writes what is still queued.</summary>
public sealed class ClickRestartTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private SocialOpsAppFactory NewApp()
    {
        var app = new SocialOpsAppFactory();
        app.Settings["Data:Directory"] = _data.Path;

        // Nothing is written until the stop: every click below is still in memory when the app goes down.
        app.Settings["Links:FlushInterval"] = "01:00:00";
        return app;
    }

    [Fact]
    public async Task ClicksQueuedWhenTheAppStopsAreAllCountedAfterTheRestart()
    {
        string code;
        await using (var app = NewApp())
        {
            using var created = await app.CreateClientAs(Roles.Editor).PostAsJsonAsync(new Uri("/api/links", UriKind.Relative), new { url = "https://example.com/restart" });
            code = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            var anonymous = app.CreateAnonymousClient();
            for (var i = 0; i < 25; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/l/{code}", UriKind.Relative));
                request.Headers.TryAddWithoutValidation("User-Agent", $"Mozilla/5.0 (Visitor {i}) Firefox/133.0");
                using var response = await anonymous.SendAsync(request);
                Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            }

            // Mid-count: the redirects answered, the database has not seen one click yet.
            Assert.Equal(0, await app.DbAsync(db => db.Set<TrackedLink>().Where(l => l.Code == code).Select(l => l.Clicks).SingleAsync()));
        }

        await using var restarted = NewApp();
        var link = await restarted.CreateClientAs(Roles.Analyst).GetFromJsonAsync<JsonElement>(new Uri($"/api/links/{code}", UriKind.Relative));

        Assert.Equal(25, link.GetProperty("clicks").GetInt64());
        Assert.Equal(25, await restarted.DbAsync(db => db.Set<LinkClickDay>().SumAsync(d => d.Clicks)));
    }
}
