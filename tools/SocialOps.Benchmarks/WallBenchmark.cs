using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SocialOps.Core;
using SocialOps.Core.Analytics.Wall;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Data;

namespace SocialOps.Benchmarks;

/// <summary>
/// The wall screen under load: the built app runs as its own process on a fresh SQLite data directory with the demo
/// data (<c>seed-demo</c>), a paired wall screen and an Editor token; Debian's Chromium opens the wall as that screen in separate
/// browser contexts (one per TV). Measures the app's memory as walls open (resident set from <c>/proc</c>, and the
/// managed heap after a full collection through <see cref="StartupHook"/>), then, with every wall open, how long a
/// Sandbox comment (<c>POST /api/sandbox/comments</c>, the connectors' ingestion path) takes to change every wall's
/// "Comments today" figure: a MutationObserver in each page notes <c>Date.now()</c> when the figure turns to the new count.
/// </summary>
internal static class WallBenchmark
{
    internal static readonly string[] ClosedNetworkFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private static readonly int[] Steps = [0, 10, 25, 50];

    // Notes when the page's "Comments today" figure first shows the awaited count.
    internal const string Observe = """
        () => {
          const b = window.__wallBench = window.__wallBench || { target: null, at: null };
          if (!b.observer) {
            const check = () => {
              const el = document.querySelector('[data-testid=wall-comments]');
              if (b.at === null && b.target !== null && el && el.textContent.trim() === b.target) b.at = Date.now();
            };
            b.observer = new MutationObserver(check);
            b.observer.observe(document.body, { subtree: true, childList: true, characterData: true });
          }
          const now = document.querySelector('[data-testid=wall-comments]').textContent.trim();
          b.target = String(Number(now) + 1);
          b.at = null;
          return now;
        }
        """;

