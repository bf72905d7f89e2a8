using System.ComponentModel.DataAnnotations;
using SocialOps.Core.Audit;

namespace SocialOps.Core.Analytics;

/// <summary>The ROI values as an admin set them in Settings → ROI; one row, laid over <c>Analytics:Roi</c>.</summary>
public class RoiSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    [MaxLength(3)] public string Currency { get; set; } = "USD";

    // Null is "not set" (0 is a value): ROI counts with no value or cost the team did not give.
    public decimal? ValuePerLike { get; set; }
    public decimal? ValuePerComment { get; set; }
    public decimal? ValuePerShare { get; set; }
    public decimal? ValuePerClick { get; set; }
    public decimal? ValuePerNewFollower { get; set; }
    public decimal? MonthlyToolCost { get; set; }
    public decimal? MonthlyLabourCost { get; set; }
    public decimal UsdRate { get; set; } = 1m;
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// The ROI values in force, and whether they come from the page (<see cref="Customised"/>) or the settings file;
/// <see cref="Suggestions"/> are the ranges the page shows beside empty fields, labelled as suggestions and never counted with.
/// </summary>
public sealed record RoiValues(RoiOptions Values, bool Customised)
{
    public IReadOnlyDictionary<string, string> Suggestions { get; } = RoiOptions.Suggestions;
}

/// <summary>Reads and changes the ROI values: the page's row when there is one, else the configured <see cref="RoiOptions"/>.</summary>
public sealed class RoiSettingsStore(IDbContextFactory<SocialOpsDbContext> contexts, IOptionsMonitor<RoiOptions> options, AuditLog audit, TimeProvider time)
{
    public async Task<RoiValues> CurrentAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.RoiSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        return row is null
            ? new RoiValues(options.CurrentValue, false)
            : new RoiValues(new RoiOptions
            {
                Currency = row.Currency, ValuePerLike = row.ValuePerLike, ValuePerComment = row.ValuePerComment, ValuePerShare = row.ValuePerShare,
                ValuePerClick = row.ValuePerClick, ValuePerNewFollower = row.ValuePerNewFollower, MonthlyToolCost = row.MonthlyToolCost,
                MonthlyLabourCost = row.MonthlyLabourCost, UsdRate = row.UsdRate,
            }, true);
    }

    /// <summary>Checks the values field by field (the same rules as the settings file) and stores them, audited; or says what is wrong.</summary>
    public async Task<ValidationErrors> SaveAsync(RoiOptions values, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        var errors = new ValidationErrors();
        var results = new List<ValidationResult>();
        values.Currency = values.Currency?.Trim().ToUpperInvariant() ?? "";
        if (!Validator.TryValidateObject(values, new ValidationContext(values), results, validateAllProperties: true))
        {
            foreach (var result in results)
            {
                foreach (var member in result.MemberNames.DefaultIfEmpty(""))
                {
                    errors.Add(char.ToLowerInvariant(member.FirstOrDefault()) + (member.Length > 1 ? member[1..] : ""), result.ErrorMessage ?? "Invalid value.");
                }
            }

            return errors;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.RoiSettings.SingleOrDefaultAsync(ct);
        if (row is null)
        {
            db.RoiSettings.Add(row = new RoiSettings());
        }

        (row.Currency, row.ValuePerLike, row.ValuePerComment, row.ValuePerShare, row.ValuePerClick, row.ValuePerNewFollower) =
            (values.Currency, values.ValuePerLike, values.ValuePerComment, values.ValuePerShare, values.ValuePerClick, values.ValuePerNewFollower);
        (row.MonthlyToolCost, row.MonthlyLabourCost, row.UsdRate, row.UpdatedAt) = (values.MonthlyToolCost, values.MonthlyLabourCost, values.UsdRate, time.GetUtcNow());
        audit.Add(db, actor, "analytics.roi.update", "RoiSettings", "1", values);
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>Back to the values of the settings file.</summary>
    public async Task ResetAsync(Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.RoiSettings.SingleOrDefaultAsync(ct);
        if (row is not null)
        {
            db.RoiSettings.Remove(row);
            audit.Add(db, actor, "analytics.roi.reset", "RoiSettings", "1", null);
            await db.SaveChangesAsync(ct);
        }
    }
}

internal sealed class RoiSettingsConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<RoiSettings>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<RoiSettings> b)
    {
        b.Property(s => s.Id).ValueGeneratedNever();
        foreach (var property in typeof(RoiSettings).GetProperties().Where(p => p.PropertyType == typeof(decimal) || p.PropertyType == typeof(decimal?)))
        {
            b.Property(property.Name).HasPrecision(18, 6);
        }
    }
}
