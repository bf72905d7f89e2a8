using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace SocialOps.Core.Data;

/// <summary>Creates short-lived contexts of the configured provider; the options are built once.</summary>
internal sealed class SocialOpsDbContextFactory(IOptions<DatabaseOptions> options, IEnumerable<IInterceptor> interceptors) : IDbContextFactory<SocialOpsDbContext>
{
    private readonly Lazy<(DatabaseProvider Provider, DbContextOptions Options)> _built = new(() => Build(options.Value, [.. interceptors]));

    public SocialOpsDbContext CreateDbContext()
    {
        var (provider, contextOptions) = _built.Value;
        return Create(provider, contextOptions);
    }

    internal static SocialOpsDbContext Create(DatabaseProvider provider, DbContextOptions options) =>
        provider == DatabaseProvider.Postgres
            ? new PostgresSocialOpsDbContext(options)
            : new SqliteSocialOpsDbContext(options);

    internal static (DatabaseProvider, DbContextOptions) Build(DatabaseOptions options, IInterceptor[]? interceptors = null)
    {
        var provider = options.ParsedProvider;
        var builder = new DbContextOptionsBuilder<SocialOpsDbContext>();
        if (provider == DatabaseProvider.Postgres)
        {
            builder.UseNpgsql(PostgresSessions.Tune(options.ConnectionString!));
        }
        else
        {
            var connection = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.SqliteConnectionString);
            builder.UseSqlite(options.SqliteConnectionString);
            builder.AddInterceptors(new SqliteBusyWait(TimeSpan.FromSeconds(connection.DefaultTimeout)));
        }

        // The exception reaches the caller, who reports it; EF's own error log of it would say it twice.
        builder.ConfigureWarnings(w => w.Log((RelationalEventId.ConnectionError, LogLevel.Debug)));
        if (interceptors is { Length: > 0 })
        {
            // Feature hooks on saving (the analytics roll-up), registered by their features as IInterceptor.
            builder.AddInterceptors(interceptors);
        }

        return (provider, builder.Options);
    }
}
