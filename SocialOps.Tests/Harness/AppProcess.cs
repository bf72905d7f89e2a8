using System.Diagnostics;

namespace SocialOps.Tests.Harness;

/// <summary>Runs the built SocialOps executable as a separate process, as a user would from a shell.</summary>
public static class AppProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        /// <summary>A refused start: exit code 1 and one line on stderr that mentions the setting, with no stack trace.</summary>
        public void AssertRefusedStartUp(string mustMention)
        {
            Assert.Equal(1, ExitCode);
            var line = Assert.Single(StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith("SocialOps cannot start:", line, StringComparison.Ordinal);
            Assert.Contains(mustMention, line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", StdOut + StdErr, StringComparison.Ordinal);
        }
    }

    /// <summary>Runs to completion (a verb, or a start-up that fails).</summary>
    public static async Task<Result> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        await using var running = Start(args, environment);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        return await running.WaitAsync(cts.Token);
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls a URL until the server answers it (or the timeout passes) and returns the body.</summary>
    public static async Task<string> WaitForAsync(HttpClient http, string path, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            try
            {
                return await http.GetStringAsync(new Uri(path, UriKind.Relative), cts.Token);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200, cts.Token);
            }
        }
    }

    /// <summary>Starts the process and leaves it running; disposing it stops it with SIGTERM.</summary>
    public static Running Start(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SocialOps.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new Running(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    public sealed class Running : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _stdout;
        private readonly Task<string> _stderr;

        internal Running(Process process)
        {
            _process = process;
            _stdout = process.StandardOutput.ReadToEndAsync();
            _stderr = process.StandardError.ReadToEndAsync();
        }

        public async Task<Result> WaitAsync(CancellationToken ct)
        {
            try
            {
                await _process.WaitForExitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                throw new TimeoutException($"SocialOps did not exit in time. Output so far: {await _stdout}");
            }

            return new Result(_process.ExitCode, await _stdout, await _stderr);
        }

        /// <summary>Ends the process at once (SIGKILL), as a crash or an out-of-memory kill would: no shutdown runs.</summary>
        public async Task KillAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        public bool HasExited => _process.HasExited;

        /// <summary>Asks the app to shut down as a service manager would (SIGTERM) and waits for it.</summary>
        public async Task<Result> StopAsync()
        {
            if (!_process.HasExited)
            {
                using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await WaitAsync(cts.Token);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
