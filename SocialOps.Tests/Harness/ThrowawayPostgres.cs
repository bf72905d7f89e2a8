using System.Diagnostics;
using Npgsql;

namespace SocialOps.Tests.Harness;

/// <summary>
/// A PostgreSQL server of its own (Debian's binaries, a fresh data folder, a free loopback port), for tests that
/// restart or stop the server: the shared test server stays untouched.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _data;

    private ThrowawayPostgres(string bin, string data, int port) => (_bin, _data, Port) = (bin, data, port);

    public int Port { get; }

    /// <summary>A connection string for the database <paramref name="database"/> (created by <see cref="CreateDatabaseAsync"/>).</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password=unused;Database={database};Timeout=10";

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => d.Length).ThenBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL's server binaries (initdb, pg_ctl) are needed for this test: run the tests with tools/test.sh, which installs them.");
        }

        var data = Path.Combine(Path.GetTempPath(), $"socialops-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["postgres:postgres", data]);
        }

        var server = new ThrowawayPostgres(bin, data, AppProcess.FreePort());
        await server.PgAsync("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
        await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"),
            $"\nport = {server.Port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{data}'\nmax_connections = 300\n");
        await server.PgCtlAsync("start");
        return server;
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the server (fast: open sessions are ended) and starts it again, as an operator's restart.</summary>
    public Task RestartAsync() => PgCtlAsync("restart", "-m", "fast");

    private Task PgCtlAsync(string action, params string[] extra) =>
        PgAsync("pg_ctl", [action, "-D", _data, "-w", "-t", "60", "-l", Path.Combine(_data, "server.log"), .. extra]);

    private async Task PgAsync(string tool, string[] args)
    {
        var path = Path.Combine(_bin, tool);
        if (Environment.UserName == "root")
        {
            // The server refuses to run as root: its tools run as the postgres user.
            await RunAsync("su", ["postgres", "-s", "/bin/sh", "-c", string.Join(' ', new[] { path }.Concat(args).Select(Quote))]);
        }
        else
        {
            await RunAsync(path, args);
        }
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task RunAsync(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {await stderr} {await stdout}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await PgCtlAsync("stop", "-m", "immediate");
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
