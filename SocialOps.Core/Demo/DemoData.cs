namespace SocialOps.Core.Demo;

/// <summary>Whether this install holds the labelled demo data (the top bar says so, and so does the system info).</summary>
public sealed class DemoData(IDbContextFactory<SocialOpsDbContext> contexts)
{
    public async Task<bool> PresentAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.PlatformAccounts.AnyAsync(a => a.IsDemo, ct);
    }
}
