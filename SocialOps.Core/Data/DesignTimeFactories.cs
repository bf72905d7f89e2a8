using Microsoft.EntityFrameworkCore.Design;

namespace SocialOps.Core.Data;

// Used only by `dotnet ef migrations add`; no database is contacted.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSocialOpsDbContext>
{
    public SqliteSocialOpsDbContext CreateDbContext(string[] args) =>
        (SqliteSocialOpsDbContext)DesignTime.Create(DatabaseProvider.Sqlite, "Data Source=design.db");
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSocialOpsDbContext>
{
    public PostgresSocialOpsDbContext CreateDbContext(string[] args) =>
        (PostgresSocialOpsDbContext)DesignTime.Create(DatabaseProvider.Postgres, "Host=localhost;Database=design");
}

file static class DesignTime
{
    public static SocialOpsDbContext Create(DatabaseProvider provider, string connectionString)
    {
        var (_, options) = SocialOpsDbContextFactory.Build(new DatabaseOptions
        {
            Provider = provider.ToString(),
            ConnectionString = connectionString,
        });
        return SocialOpsDbContextFactory.Create(provider, options);
    }
}
