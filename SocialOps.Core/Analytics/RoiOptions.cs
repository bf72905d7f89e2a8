using System.ComponentModel.DataAnnotations;

namespace SocialOps.Core.Analytics;

/// <summary>
/// What engagement is worth and what the social work costs, for the ROI figures (section <c>Analytics:Roi</c>). The
/// values and the monthly costs are the team's own figures: every one is unset until someone sets it (0 is a value),
/// and ROI shows no value or ratio while any is unset. <see cref="Suggestions"/> are only there to help choose.
/// </summary>
public sealed class RoiOptions
{
    public const string Section = "Analytics:Roi";

    /// <summary>ISO currency code the values and costs are in.</summary>
    [Required, RegularExpression("^[A-Z]{3}$", ErrorMessage = "Analytics:Roi:Currency must be a three-letter ISO code such as USD.")]
    public string Currency { get; set; } = "USD";

    /// <summary>What one like is worth; unset by default.</summary>
    [Range(0, 1_000_000)] public decimal? ValuePerLike { get; set; }

    /// <summary>What one comment is worth; unset by default.</summary>
    [Range(0, 1_000_000)] public decimal? ValuePerComment { get; set; }

    /// <summary>What one share is worth; unset by default.</summary>
    [Range(0, 1_000_000)] public decimal? ValuePerShare { get; set; }

    /// <summary>What one click is worth (<see cref="RoiClicks"/> says which clicks); unset by default.</summary>
    [Range(0, 1_000_000)] public decimal? ValuePerClick { get; set; }

    /// <summary>What one new follower is worth; unset by default.</summary>
    [Range(0, 1_000_000)] public decimal? ValuePerNewFollower { get; set; }

    /// <summary>Monthly cost of tools (subscriptions, hosting), spread evenly over the days of a period; unset by default.</summary>
    [Range(0, 100_000_000)] public decimal? MonthlyToolCost { get; set; }

    /// <summary>Monthly cost of the people's time, spread the same way; unset by default.</summary>
    [Range(0, 100_000_000)] public decimal? MonthlyLabourCost { get; set; }

    /// <summary>How many units of <see cref="Currency"/> one US dollar buys (AI usage is recorded in USD).</summary>
    [Range(0.000001, 1_000_000)] public decimal UsdRate { get; set; } = 1m;

    /// <summary>A copy to edit (the configured instance is shared).</summary>
    public RoiOptions Copy() => (RoiOptions)MemberwiseClone();

    /// <summary>The value settings, by field name, with what each is called on the page.</summary>
    public IReadOnlyList<(string Field, string Label, decimal? Amount)> ValueSettings() =>
    [
        ("valuePerLike", "value per like", ValuePerLike),
        ("valuePerComment", "value per comment", ValuePerComment),
        ("valuePerShare", "value per share", ValuePerShare),
        ("valuePerClick", "value per click", ValuePerClick),
        ("valuePerNewFollower", "value per new follower", ValuePerNewFollower),
    ];

    /// <summary>The cost settings, the same way.</summary>
    public IReadOnlyList<(string Field, string Label, decimal? Amount)> CostSettings() =>
    [
        ("monthlyToolCost", "tool cost per month", MonthlyToolCost),
        ("monthlyLabourCost", "labour cost per month", MonthlyLabourCost),
    ];

    /// <summary>
    /// Ranges to start a discussion from, shown beside the empty fields and labelled as suggestions; never counted with.
    /// They are orders of magnitude for a small brand, not measurements: each team puts in its own figures.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Suggestions = new Dictionary<string, string>
    {
        ["valuePerLike"] = "0.01–0.10",
        ["valuePerComment"] = "0.10–0.50",
        ["valuePerShare"] = "0.25–1.00",
        ["valuePerClick"] = "0.10–1.00",
        ["valuePerNewFollower"] = "0.50–3.00",
    };
}
