using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Ai;
using SocialOps.Core.Common;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Ai;

/// <summary>The AI key goes only to the address it was given for, and the AI client reaches only what the network guard allows.</summary>
public sealed class AiKeyRuleTests(AiFixture ai) : IClassFixture<AiFixture>, IAsyncLifetime
{
    private const string Elsewhere = "https://ai.attacker.example/v1";

    public Task InitializeAsync() => ai.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static AiSettingsUpdate Update(string? baseUrl, string? apiKey = null) =>
        new("OpenAI", baseUrl, OpenAiStandIn.Model, apiKey, false, 30, null, null, null, null, null, null);

    [Fact]
    public async Task SavingTheSameBaseUrlKeepsTheStoredKeyAndSavingAnotherRemovesIt()
    {
        var store = ai.Get<AiSettingsStore>();
        Assert.Empty(await store.SaveAsync(Update(ai.StandIn.BaseUrl, "sk-page-key-7731"), Actor.System));

        Assert.Empty(await store.SaveAsync(Update(ai.StandIn.BaseUrl + "/"), Actor.System));
        Assert.Equal("sk-page-key-7731", (await store.GetAsync()).ApiKey);

        Assert.Empty(await store.SaveAsync(Update(Elsewhere), Actor.System));
        Assert.Null((await store.GetAsync()).ApiKey);
        Assert.False((await store.ViewAsync()).HasApiKey);
    }

    [Fact]
    public async Task TheConfiguredKeyIsNotSentToAnAddressSavedOnThePage()
    {
        var store = ai.Get<AiSettingsStore>();
        Assert.Equal(OpenAiStandIn.Key, (await store.GetAsync()).ApiKey);

        Assert.Empty(await store.SaveAsync(Update(Elsewhere), Actor.System));

        Assert.Null((await store.GetAsync()).ApiKey);
    }

    [Fact]
    public async Task ANewBaseUrlSavedWithANewKeyKeepsThatKey()
    {
        var store = ai.Get<AiSettingsStore>();
        Assert.Empty(await store.SaveAsync(Update(ai.StandIn.BaseUrl, "sk-old-1"), Actor.System));

        Assert.Empty(await store.SaveAsync(Update(Elsewhere, "sk-new-2"), Actor.System));

        Assert.Equal("sk-new-2", (await store.GetAsync()).ApiKey);
    }
}

/// <summary>An app whose connectors may not reach loopback, pointed at the loopback stand-in and at internal addresses.</summary>
public sealed class AiNetworkGuardTests : IDisposable
{
    private readonly OpenAiStandIn _standIn = new();
    private readonly SocialOpsAppFactory _app = new();

    public AiNetworkGuardTests()
    {
        foreach (var (key, value) in _standIn.Settings)
        {
            _app.Settings[key] = value;
        }

        _app.Settings["Connectors:AllowInsecureBaseUrls"] = "false";
        _app.Settings["Ai:TimeoutSeconds"] = "3";
    }

    [Theory]
    [InlineData(null, "Loopback addresses are not allowed")]
    [InlineData("http://10.0.0.1/v1", "Private-network addresses are not allowed")]
    [InlineData("http://169.254.169.254/v1", "Link-local")]
    public async Task TheAiClientRefusesLoopbackAndInternalAddressesWithoutSendingAnything(string? baseUrl, string refusal)
    {
        _standIn.Answers("OK");
        if (baseUrl is not null)
        {
            var update = new AiSettingsUpdate("OpenAI", baseUrl, OpenAiStandIn.Model, "sk-page-key", false, 3, null, null, null, null, null, null);
            Assert.Empty(await _app.Services.GetRequiredService<AiSettingsStore>().SaveAsync(update, Actor.System));
        }

        var (ok, message) = await _app.Services.GetRequiredService<AiDraftService>().TestAsync(Actor.System);

        Assert.False(ok);
        Assert.Contains("was not called", message, StringComparison.Ordinal);
        Assert.Contains(refusal, message, StringComparison.Ordinal);
        Assert.Empty(_standIn.Requests);
    }

    public void Dispose()
    {
        _app.Dispose();
        _standIn.Dispose();
    }
}
