using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.Mastodon;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Scheduling;

namespace SocialOps.Tests.Connections;

public static class ConnectionsHarness
{
    /// <summary>An app allowed to reach stand-ins on loopback, with a short platform timeout and quick retries.</summary>
    public static SocialOpsAppFactory NewApp(string timeout = "00:00:20")
    {
        var app = new SocialOpsAppFactory().WithFastRetries();
        app.Settings["Connectors:AllowInsecureBaseUrls"] = "true";
        app.Settings["Connectors:Timeout"] = timeout;
        return app;
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostJsonAsync(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<int> ConnectMastodonAsync(this SocialOpsAppFactory app, MastodonStandIn mastodon, string name = "Brand on Mastodon")
    {
        var (response, body) = await app.CreateClientAs(Roles.Admin).PostJsonAsync("/api/connections",
            new { platform = "mastodon", name, baseUrl = mastodon.Url, accessToken = MastodonStandIn.Token });
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("id").GetInt32();
    }

    public static Connection MastodonConnection(MastodonStandIn mastodon, string token = MastodonStandIn.Token) =>
        new(1, Platform.Mastodon, new Uri(mastodon.Url), MastodonStandIn.AccountId, "@brand",
            new Dictionary<string, string> { [MastodonConnector.AccessToken] = token });

    public static async Task<T> DbAsync<T>(this SocialOpsAppFactory app, Func<SocialOpsDbContext, Task<T>> query)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        return await query(db);
    }
}
