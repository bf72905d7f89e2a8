using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace SocialOps.Benchmarks;

/// <summary>
/// Wall screens through a cluster's load balancer (<c>tools/load.sh</c> starts one with <c>tools/cluster.sh</c>): one
/// screen is paired through the front and its wall cookie shared by every page; the load balancer's sticky sessions put
/// them on the instances, evenly (see <see cref="Walls"/>; the <c>X-SocialOps-Upstream</c> header of each page confirms
/// where it is served). Measures each instance's resident set as the walls open,
/// then how long one Sandbox comment, sent through the front to whichever instance the load balancer picks, takes to
/// reach the last wall on every instance (the event crosses Redis to the other two).
/// </summary>
internal static class ClusterWallBenchmark
{
    private const string AffinityCookie = "socialops_affinity";

    // Arms a promise that settles when the page's "Comments today" figure first shows one more than now, with
    // [Date.now(), the server's render instant] (the wall's data-rendered-ms, Unix ms on the instance's clock): the first is
    // when this browser painted the update, the second when the instance's circuit had rendered it and sent it out.
    // Awaiting it costs nothing while waiting, where polling 200 pages would take the cores the measured walls need.
    private const string Arm = """
        () => {
          const b = window.__clusterWall = window.__clusterWall || {};
          const figure = () => document.querySelector('[data-testid=wall-comments]');
          if (!b.observer) {
            b.observer = new MutationObserver(() => b.check && b.check());
            b.observer.observe(document.body, { subtree: true, childList: true, characterData: true });
          }
          if (!figure()) { b.check = null; b.done = Promise.resolve(null); return null; }
          const target = String(Number(figure().textContent.trim()) + 1);
          b.done = new Promise(resolve => {
            b.check = () => {
              const e = figure();
              if (e && e.textContent.trim() === target) {
                b.check = null;
                const rendered = document.querySelector('[data-rendered-ms]');
                resolve([Date.now(), rendered ? Number(rendered.dataset.renderedMs) : -1]);
              }
            };
          });
          return target;
        }
        """;

    private const string Seen = "() => Promise.race([window.__clusterWall.done, new Promise(r => setTimeout(() => r(null), 180000))])";

    // instances: each instance's port (as the upstream header names it) and its process id.
    public static async Task<int> RunAsync(string front, string connectionString, string token, IReadOnlyDictionary<int, int> instances,
        string chromium, int walls, int rounds, int parallel, TextWriter output)
    {
        if (!File.Exists(chromium))
        {
            Console.Error.WriteLine($"{chromium} is missing (apt-get install chromium)");
            return 2;
        }

        var (code, postId) = await WallBenchmark.PrepareAsync(new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:SocialOps"] = connectionString,
            ["Data:Directory"] = Directory.CreateTempSubdirectory("socialops-cluster-wall-").FullName,
        });

