using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;

namespace SocialOps.Tests.Harness;

/// <summary>
/// The app served by Kestrel on a free loopback port, and Debian's Chromium driven by Playwright.
/// Derive and override <see cref="ConfigureApp"/> to change settings; the default adds demo data.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ClosedNetworkFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;

    public SocialOpsAppFactory App { get; } = new();

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser { get; private set; } = null!;

    private string? _signedInState;

    /// <summary>The admin every page opened by <see cref="NewPageAsync"/> is signed in as.</summary>
    public (string Email, string Password) Admin { get; } = ("admin@socialops.test", $"Admin-{Guid.NewGuid():N}");

    protected virtual void ConfigureApp(SocialOpsAppFactory app) => app.Settings["Demo:SeedOnStart"] = "true";

    /// <summary>False for a fixture that tests first-run setup: no user, nobody signed in.</summary>
    protected virtual bool CreatesAdmin => true;

    /// <summary>Starts what the app needs before it starts (a database, a Redis); <see cref="ConfigureApp"/> comes after.</summary>
    protected virtual Task StartServicesAsync() => Task.CompletedTask;

    /// <summary>Stops what <see cref="StartServicesAsync"/> started, once the app has stopped.</summary>
    protected virtual Task StopServicesAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await StartServicesAsync();
        ConfigureApp(App);
        App.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");

        if (!File.Exists(TestEnvironment.ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is needed for browser tests and is not at {TestEnvironment.ChromiumPath}. " +
                "Run the tests with tools/test.sh (it installs Debian's chromium), or set SOCIALOPS_TEST_CHROMIUM.");
        }

        // Waits for an outcome, never a measure of speed: on a busy two-core machine one Blazor round trip can take
        // seconds, and Playwright's 5 s default then fails tests whose outcome is right. A test that promises a time
        // (a live arrival within 2 s) passes its own timeout.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.ChromiumPath,
            Headless = true,
            Args = ClosedNetworkFlags,
        });

        if (!CreatesAdmin)
        {
            return;
        }

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(Admin.Email, Admin.Password, Roles.Admin, Actor.System);
            Assert.True(user is not null, string.Join(" ", errors));
        }

        App.Services.GetRequiredService<SocialOps.Web.Identity.FirstRunSetup>().Completed();
        await using var tab = await NewAnonymousPageAsync();
        await tab.SignInAsync(Admin.Email, Admin.Password);
        _signedInState = await tab.Page.Context.StorageStateAsync();
    }

    /// <summary>A fresh browser context, signed in as <see cref="Admin"/>, that records console errors and failed page scripts.</summary>
    public Task<BrowserPage> NewPageAsync(string? browserTimeZone = null) => NewContextPageAsync(_signedInState, browserTimeZone);

    /// <summary>A fresh browser context with no session.</summary>
    public Task<BrowserPage> NewAnonymousPageAsync() => NewContextPageAsync(null);

    private async Task<BrowserPage> NewContextPageAsync(string? storageState, string? browserTimeZone = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            StorageState = storageState,
            TimezoneId = browserTimeZone,
        });
        context.SetDefaultTimeout(30_000);
        return new BrowserPage(context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
        await StopServicesAsync();
    }
}

public sealed class BrowserPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    private readonly List<string> _errors = Subscribe(page);

    public IPage Page { get; } = page;

    /// <summary>Console errors and uncaught exceptions seen so far.</summary>
    public IReadOnlyList<string> Errors => _errors;

    private static List<string> Subscribe(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add($"console: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add($"page error: {error}");
            }
        };
        return errors;
    }

    /// <summary>Signs in through the login page and waits for the dashboard.</summary>
    public async Task SignInAsync(string email, string password)
    {
        await Page.GotoAsync("account/login");
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitForInteractiveAsync();
    }

    /// <summary>Opens a path and waits until the Blazor circuit has made the page interactive.</summary>
    public async Task GotoInteractiveAsync(string path)
    {
        await Page.GotoAsync(path);
        await WaitForInteractiveAsync();
    }

    public Task WaitForInteractiveAsync() =>
        Page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

    /// <summary>
    /// Chooses files in a Blazor InputFile once the circuit has hooked its change listener (it does so after the input is
    /// rendered, a round trip later): files set before that would be lost without a trace.
    /// </summary>
    public async Task SetInputFilesAsync(ILocator input, Func<ILocator, Task> choose)
    {
        await input.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await Page.WaitForFunctionAsync("el => el._blazorInputFileNextFileId !== undefined", await input.ElementHandleAsync());
        await choose(input);
    }

    /// <summary>
    /// Drags <paramref name="source"/> onto <paramref name="target"/> once the drop zone there takes drops: MudBlazor hooks
    /// each zone's dragover after rendering it, a round trip later, and a drop before then is lost without a trace. The
    /// target is brought to the middle of its scrolling box first: at an edge a sticky header may cover it, and a drag
    /// that has to scroll on the way is lost too (a person drags to the edge and waits for it to scroll).
    /// </summary>
    public async Task DragAsync(ILocator source, ILocator target)
    {
        await target.EvaluateAsync("el => el.scrollIntoView({ block: 'center' })");
        var zone = await target.Locator(".mud-drop-zone").First.ElementHandleAsync();
        await Page.WaitForFunctionAsync(
            "zone => { const e = new DragEvent('dragover', { cancelable: true }); zone.dispatchEvent(e); return e.defaultPrevented; }",
            zone, new PageWaitForFunctionOptions { PollingInterval = 100 });
        await source.DragToAsync(target);
    }

    /// <summary>Saves a full-page PNG under the test artifacts folder and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(TestEnvironment.ArtifactsDirectory, "screenshots", $"{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
