using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Inbox;

/// <summary>
/// The contract, through the API only: with the Sandbox armed to lose its next answer, a reply leaves the item
/// unconfirmed (neither replied nor failed), and the same reply asked for again sends nothing new.
/// </summary>
public sealed class UnknownReplyContractTests(SocialOpsAppFactory app) : IClassFixture<SocialOpsAppFactory>
{
    [Fact]
    public async Task AReplyWhoseAnswerIsLostIsUnconfirmedAndAskingAgainSendsNothingNew()
    {
        var (_, postId) = await app.PublishedSandboxPostAsync();
        var editor = app.CreateClientAs(Roles.Editor);
        var analyst = app.CreateClientAs(Roles.Analyst);
        using var comment = await editor.PostAsJsonAsync("/api/sandbox/comments", new { postId, author = "Robin", text = "Where can I buy it?" });
        var id = (await comment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using var armed = await editor.PostAsJsonAsync("/api/sandbox/failures", new { mode = "unknown", count = 1 });
        Assert.Equal(HttpStatusCode.Created, armed.StatusCode);

        using var first = await editor.PostAsJsonAsync($"/api/inbox/{id}/reply", new { text = "At our shop!" });
        var item = await editor.GetFromJsonAsync<JsonElement>($"/api/inbox/{id}");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("unconfirmed", item.GetProperty("replyStatus").GetString());
        Assert.Equal("open", item.GetProperty("state").GetString());
        using var refused = await analyst.PostAsync(new Uri($"/api/inbox/{id}/reply/mark-sent", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var second = await editor.PostAsJsonAsync($"/api/inbox/{id}/reply", new { text = "At our shop!" });
        var replies = await editor.GetFromJsonAsync<JsonElement>("/api/sandbox/replies");

        Assert.True(second.IsSuccessStatusCode || second.StatusCode == HttpStatusCode.Conflict, $"{(int)second.StatusCode}: {await second.Content.ReadAsStringAsync()}");
        Assert.Single(replies.GetProperty("items").EnumerateArray(), r => r.GetProperty("interactionId").GetInt64() == id);
        // The Sandbox keeps every reply it received, so it can tell: the reply is there, and is recorded as sent.
        Assert.Equal("sent", (await editor.GetFromJsonAsync<JsonElement>($"/api/inbox/{id}")).GetProperty("replyStatus").GetString());
    }
}