        using var playwright = await Playwright.CreateAsync();
        const int contextsPerInstance = 2;
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium, Headless = true,
            Args = [.. WallBenchmark.ClosedNetworkFlags, $"--renderer-process-limit={instances.Count * contextsPerInstance}"],
        });
        output.WriteLine($"Wall screens through {front}, {instances.Count} instances, PostgreSQL and Redis; {Environment.ProcessorCount} cores, load average {WallBenchmark.LoadAverage()}");

        var screens = new Walls(browser, front, code, [.. instances.Keys], contextsPerInstance);
        await MeasureMemoryAsync(screens, instances, walls, parallel, output);
        output.WriteLine($"  walls per instance: {string.Join(", ", screens.PerInstance.Select(p => $"{p.Key}: {p.Value}"))} ({screens.Contexts} browser contexts, one renderer process each)");
        await MeasureFanOutAsync(front, token, postId, screens, rounds, output);
        output.WriteLine($"  load average at the end: {WallBenchmark.LoadAverage()}");
        return 0;
    }

    /// <summary>Opens walls in steps; after each, every instance's resident set (median of 5 samples, 1 s apart).</summary>
    private static async Task MeasureMemoryAsync(Walls walls, IReadOnlyDictionary<int, int> instances, int total, int parallel, TextWriter output)
    {
        var points = new List<(int Total, Dictionary<int, int> Open, Dictionary<int, double> Resident)>();
        int[] steps = [0, total / 4, total / 2, 3 * total / 4, total];
        foreach (var step in steps.Distinct())
        {
            var opening = Stopwatch.StartNew();
            await walls.OpenUpToAsync(step, parallel);
            var opened = opening.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(5));
            var samples = new List<Dictionary<int, long>>();
            for (var i = 0; i < 5; i++)
            {
                samples.Add(instances.ToDictionary(p => p.Key, p => GcProbe.ResidentBytes(p.Value)));
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            var resident = instances.Keys.ToDictionary(port => port, port => WallBenchmark.Median(samples.Select(s => (double)s[port])));
            var open = instances.Keys.ToDictionary(port => port, port => walls.PerInstance.GetValueOrDefault(port));
            points.Add((step, open, resident));
            output.WriteLine($"  {step,3} walls open{(step > 0 ? $" ({opened.TotalSeconds:F0} s to open)" : "")}: resident " +
                string.Join(", ", instances.Keys.Select(port => $"{port} {open[port]} walls {resident[port] / 1048576:F0} MB")) +
                $"; all {resident.Values.Sum() / 1048576:F0} MB (median of 5)");
        }

        foreach (var port in instances.Keys)
        {
            var line = points.Select(p => ((double)p.Open[port], p.Resident[port])).ToList();
            var later = points.Where(p => p.Total > 0).Select(p => ((double)p.Open[port], p.Resident[port])).ToList();
            output.WriteLine($"  per wall on {port} (least-squares slope): {Slope(line) / 1024:F0} KB; from the first step on: {Slope(later) / 1024:F0} KB");
        }

        var all = points.Select(p => ((double)p.Total, p.Resident.Values.Sum())).ToList();
        var allLater = points.Where(p => p.Total > 0).Select(p => ((double)p.Total, p.Resident.Values.Sum())).ToList();
        output.WriteLine($"  per wall, the instances together: {Slope(all) / 1024:F0} KB; from the first step on: {Slope(allLater) / 1024:F0} KB");
    }

    /// <summary>
    /// Rounds of one Sandbox comment each through the front, after one uncounted warm-up: from the request's start until
    /// each wall shows the new count.
    /// </summary>
    private static async Task MeasureFanOutAsync(string front, string token, int postId, Walls walls, int rounds, TextWriter output)
    {
        // No cookies: each comment is placed by the load balancer afresh, as a connector's fetch on any instance would be.
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(front) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var delays = new List<double>();
        var lasts = new List<double>();
        var lastElsewhere = new List<double>();
        var renders = new List<double>();
        var lastRenders = new List<double>();
        var missedTotal = 0;
        for (var round = 0; round <= rounds; round++)
        {
            // A wall that lost its circuit shows no figure (or is reloading): it counts as missed in this round.
            await Task.WhenAll(walls.Pages.Select(async w =>
            {
                try
                {
                    await w.Page.EvaluateAsync<string?>(Arm);
                }
                catch (PlaywrightException)
                {
                }
            }));
            var waits = walls.Pages.Select(async w => (w.Port, Seen: await SeenAsync(w.Page))).ToList();
            var sent = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            var request = Stopwatch.StartNew();
            int receiver;
            using (var response = await http.PostAsJsonAsync("/api/sandbox/comments", new { postId, author = "Cluster wall benchmark", text = $"Lovely coffee, round {round}" }))
            {
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"the Sandbox comment answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                receiver = Walls.UpstreamPort(response.Headers.TryGetValues("X-SocialOps-Upstream", out var v) ? v.FirstOrDefault() : null);
            }

            var answered = request.Elapsed.TotalMilliseconds;
            var results = await Task.WhenAll(waits);
            var missed = results.Where(r => r.Seen is null).ToList();
            if (missed.Count > 0)
            {
                output.WriteLine($"  {missed.Count} walls did not show the comment within 180 s (on {string.Join(", ", missed.GroupBy(m => m.Port).Select(g => $"{g.Key}: {g.Count()}"))})");
                missedTotal += round > 0 ? missed.Count : 0;
            }

            var seen = results.Where(r => r.Seen is not null).Select(r => (r.Port, At: r.Seen!.Value.Painted - sent)).ToList();
            var rendered = results.Where(r => r.Seen is { Rendered: > 0 }).Select(r => r.Seen!.Value.Rendered - sent).ToList();
            if (seen.Count == 0)
            {
                output.WriteLine($"  {(round == 0 ? "warm-up " : $"round {round,2}")}: received by {receiver}, answered in {answered,4:F0} ms; no wall showed it within 180 s");
                continue;
            }

            var last = seen.Max(s => s.At);
            var elsewhere = seen.Where(s => s.Port != receiver).Select(s => s.At).DefaultIfEmpty(double.NaN).Max();
            output.WriteLine($"  {(round == 0 ? "warm-up " : $"round {round,2}")}: received by {receiver}, answered in {answered,4:F0} ms; " +
                $"walls updated after p50 {WallBenchmark.Median(seen.Select(s => s.At)),5:F0} ms, last {last,5:F0} ms " +
                $"(last on {receiver} {seen.Where(s => s.Port == receiver).Select(s => s.At).DefaultIfEmpty(double.NaN).Max(),5:F0} ms, on the others {elsewhere,5:F0} ms); " +
                $"circuits rendered it after p50 {WallBenchmark.Median(rendered),5:F0} ms, last {rendered.DefaultIfEmpty(double.NaN).Max(),5:F0} ms");
            if (round > 0)
            {
                delays.AddRange(seen.Select(s => s.At));
                lasts.Add(last);
                lastElsewhere.Add(elsewhere);
                renders.AddRange(rendered);
                lastRenders.Add(rendered.DefaultIfEmpty(double.NaN).Max());
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        if (delays.Count == 0)
        {
            output.WriteLine($"  no wall showed any counted comment within 180 s ({missedTotal} misses)");
            return;
        }

        delays.Sort();
        output.WriteLine($"  ingestion to update, {walls.Pages.Count} walls × {rounds} rounds = {delays.Count} page updates: p50 {WallBenchmark.Percentile(delays, 0.5):F0} ms, " +
            $"p95 {WallBenchmark.Percentile(delays, 0.95):F0} ms, max {delays[^1]:F0} ms; not shown within 180 s: {missedTotal}");
        output.WriteLine($"  the last wall of a round: median {WallBenchmark.Median(lasts):F0} ms, max {lasts.Max():F0} ms; " +
            $"the last wall on another instance than the one that took the comment: median {WallBenchmark.Median(lastElsewhere):F0} ms, max {lastElsewhere.Max():F0} ms");
        if (renders.Count > 0)
        {
            renders.Sort();
            output.WriteLine($"  ingestion to the circuit's render on its instance (the server's fan-out, before the browser paints): p50 {WallBenchmark.Percentile(renders, 0.5):F0} ms, " +
                $"p95 {WallBenchmark.Percentile(renders, 0.95):F0} ms; the last circuit of a round: median {WallBenchmark.Median(lastRenders):F0} ms, max {lastRenders.Max():F0} ms");
        }
    }

    // When the page painted the new count and when its circuit rendered it, or null when it did not within 180 s (or had no figure, or reloaded meanwhile).
    private static async Task<(double Painted, double Rendered)?> SeenAsync(IPage page)
    {
        try
        {
            return await page.EvaluateAsync<double[]?>(Seen) is [var painted, var rendered] ? (painted, rendered) : null;
        }
        catch (PlaywrightException)
        {
            return null;
        }
    }

    private static double Slope(List<(double X, double Y)> points)
    {
        double meanX = points.Average(p => p.X), meanY = points.Average(p => p.Y);
        var spread = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return spread == 0 ? double.NaN : points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / spread;
    }

    /// <summary>
    /// The open walls. The screen is paired once over plain HTTP; its wall cookie then goes into a few browser contexts
    /// per instance, each with an affinity cookie the load balancer is seen to send to that instance, and the walls are
    /// dealt round-robin over the contexts: every wall is a page and a circuit of its own, while the pages of one context
    /// share a renderer process (a process per page would take about 80 MB each, more than 200 fit beside the cluster).
    /// </summary>
    private sealed class Walls(IBrowser browser, string front, string code, IReadOnlyCollection<int> ports, int contextsPerInstance)
    {
        private readonly Lock _gate = new();
        private readonly List<IBrowserContext> _contexts = [];
        private readonly List<int> _contextPorts = [];

        public List<(IPage Page, int Port)> Pages { get; } = [];

        public Dictionary<int, int> PerInstance { get; } = ports.ToDictionary(p => p, _ => 0);

        public int Contexts => ports.Count * contextsPerInstance;

        public async Task OpenUpToAsync(int count, int parallel)
        {
            if (count > Pages.Count && _contexts.Count == 0)
            {
                await CreateContextsAsync();
            }

            var first = Pages.Count;
            await Parallel.ForEachAsync(Enumerable.Range(first, Math.Max(0, count - first)), new ParallelOptions { MaxDegreeOfParallelism = parallel },
                async (i, _) => await OpenAsync(i % _contexts.Count));
        }

        private async Task CreateContextsAsync()
        {
            using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(front) };
            using var paired = await http.GetAsync($"/wall/pair?code={code}");
            var jar = new CookieContainer();
            foreach (var header in paired.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                jar.SetCookies(new Uri(front), header);
            }

            var wallCookies = jar.GetCookies(new Uri(front)).Where(c => c.Name != AffinityCookie)
                .Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Url = front }).ToList();
            if (wallCookies.Count == 0)
            {
                throw new InvalidOperationException($"pairing the wall gave no cookie ({(int)paired.StatusCode} {paired.Headers.Location})");
            }

            // Affinity keys tried until each instance has its contexts: the load balancer's answer names where a key goes.
            var keys = ports.ToDictionary(p => p, _ => new List<string>());
            for (var attempt = 0; keys.Values.Any(k => k.Count < contextsPerInstance); attempt++)
            {
                if (attempt > 1000)
                {
                    throw new InvalidOperationException("the load balancer never sent an affinity key to some instance");
                }

                var key = Guid.NewGuid().ToString("N");
                using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
                request.Headers.Add("Cookie", $"{AffinityCookie}={key}");
                using var response = await http.SendAsync(request);
                var port = UpstreamPort(response.Headers.TryGetValues("X-SocialOps-Upstream", out var v) ? v.FirstOrDefault() : null);
                if (keys.TryGetValue(port, out var list) && list.Count < contextsPerInstance)
                {
                    list.Add(key);
                }
            }

            // Interleaved, so walls dealt round-robin spread evenly over the instances.
            for (var i = 0; i < contextsPerInstance; i++)
            {
                foreach (var port in ports)
                {
                    var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
                    await context.AddCookiesAsync([.. wallCookies, new Microsoft.Playwright.Cookie { Name = AffinityCookie, Value = keys[port][i], Url = front }]);
                    _contexts.Add(context);
                    _contextPorts.Add(port);
                }
            }
        }

        private async Task OpenAsync(int context)
        {
            var page = await _contexts[context].NewPageAsync();
            var response = await page.GotoAsync($"{front}/wall", new() { Timeout = 120_000 }) ?? throw new InvalidOperationException("/wall gave no answer");
            var port = UpstreamPort(await response.HeaderValueAsync("x-socialops-upstream"));
            if (port != _contextPorts[context])
            {
                throw new InvalidOperationException($"a wall meant for {_contextPorts[context]} was served by {port}");
            }

            await page.Locator("[data-interactive='true']").WaitForAsync(new() { Timeout = 120_000 });
            await page.GetByTestId("wall-comments").WaitForAsync(new() { Timeout = 120_000 });
            lock (_gate)
            {
                Pages.Add((page, port));
                PerInstance[port] = PerInstance.GetValueOrDefault(port) + 1;
            }
        }

        public static int UpstreamPort(string? upstream) =>
            upstream is not null && int.TryParse(upstream[(upstream.LastIndexOf(':') + 1)..], out var port)
                ? port
                : throw new InvalidOperationException($"no upstream port in the X-SocialOps-Upstream header ('{upstream}')");
    }
}
