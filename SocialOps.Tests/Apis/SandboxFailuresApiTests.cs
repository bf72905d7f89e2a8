using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Identity;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Apis;

/// <summary>The Sandbox failures contract: arm with a mode and a count, read what remains, disarm; bad input and roles.</summary>
public sealed class SandboxFailuresApiTests(SandboxFailuresApiTests.App app) : IClassFixture<SandboxFailuresApiTests.App>
{
    public sealed class App : SocialOpsAppFactory;

    private static readonly Uri Failures = new("/api/sandbox/failures", UriKind.Relative);

    private async Task<JsonElement> CurrentAsync() => await app.CreateClientAs(Roles.Analyst).GetFromJsonAsync<JsonElement>(Failures);

    [Fact]
    public async Task ArmingAnswers201AndTheStateShowsTheModeAndWhatRemainsUntilANewArmingReplacesIt()
    {
        var editor = app.CreateClientAs(Roles.Editor);

        using var armed = await editor.PostAsJsonAsync(Failures, new { mode = "permanent", count = 3 });
        var body = await armed.Content.ReadFromJsonAsync<JsonElement>();
        var current = await CurrentAsync();

        Assert.Equal(HttpStatusCode.Created, armed.StatusCode);
        Assert.Equal("/api/sandbox/failures", armed.Headers.Location?.OriginalString);
        Assert.Equal("permanent", body.GetProperty("mode").GetString());
        Assert.Equal(3, body.GetProperty("remaining").GetInt32());
        Assert.Equal("permanent", current.GetProperty("mode").GetString());
        Assert.Equal(3, current.GetProperty("remaining").GetInt32());
        Assert.Equal(3, current.GetProperty("count").GetInt32());
        Assert.False(string.IsNullOrEmpty(current.GetProperty("armedBy").GetString()));

        using var replaced = await editor.PostAsJsonAsync(Failures, new { mode = "Transient", count = 2 });
        current = await CurrentAsync();

        Assert.Equal(HttpStatusCode.Created, replaced.StatusCode);
        Assert.Equal("transient", current.GetProperty("mode").GetString());
        Assert.Equal(2, current.GetProperty("remaining").GetInt32());
        var audited = await app.DbAsync(db => db.AuditEntries.Where(a => a.Action == "sandbox.failures.arm").OrderByDescending(a => a.Id).FirstAsync());
        Assert.Contains("\"mode\":\"transient\"", audited.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisarmingAnswers204AndNothingIsArmedAfterwards()
    {
        var editor = app.CreateClientAs(Roles.Editor);
        using (var armed = await editor.PostAsJsonAsync(Failures, new { mode = "unknown", count = 5 }))
        {
            Assert.Equal(HttpStatusCode.Created, armed.StatusCode);
        }

        using var disarmed = await editor.DeleteAsync(Failures);
        var current = await CurrentAsync();

        Assert.Equal(HttpStatusCode.NoContent, disarmed.StatusCode);
        Assert.Equal(JsonValueKind.Null, current.GetProperty("mode").ValueKind);
        Assert.Equal(0, current.GetProperty("remaining").GetInt32());
        Assert.True(await app.DbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "sandbox.failures.disarm")));
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "an unknown mode", """{ "mode": "sometimes", "count": 1 }""", "mode" },
        { "no mode", """{ "count": 1 }""", "mode" },
        { "a number for a mode", """{ "mode": "1", "count": 1 }""", "mode" },
        { "no count", """{ "mode": "permanent" }""", "count" },
        { "a count of zero", """{ "mode": "permanent", "count": 0 }""", "count" },
        { "a negative count", """{ "mode": "permanent", "count": -4 }""", "count" },
        { "a count over the maximum", """{ "mode": "permanent", "count": 1001 }""", "count" },
        { "a count that is text", """{ "mode": "permanent", "count": "three" }""", "count" },
        { "a body that is not JSON", "mode=permanent&count=1", "body" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInputIsA400NamingTheFieldAndArmsNothing(string what, string json, string field)
    {
        var editor = app.CreateClientAs(Roles.Editor);
        using var reset = await editor.DeleteAsync(Failures);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);

        using var response = await editor.PostAsync(Failures, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{what}: {text}");
        Assert.Equal(JsonValueKind.Null, (await CurrentAsync()).GetProperty("mode").ValueKind);
    }

    [Fact]
    public async Task AnAnalystMayReadButNotArmOrDisarmAndAnonymousCallersMustSignIn()
    {
        var analyst = app.CreateClientAs(Roles.Analyst);
        var anonymous = app.CreateAnonymousClient();

        using var arm = await analyst.PostAsJsonAsync(Failures, new { mode = "permanent", count = 1 });
        using var disarm = await analyst.DeleteAsync(Failures);
        using var read = await analyst.GetAsync(Failures);
        using var anonymousArm = await anonymous.PostAsJsonAsync(Failures, new { mode = "permanent", count = 1 });
        using var anonymousRead = await anonymous.GetAsync(Failures);

        Assert.Equal(HttpStatusCode.Forbidden, arm.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, disarm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousArm.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousRead.StatusCode);
    }
}
