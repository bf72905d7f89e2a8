using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Audit;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Identity;

public sealed class TokenTests : IDisposable
{
    private static readonly Uri Info = new("/api/system/info", UriKind.Relative);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private readonly SocialOpsAppFactory _app;

    public TokenTests() => _app = new SocialOpsAppFactory { Time = _time };

    private HttpClient ClientWith(string token)
    {
        var client = _app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task TokenWorksUntilItExpires()
    {
        var token = await _app.Services.GetRequiredService<ApiTokenService>().CreateAsync("ci", Roles.Analyst, 30, Actor.System);
        using var client = ClientWith(token.Token);

        var before = await client.GetAsync(Info);
        _time.Advance(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));
        var after = await client.GetAsync(Info);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task RevokedTokenIsRefusedAndTheRevocationIsAudited()
    {
        var tokens = _app.Services.GetRequiredService<ApiTokenService>();
        var token = await tokens.CreateAsync("ci", Roles.Editor, null, Actor.System);
        using var client = ClientWith(token.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Info)).StatusCode);

        Assert.True(await tokens.RevokeAsync(token.Id, new Actor("admin@example.com", Access: Access.Admin)));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(Info)).StatusCode);
        var (entries, _) = await _app.Services.GetRequiredService<AuditLog>().ListAsync(new AuditFilter("token."), 0, 10);
        Assert.Equal(["token.revoke", "token.create"], entries.Select(e => e.Action));
    }

    [Theory]
    [InlineData("sop_not-a-real-token")]
    [InlineData("garbage")]
    [InlineData("")]
    public async Task UnknownTokensAreRefused(string token)
    {
        using var client = _app.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Info);
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OnlyTheHashIsStored()
    {
        var token = await _app.Services.GetRequiredService<ApiTokenService>().CreateAsync("ci", Roles.Admin, 1, Actor.System);

        var stored = Assert.Single(await _app.Services.GetRequiredService<ApiTokenService>().ListAsync());

        Assert.DoesNotContain(token.Token, stored.TokenHash + stored.Prefix + stored.Name, StringComparison.Ordinal);
        Assert.Equal(64, stored.TokenHash.Length);
    }

    [Theory]
    [InlineData("", Roles.Admin, null)]
    [InlineData("ci", "Root", null)]
    [InlineData("ci", Roles.Admin, 0)]
    public async Task BadTokenRequestsAreRefused(string name, string role, int? days)
    {
        var tokens = _app.Services.GetRequiredService<ApiTokenService>();

        await Assert.ThrowsAsync<ArgumentException>(() => tokens.CreateAsync(name, role, days, Actor.System));
        Assert.Empty(await tokens.ListAsync());
    }

    public void Dispose() => _app.Dispose();
}

public sealed class TokenVerbTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();

    [Fact]
    public async Task TokensCreatePrintsAWorkingTokenOnItsLastLine()
    {
        var result = await AppProcess.RunAsync(["tokens", "create", "--name", "deploy", "--role", "editor", "--expires-days", "7"],
            new Dictionary<string, string> { ["Data__Directory"] = _app.DataDirectory });
        var token = result.StdOut.TrimEnd().Split('\n')[^1];

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("sop_", token, StringComparison.Ordinal);
        using var client = _app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/system/info", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain(token, string.Join('\n', _app.Logs.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensCreateWithABadRoleExitsOne()
    {
        var result = await AppProcess.RunAsync(["tokens", "create", "--name", "deploy", "--role", "root"],
            new Dictionary<string, string> { ["Data__Directory"] = _app.DataDirectory });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Role must be one of", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersCreateMakesAUserWhoCanSignIn()
    {
        var result = await AppProcess.RunAsync(["users", "create", "--email", "sam@example.com", "--role", "Analyst"],
            new Dictionary<string, string> { ["Data__Directory"] = _app.DataDirectory });

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Created sam@example.com as Analyst", result.StdOut, StringComparison.Ordinal);
        await using var scope = _app.Services.CreateAsyncScope();
        var user = Assert.Single(await scope.ServiceProvider.GetRequiredService<UserService>().ListAsync());
        Assert.Equal(Roles.Analyst, user.Role);
    }

    public void Dispose() => _app.Dispose();
}
