using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SocialOps.Core.Ai;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;
using SocialOps.Tests.Ai;
using SocialOps.Web.Components.Pages.Settings;
using SocialOps.Web.Identity;

namespace SocialOps.Tests.Components;

/// <summary>Settings → AI over the app's real store: a new base URL warns that the stored key goes, and then shows it gone.</summary>
public sealed class AiPanelTests : BunitTest, IClassFixture<AiFixture>, IAsyncLifetime
{
    private readonly AiFixture _ai;

    public AiPanelTests(AiFixture ai)
    {
        _ai = ai;
        foreach (var type in new[] { typeof(AiSettingsStore), typeof(AiDraftService), typeof(AiUsageService) })
        {
            Services.AddSingleton(type, ai.App.Services.GetRequiredService(type));
        }

        Services.AddSingleton(TimeProvider.System);
        var auth = AddAuthorization();
        auth.SetAuthorized("admin@example.com");
        auth.SetRoles(Roles.Admin);
        auth.SetPolicies(Policies.Analyst, Policies.Editor, Policies.Admin);
    }

    public async Task InitializeAsync()
    {
        await _ai.ResetAsync();
        var update = new AiSettingsUpdate("OpenAI", _ai.StandIn.BaseUrl, OpenAiStandIn.Model, "sk-page-key-4410", false, 30, null, null, null, null, null, null);
        Assert.Empty(await _ai.Get<AiSettingsStore>().SaveAsync(update, Actor.System));
    }

    private static string HelperOf(IRenderedComponent<AiPanel> panel, string testId) =>
        panel.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")!.TextContent;

    [Fact]
    public async Task ANewBaseUrlWarnsThatTheStoredKeyGoesAndAfterSavingTheKeyShowsAsNotSet()
    {
        Render<MudPopoverProvider>();
        var panel = Render<AiPanel>();
        panel.WaitForAssertion(() => Assert.Contains("A key is stored", HelperOf(panel, "ai-key"), StringComparison.Ordinal));
        Assert.Contains("Changing it removes the stored API key", HelperOf(panel, "ai-base-url"), StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-testid=ai-key-notice]"));

        panel.Find("input[data-testid=ai-base-url], [data-testid=ai-base-url] input").Change("https://ai.elsewhere.example/v1");

        panel.WaitForAssertion(() => Assert.Contains("removes the stored API key", panel.Find("[data-testid=ai-key-notice]").TextContent, StringComparison.Ordinal));
        panel.Find("[data-testid=ai-save]").Click();

        panel.WaitForAssertion(() => Assert.Contains("No key is stored", HelperOf(panel, "ai-key"), StringComparison.Ordinal));
        Assert.Empty(panel.FindAll("[data-testid=ai-key-notice]"));
        Assert.False((await _ai.Get<AiSettingsStore>().ViewAsync()).HasApiKey);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
