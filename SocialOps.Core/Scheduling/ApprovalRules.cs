namespace SocialOps.Core.Scheduling;

/// <summary>Whether what someone schedules on an account must wait for approval.</summary>
public sealed class ApprovalRules(IOptionsMonitor<WorkflowOptions> options)
{
    public bool Installation => options.CurrentValue.RequireApproval;

    public bool Needed(Actor actor, bool? accountSetting) => !actor.MayApprove && (accountSetting ?? Installation);

    /// <summary>The accounts (of <paramref name="accountIds"/>) on which the actor's posts need approval.</summary>
    public async Task<HashSet<int?>> AccountsNeedingAsync(SocialOpsDbContext db, Actor actor, IEnumerable<int?> accountIds, CancellationToken ct)
    {
        if (actor.MayApprove)
        {
            return [];
        }

        var ids = accountIds.Where(i => i is not null).Select(i => i!.Value).Distinct().ToList();
        var settings = await db.PlatformAccounts.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.RequiresApproval }).ToListAsync(ct);
        var needing = settings.Where(s => Needed(actor, s.RequiresApproval)).Select(s => (int?)s.Id).ToHashSet();
        if (Installation)
        {
            needing.Add(null); // a post without an account follows the installation
        }

        return needing;
    }
}
