using Npgsql;

namespace SocialOps.Core.Data;

/// <summary>
/// How the app's PostgreSQL sessions are pooled: a connection returned to the pool is not reset (nothing in the app
/// keeps session state: no SET, temporary tables, advisory locks or LISTEN), so the statements Npgsql prepares
/// automatically stay prepared across uses instead of being parsed and planned again on every call. A setting given
/// in the connection string wins.
/// </summary>
public static class PostgresSessions
{
    public const int AutoPreparedStatements = 64;

    public static string Tune(string connectionString, Action<NpgsqlConnectionStringBuilder>? also = null)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            return connectionString; // reported, with its setting's name, by the database options' validation at start-up
        }

        if (!Given(builder, nameof(NpgsqlConnectionStringBuilder.NoResetOnClose), "No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        if (!Given(builder, nameof(NpgsqlConnectionStringBuilder.MaxAutoPrepare), "Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = AutoPreparedStatements;
        }

        also?.Invoke(builder);
        return builder.ConnectionString;
    }

    private static bool Given(NpgsqlConnectionStringBuilder builder, string property, string keyword) =>
        builder.Keys.Any(k => string.Equals(k, property, StringComparison.OrdinalIgnoreCase) || string.Equals(k, keyword, StringComparison.OrdinalIgnoreCase));
}
