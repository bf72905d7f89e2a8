using Microsoft.Extensions.Configuration;
using Npgsql;

namespace SocialOps.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where SocialOps keeps its data. Bound from <c>Database</c>, <c>Data:Directory</c> and <c>ConnectionStrings:SocialOps</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    /// <summary><c>Sqlite</c> (embedded, the default) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>Apply pending migrations when the app starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Folder for the SQLite file and other local state (<c>Data:Directory</c>).</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary><c>ConnectionStrings:SocialOps</c>: required for Postgres, optional for SQLite.</summary>
    public string? ConnectionString { get; set; }

    public DatabaseProvider ParsedProvider =>
        Enum.TryParse<DatabaseProvider>(Provider, ignoreCase: true, out var p) && Enum.IsDefined(p)
            ? p
            : throw new InvalidOperationException($"Database:Provider '{Provider}' is not supported.");

    /// <summary>Reads the settings as <see cref="DataExtensions.AddData"/> binds them, for what is set up before they can be injected.</summary>
    public static DatabaseOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        Complete(options, configuration);
        return options;
    }

    /// <summary>The two settings that live outside the section: <c>Data:Directory</c> and <c>ConnectionStrings:SocialOps</c>.</summary>
    internal static void Complete(DatabaseOptions options, IConfiguration configuration)
    {
        options.DataDirectory = configuration["Data:Directory"] is { Length: > 0 } dir ? dir : options.DataDirectory;
        options.ConnectionString = configuration.GetConnectionString("SocialOps");
    }

    /// <summary>PostgreSQL with a connection string; unlike <see cref="ParsedProvider"/>, never throws (for set-up before validation).</summary>
    public bool UsesPostgres =>
        string.Equals(Provider, nameof(DatabaseProvider.Postgres), StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(ConnectionString);

    public string SqliteConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString)
            ? $"Data Source={Path.Combine(Path.GetFullPath(DataDirectory), "socialops.db")}"
            : ConnectionString;
}

/// <summary>Reports every database setting problem at once, each naming its setting.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        if (!Enum.TryParse<DatabaseProvider>(options.Provider, ignoreCase: true, out var provider) || !Enum.IsDefined(provider)
            || int.TryParse(options.Provider, out _))
        {
            failures.Add($"Database:Provider '{options.Provider}' is not supported: use Sqlite or Postgres.");
        }
        else if (provider == DatabaseProvider.Postgres)
        {
            ValidatePostgres(options.ConnectionString, failures);
        }
        else if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            ValidateDataDirectory(options.DataDirectory, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidatePostgres(string? connectionString, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add("ConnectionStrings:SocialOps is required when Database:Provider is Postgres.");
            return;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                failures.Add("ConnectionStrings:SocialOps names no Host.");
            }
        }
        catch (ArgumentException ex)
        {
            failures.Add($"ConnectionStrings:SocialOps is not a valid PostgreSQL connection string: {ex.Message}");
        }
    }

    private static void ValidateDataDirectory(string directory, List<string> failures)
    {
        try
        {
            var full = Path.GetFullPath(directory);
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-probe-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            failures.Add($"Data:Directory '{directory}' cannot be written: {ex.Message}");
        }
    }
}
