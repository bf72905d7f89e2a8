using SocialOps.Core.Telemetry;

namespace SocialOps.Core.Ai;

public sealed record AiUsageTotals(int Calls, long InputTokens, long OutputTokens, decimal CostUsd);

public sealed record AiUsageRow(string Key, int Calls, long InputTokens, long OutputTokens, decimal CostUsd);

/// <summary>This month's budget and spending; <see cref="Month"/> is the month's first instant (UTC).</summary>
public sealed record AiBudgetMonth(decimal Budget, decimal Spent, DateTimeOffset Month)
{
    /// <summary>Spending has reached the budget: generation is refused until the next month.</summary>
    public bool IsUsedUp => Spent >= Budget;
}

/// <summary>One call to a provider, as recorded.</summary>
public sealed record AiCall(string Provider, string Model, string Feature, string? UserId, int InputTokens, int OutputTokens, TimeSpan Latency, int? PostId = null);

/// <summary>Records every provider call with its tokens, latency and cost, and refuses generation past the monthly budget.</summary>
public sealed class AiUsageService(IDbContextFactory<SocialOpsDbContext> contexts, TimeProvider time, SocialOpsMeter? meter = null)
{
    public static decimal Cost(AiPrice price, long inputTokens, long outputTokens) =>
        Math.Round((inputTokens * price.InputPerMillion + outputTokens * price.OutputPerMillion) / 1_000_000m, 6);

    public async Task<long> RecordAsync(AiCall call, EffectiveAiSettings settings, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = new AiGenerationUsage
        {
            At = time.GetUtcNow(), UserId = call.UserId, Provider = call.Provider, Model = call.Model, Purpose = call.Feature, PostId = call.PostId,
            PromptTokens = call.InputTokens, CompletionTokens = call.OutputTokens, LatencyMs = (int)Math.Min(int.MaxValue, call.Latency.TotalMilliseconds),
            CostUsd = Cost(settings.PriceOf(call.Model), call.InputTokens, call.OutputTokens),
        };
        db.AiGenerationUsages.Add(row);
        await db.SaveChangesAsync(ct);
        meter?.AiCalled(call.Provider, call.Model, call.InputTokens, call.OutputTokens, row.CostUsd);
        return row.Id;
    }

    /// <summary>Ties the calls that wrote a draft to the post it became.</summary>
    public async Task AttachToPostAsync(IReadOnlyCollection<long> usageIds, int postId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.AiGenerationUsages.Where(u => usageIds.Contains(u.Id)).ExecuteUpdateAsync(s => s.SetProperty(u => u.PostId, postId), ct);
    }

    /// <summary>Throws when this calendar month's (UTC) spending has reached the budget.</summary>
    public async Task EnsureWithinBudgetAsync(EffectiveAiSettings settings, CancellationToken ct = default)
    {
        if (await MonthAsync(settings, ct) is { IsUsedUp: true, Budget: var budget, Spent: var spent })
        {
            throw new AiException(AiFailure.BudgetExceeded,
                $"This month's AI budget of {budget:0.00##} USD is used up ({spent:0.00##} USD spent). An Admin can raise it in Settings → AI; it renews on the 1st.");
        }
    }

    /// <summary>The monthly budget and what this calendar month (UTC) has spent of it, with the month's first instant; null without a budget.</summary>
    public async Task<AiBudgetMonth?> MonthAsync(EffectiveAiSettings settings, CancellationToken ct = default)
    {
        if (settings.MonthlyBudgetUsd is not { } budget)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var spent = (await TotalsAsync(start, start.AddMonths(1), ct)).CostUsd;
        return new AiBudgetMonth(budget, spent, start);
    }

    public async Task<AiUsageTotals> TotalsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var rows = await RowsAsync(from, to, ct);
        return new AiUsageTotals(rows.Count, rows.Sum(r => (long)r.PromptTokens), rows.Sum(r => (long)r.CompletionTokens), rows.Sum(r => r.CostUsd));
    }

    /// <summary>Totals per UTC day and per user (the user's email, or "(API and jobs)" when no person made the call).</summary>
    public async Task<(IReadOnlyList<AiUsageRow> Days, IReadOnlyList<AiUsageRow> Users)> BreakdownAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var rows = await RowsAsync(from, to, ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var ids = rows.Select(r => r.UserId).OfType<string>().Distinct().ToList();
        var names = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.UserName ?? u.Id, ct);
        var days = rows.GroupBy(r => r.At.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(Row).ToList();
        var users = rows.GroupBy(r => r.UserId is { } id ? names.GetValueOrDefault(id, id) : "(API and jobs)")
            .OrderByDescending(g => g.Sum(r => r.CostUsd)).Select(Row).ToList();
        return (days, users);
    }

    private static AiUsageRow Row(IGrouping<string, Usage> g) =>
        new(g.Key, g.Count(), g.Sum(r => (long)r.PromptTokens), g.Sum(r => (long)r.CompletionTokens), g.Sum(r => r.CostUsd));

    private sealed record Usage(DateTimeOffset At, string? UserId, int PromptTokens, int CompletionTokens, decimal CostUsd);

    // Summed here rather than in SQL: SQLite cannot sum decimals, and a month of calls is small.
    private async Task<List<Usage>> RowsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.AiGenerationUsages.AsNoTracking().Where(u => u.At >= from && u.At < to)
            .Select(u => new Usage(u.At, u.UserId, u.PromptTokens, u.CompletionTokens, u.CostUsd)).ToListAsync(ct);
    }
}
