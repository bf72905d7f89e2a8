using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Identity;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Inbox;

/// <summary>
/// A reply through the Sandbox fails as armed (refused, or unconfirmed when the answer is lost), and the next one (the
/// failure used) goes out once: an unconfirmed reply is found in the Sandbox rather than sent again.
/// </summary>
public sealed class SandboxReplyFailureTests(SocialOpsAppFactory app) : IClassFixture<SocialOpsAppFactory>
{
    [Theory]
    [InlineData("transient", "transient, 503", 0, HttpStatusCode.BadGateway)]
    [InlineData("permanent", "permanent, 400", 0, HttpStatusCode.BadGateway)]
    [InlineData("unknown", "\"replyStatus\":\"unconfirmed\"", 1, HttpStatusCode.Accepted)]
    public async Task AReplyFailsAsArmedAndSendingItAgainDeliversItOnce(string mode, string reason, int recordedByTheFailure, HttpStatusCode answer)
    {
        var (_, postId) = await app.PublishedSandboxPostAsync();
        var editor = app.CreateClientAs(Roles.Editor);
        using var comment = await editor.PostAsJsonAsync("/api/sandbox/comments", new { postId, author = "Robin", text = "Where can I buy it?" });
        var id = (await comment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using var armed = await editor.PostAsJsonAsync("/api/sandbox/failures", new { mode, count = 1 });
        Assert.Equal(HttpStatusCode.Created, armed.StatusCode);

        using var failed = await editor.PostAsJsonAsync($"/api/inbox/{id}/reply", new { text = "At our shop!" });
        var failure = await failed.Content.ReadAsStringAsync();
        var recorded = await app.DbAsync(db => db.SandboxReplies.CountAsync(r => r.InteractionId == id));
        var state = await app.DbAsync(db => db.Interactions.Where(i => i.Id == id).Select(i => i.State).SingleAsync());

        Assert.Equal(answer, failed.StatusCode);
        Assert.Contains(reason, failure, StringComparison.Ordinal);
        Assert.Equal(recordedByTheFailure, recorded);
        Assert.Equal(Core.Inbox.HandledState.Open, state);

        using var again = await editor.PostAsJsonAsync($"/api/inbox/{id}/reply", new { text = "At our shop!" });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("replied", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(1, await app.DbAsync(db => db.SandboxReplies.CountAsync(r => r.InteractionId == id)));
    }
}