    public static async Task<int> RunAsync(string appDll, string chromium, int walls, int rounds, TextWriter output)
    {
        if (!File.Exists(appDll) || !File.Exists(chromium))
        {
            Console.Error.WriteLine($"{(File.Exists(appDll) ? chromium : appDll)} is missing (build the app first: dotnet build -c Release SocialOps.Web; Chromium: apt-get install chromium)");
            return 2;
        }

        var directory = Directory.CreateTempSubdirectory("socialops-wall-bench-").FullName;
        try
        {
            var settings = $"--Data:Directory={directory} --Scheduling:Enabled=false";
            await SchedulerApiBenchmark.RunToEndAsync(appDll, $"seed-demo {settings}");
            var token = (await SchedulerApiBenchmark.RunToEndAsync(appDll, $"tokens create --name bench --role Editor {settings}")).Trim().Split('\n')[^1].Trim();
            var (key, postId) = await PrepareAsync(new() { ["Data:Directory"] = directory, ["Database:Provider"] = "Sqlite" });
            var url = $"http://127.0.0.1:{SchedulerApiBenchmark.FreePort()}";
            using var app = Start(appDll, $"--urls {url} {settings} --Security:ApiPerMinute=1000000", directory);
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(url) };
                http.DefaultRequestHeaders.Authorization = new("Bearer", token);
                await SchedulerApiBenchmark.WaitHealthyAsync(http);

                using var playwright = await Playwright.CreateAsync();
                await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ClosedNetworkFlags });
                output.WriteLine($"Wall screen, SQLite, demo data, scheduler off; {Environment.ProcessorCount} cores, load average {LoadAverage()}");
                var pages = await MeasureMemoryAsync(app.Id, new GcProbe(directory), browser, $"{url}/wall/pair?code={key}", walls, output);
                await MeasureUpdatesAsync(http, postId, pages, rounds, output);
                output.WriteLine($"  load average at the end: {LoadAverage()}");
            }
            finally
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    /// <summary>Opens walls in steps (0, 10, 25, 50 … up to <paramref name="walls"/>); after each, the median of 5 samples.</summary>
    private static async Task<List<IPage>> MeasureMemoryAsync(int pid, GcProbe probe, IBrowser browser, string wallUrl, int walls, TextWriter output)
    {
        var pages = new List<IPage>();
        var points = new List<(int Walls, double Resident, double Heap)>();
        foreach (var step in Steps.Where(n => n < walls).Append(walls))
        {
            while (pages.Count < step)
            {
                pages.Add(await OpenWallAsync(browser, wallUrl));
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
            var samples = new List<(long Resident, long Heap)>();
            for (var i = 0; i < 5; i++)
            {
                var heap = await probe.CollectAsync();
                samples.Add((GcProbe.ResidentBytes(pid), heap));
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            var (resident, managed) = (Median(samples.Select(s => (double)s.Resident)), Median(samples.Select(s => (double)s.Heap)));
            points.Add((step, resident, managed));
            output.WriteLine($"  {step,3} walls open: resident {resident / 1048576:F1} MB, managed heap after a full collection {managed / 1048576:F1} MB (median of 5)");
        }

        output.WriteLine($"  per open wall (least-squares slope): resident {Slope(points, p => p.Resident) / 1024:F0} KB, managed heap {Slope(points, p => p.Heap) / 1024:F0} KB");
        if (points.Count(p => p.Walls > 0) >= 2)
        {
            // The first walls also pay once for what any first visitor would (compiled code, caches): the slope without 0.
            var open = points.Where(p => p.Walls > 0).ToList();
            output.WriteLine($"  per open wall from {open[0].Walls} walls on: resident {Slope(open, p => p.Resident) / 1024:F0} KB, managed heap {Slope(open, p => p.Heap) / 1024:F0} KB");
        }
        return pages;
    }

    private static string? _pairedState;

    private static async Task<IPage> OpenWallAsync(IBrowser browser, string pairUrl)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, StorageState = _pairedState });
        var page = await context.NewPageAsync();

        // The first screen pairs with the one-time link; the others carry its wall cookie, as copies of one paired screen.
        await page.GotoAsync(_pairedState is null ? pairUrl : new Uri(new Uri(pairUrl), "/wall").AbsoluteUri);
        _pairedState ??= await context.StorageStateAsync();
        await page.Locator("[data-interactive='true']").WaitForAsync(new() { Timeout = 60_000 });
        await page.GetByTestId("wall-comments").WaitForAsync(new() { Timeout = 60_000 });
        return page;
    }

    /// <summary>
    /// Rounds of one Sandbox comment each, after one uncounted warm-up round (the first comment also pays for loading
    /// code paths once): from the request's start until each page shows the new count.
    /// </summary>
    private static async Task MeasureUpdatesAsync(HttpClient http, int postId, List<IPage> pages, int rounds, TextWriter output)
    {
        var delays = new List<double>();
        var roundMaxima = new List<double>();
        var requests = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var (request, seen) = await RoundAsync(http, postId, pages, $"Lovely coffee, round {round}");
            output.WriteLine($"  {(round == 0 ? "warm-up " : $"round {round,2}")}: request {request,5:F0} ms; walls updated after p50 {Median(seen),5:F0} ms, last {seen.Max(),5:F0} ms");
            if (round > 0)
            {
                requests.Add(request);
                delays.AddRange(seen);
                roundMaxima.Add(seen.Max());
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        delays.Sort();
        output.WriteLine($"  ingestion to update, {pages.Count} walls × {rounds} rounds = {delays.Count} pages: p50 {Percentile(delays, 0.5):F0} ms, " +
            $"p95 {Percentile(delays, 0.95):F0} ms, max {delays[^1]:F0} ms; median of the rounds' last wall {Median(roundMaxima):F0} ms; " +
            $"request p50 {Median(requests):F0} ms");
    }

    private static async Task<(double Request, List<double> Seen)> RoundAsync(HttpClient http, int postId, List<IPage> pages, string text)
    {
        foreach (var page in pages)
        {
            await page.EvaluateAsync<string>(Observe);
        }

        var sent = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var request = Stopwatch.StartNew();
        using (var response = await http.PostAsJsonAsync("/api/sandbox/comments", new { postId, author = "Wall benchmark", text }))
        {
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"the Sandbox comment answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        var elapsed = request.Elapsed.TotalMilliseconds;
        await Task.WhenAll(pages.Select(p => p.WaitForFunctionAsync("() => window.__wallBench.at !== null", null, new() { PollingInterval = 100, Timeout = 60_000 })));
        var seen = new List<double>();
        foreach (var page in pages)
        {
            seen.Add(await page.EvaluateAsync<double>("() => window.__wallBench.at") - sent);
        }

        return (elapsed, seen);
    }

    /// <summary>
    /// A wall screen with its pairing code (through the service Settings uses) and a published demo post to comment on,
    /// in the database that <paramref name="settings"/> name.
    /// </summary>
    internal static async Task<(string Key, int PostId)> PrepareAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        settings["Scheduling:Enabled"] = "false";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddSocialOpsCore();
        using var host = builder.Build();
        var key = await host.Services.GetRequiredService<KioskKeyService>().CreateAsync("Benchmark wall", Actor.System);
        int postId;
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync())
        {
            postId = await db.Posts.Where(p => p.Status == PostStatus.Published && p.Account!.IsDemo).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return (key.Code, postId);
    }

    // The app's log (standard output) is read and dropped; its errors reach the console.
    private static Process Start(string appDll, string arguments, string directory)
    {
        var app = Process.Start(new ProcessStartInfo("dotnet", $"\"{appDll}\" {arguments}")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Logging__LogLevel__Default"] = "Warning",
                ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
                [GcProbe.DirectoryVariable] = directory,
            },
        }) ?? throw new InvalidOperationException("could not start the app");
        app.OutputDataReceived += (_, _) => { };
        app.BeginOutputReadLine();
        return app;
    }

    internal static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    internal static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double Slope(List<(int Walls, double Resident, double Heap)> points, Func<(int Walls, double Resident, double Heap), double> y)
    {
        double meanX = points.Average(p => p.Walls), meanY = points.Average(y);
        return points.Sum(p => (p.Walls - meanX) * (y(p) - meanY)) / points.Sum(p => (p.Walls - meanX) * (p.Walls - meanX));
    }
}
