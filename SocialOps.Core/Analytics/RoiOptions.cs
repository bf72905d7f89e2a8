using System.ComponentModel.DataAnnotations;

namespace SocialOps.Core.Analytics;

/// <summary>What engagement is worth and what the social work costs, for the ROI figures (section <c>Analytics:Roi</c>).</summary>
public sealed class RoiOptions
{
    public const string Section = "Analytics:Roi";

    /// <summary>ISO currency code the values and costs are in.</summary>
    [Required, RegularExpression("^[A-Z]{3}$", ErrorMessage = "Analytics:Roi:Currency must be a three-letter ISO code such as USD.")]
    public string Currency { get; set; } = "USD";

    [Range(0, 1_000_000)] public decimal ValuePerLike { get; set; } = 0.05m;
    [Range(0, 1_000_000)] public decimal ValuePerComment { get; set; } = 0.25m;
    [Range(0, 1_000_000)] public decimal ValuePerShare { get; set; } = 0.50m;
    [Range(0, 1_000_000)] public decimal ValuePerClick { get; set; } = 0.10m;
    [Range(0, 1_000_000)] public decimal ValuePerNewFollower { get; set; } = 1.00m;

    /// <summary>Monthly cost of tools (subscriptions, hosting), spread evenly over the days of a period.</summary>
    [Range(0, 100_000_000)] public decimal MonthlyToolCost { get; set; }

    /// <summary>Monthly cost of the people's time, spread the same way.</summary>
    [Range(0, 100_000_000)] public decimal MonthlyLabourCost { get; set; }

    /// <summary>How many units of <see cref="Currency"/> one US dollar buys (AI usage is recorded in USD).</summary>
    [Range(0.000001, 1_000_000)] public decimal UsdRate { get; set; } = 1m;

    /// <summary>A copy to edit (the configured instance is shared).</summary>
    public RoiOptions Copy() => (RoiOptions)MemberwiseClone();
}
