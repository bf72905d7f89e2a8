using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace SocialOps.Benchmarks;

/// <summary>
/// Schedule-API throughput: the built app runs as its own process on a fresh SQLite data directory, an Editor token
/// is made with the <c>tokens create</c> verb, and posts are scheduled with <c>POST /api/scheduler/schedule</c> over
/// loopback HTTP, one at a time and 8 at once. The per-token API rate limit is raised for the run (it would answer
/// 429 after 600 calls a minute otherwise).
/// </summary>
internal static class SchedulerApiBenchmark
{
    public static async Task<(double Sequential, double Concurrent)?> RunAsync(string appDll, int posts, TextWriter output)
    {
        if (!File.Exists(appDll))
        {
            output.WriteLine($"  skipped: {appDll} is missing (build it first: dotnet build -c Release SocialOps.Web)");
            return null;
        }

        var directory = Directory.CreateTempSubdirectory("socialops-api-bench-").FullName;
        try
        {
            var settings = $"--Data:Directory={directory}";
            var token = (await RunToEndAsync(appDll, $"tokens create --name bench --role Editor {settings}")).Trim().Split('\n')[^1].Trim();
            var port = FreePort();
            using var app = Start(appDll, $"--urls http://127.0.0.1:{port} {settings} --Security:ApiPerMinute=1000000");
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                http.DefaultRequestHeaders.Authorization = new("Bearer", token);
                await WaitHealthyAsync(http);
                var due = TimeProvider.System.GetUtcNow().AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                await ScheduleAsync(http, "warm-up", due);

                var sequential = Stopwatch.StartNew();
                for (var i = 0; i < posts; i++)
                {
                    await ScheduleAsync(http, $"one {i}", due);
                }

                sequential.Stop();
                var concurrent = Stopwatch.StartNew();
                await Parallel.ForEachAsync(Enumerable.Range(0, posts), new ParallelOptions { MaxDegreeOfParallelism = 8 },
                    async (i, _) => await ScheduleAsync(http, $"many {i}", due));
                concurrent.Stop();
                return (posts / sequential.Elapsed.TotalSeconds, posts / concurrent.Elapsed.TotalSeconds);
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
    }

    private static async Task ScheduleAsync(HttpClient http, string content, string due)
    {
        using var response = await http.PostAsJsonAsync("/api/scheduler/schedule", new { platform = "sandbox", content, scheduledTime = due, timeZone = "UTC" });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"schedule answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    internal static async Task WaitHealthyAsync(HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("the app did not answer /health within 60 s");
    }

    private static Process Start(string appDll, string arguments) =>
        Process.Start(new ProcessStartInfo("dotnet", $"\"{appDll}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
        }) ?? throw new InvalidOperationException("could not start the app");

    internal static async Task<string> RunToEndAsync(string appDll, string arguments)
    {
        using var process = Start(appDll, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await stdout : throw new InvalidOperationException($"{arguments} failed: {await stderr}");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
