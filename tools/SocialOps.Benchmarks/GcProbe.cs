using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime;

/// <summary>
/// Loaded into the measured app by the runtime (<c>DOTNET_STARTUP_HOOKS</c> names this assembly), so the wall benchmark
/// can read the managed heap after a full, compacting collection without the app exposing anything: when the file
/// <c>gc-request</c> appears in <c>SOCIALOPS_BENCH_GC_DIRECTORY</c>, the app collects and writes <c>gc-result</c>
/// (live managed bytes after the collection). The runtime requires this exact name in the global namespace.
/// </summary>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime finds startup hooks by this global name.")]
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(SocialOps.Benchmarks.GcProbe.DirectoryVariable) is not { Length: > 0 } directory)
        {
            return;
        }

        new Thread(() => Serve(directory)) { IsBackground = true, Name = "benchmark GC probe" }.Start();
    }

    private static void Serve(string directory)
    {
        string request = Path.Combine(directory, "gc-request"), result = Path.Combine(directory, "gc-result");
        while (true)
        {
            Thread.Sleep(50);
            if (!File.Exists(request))
            {
                continue;
            }

            File.Delete(request);
            for (var i = 0; i < 2; i++)
            {
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            var live = GC.GetTotalMemory(forceFullCollection: false);
            File.WriteAllText(result + ".tmp", live.ToString(CultureInfo.InvariantCulture));
            File.Move(result + ".tmp", result, overwrite: true);
        }
    }
}

namespace SocialOps.Benchmarks
{
    /// <summary>The benchmark's side of <see cref="StartupHook"/>, and the process's resident memory from <c>/proc</c>.</summary>
    internal sealed class GcProbe(string directory)
    {
        public const string DirectoryVariable = "SOCIALOPS_BENCH_GC_DIRECTORY";

        /// <summary>Asks the app for a full collection; answers its live managed bytes afterwards.</summary>
        public async Task<long> CollectAsync()
        {
            var result = Path.Combine(directory, "gc-result");
            File.Delete(result);
            await File.WriteAllTextAsync(Path.Combine(directory, "gc-request"), "");
            for (var waited = 0; waited < 600; waited++)
            {
                if (File.Exists(result))
                {
                    return long.Parse(await File.ReadAllTextAsync(result), CultureInfo.InvariantCulture);
                }

                await Task.Delay(100);
            }

            throw new TimeoutException("the app did not answer the GC probe within 60 s (was the startup hook loaded?)");
        }

        /// <summary>Resident set size (VmRSS) of a process, in bytes.</summary>
        public static long ResidentBytes(int pid)
        {
            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
    }
}
