using Microsoft.Playwright;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Browser;

/// <summary>
/// A reusable check that attacker-controlled text renders as text: store <see cref="Payload"/> wherever users can
/// write, open a page, and call <see cref="AssertHarmlessAsync"/>.
/// </summary>
public static class XssCheck
{
    /// <summary>Markup that would run script, open a dialog or inject an element if it were rendered as HTML.</summary>
    public const string Payload =
        "<script>window.__xss=1;alert(1)</script><img src=x onerror=\"window.__xss=2;alert(2)\"><b id=\"xss-bold\">bold</b>";

    public static async Task AssertHarmlessAsync(BrowserPage tab, string path, bool payloadShown)
    {
        var dialogs = new List<string>();
        void OnDialog(object? sender, IDialog dialog)
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        }

        tab.Page.Dialog += OnDialog;
        try
        {
            await tab.GotoInteractiveAsync(path);
            await tab.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            Assert.Empty(dialogs);
            Assert.Equal("undefined", await tab.Page.EvaluateAsync<string>("() => typeof window.__xss"));
            Assert.Equal(0, await tab.Page.Locator("#xss-bold").CountAsync());
            if (payloadShown)
            {
                Assert.True(await tab.Page.GetByText("<script>window.__xss=1", new() { Exact = false }).First.IsVisibleAsync(),
                    $"the payload is not shown as text on {path}");
            }
        }
        finally
        {
            tab.Page.Dialog -= OnDialog;
        }
    }
}
