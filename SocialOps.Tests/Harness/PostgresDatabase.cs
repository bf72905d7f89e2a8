using Npgsql;

namespace SocialOps.Tests.Harness;

/// <summary>
/// A fresh database on the real PostgreSQL server for one test class, dropped afterwards.
/// If the server cannot be reached the tests fail with a message saying how to start it; they never skip.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public string Name { get; } = $"socialops_test_{Guid.NewGuid():N}";

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdmin);
        try
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is needed for this test and could not be used at {admin.Host}:{admin.Port} as {admin.Username} " +
                $"({ex.Message}). Run the tests with tools/test.sh, which installs and starts it, or set SOCIALOPS_TEST_POSTGRES.", ex);
        }

        admin.Database = Name;
        ConnectionString = admin.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresAdmin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState is "42501" or "55006" && attempt < 10)
            {
                // A server process of another role (an autovacuum worker, typically) is still in the database: it ends shortly.
                await Task.Delay(500);
            }
        }
    }
}
