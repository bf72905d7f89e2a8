using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SocialOps.Core.Data;

/// <summary>
/// SQLite: instants as UTC ticks (sortable and comparable in SQL), money as REAL (summable); saves queue for the file's
/// one writer in this process (<see cref="SqliteWriteGate"/>) unless they run inside a transaction of their own.
/// </summary>
public sealed class SqliteSocialOpsDbContext(DbContextOptions options) : SocialOpsDbContext(options)
{
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (Database.CurrentTransaction is not null)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        var gate = SqliteWriteGate.For(Database.GetConnectionString()!);
        gate.Wait();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            gate.Release();
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (Database.CurrentTransaction is not null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var gate = SqliteWriteGate.For(Database.GetConnectionString()!);
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}

/// <summary>PostgreSQL: instants as <c>timestamptz</c>, always written in UTC.</summary>
public sealed class PostgresSocialOpsDbContext(DbContextOptions options) : SocialOpsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
    }

    private sealed class ToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(),
        v => v.ToUniversalTime());
}
