using System.ComponentModel.DataAnnotations;

namespace SocialOps.Core.Links;

/// <summary>Our own tracked links (<c>/l/{code}</c>).</summary>
public sealed class LinkOptions
{
    public const string Section = "Links";

    /// <summary>
    /// The public address short links start with (e.g. <c>https://go.example.com</c>). Without it, the API answers with
    /// the address it was called on, and publishing leaves links as they are written (a link to an address nobody
    /// outside can reach would be worse than none).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long clicks are gathered in memory before they are written in one batch.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A click from the same visitor (IP address and user agent) on the same link within this window is a repeat.</summary>
    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Clicks waiting to be written; beyond it a redirect waits for the writer rather than dropping the click.</summary>
    [Range(1_000, 10_000_000)]
    public int QueueCapacity { get; set; } = 100_000;
}

internal sealed class LinkOptionsValidator : IValidateOptions<LinkOptions>
{
    public ValidateOptionsResult Validate(string? name, LinkOptions o)
    {
        var problems = new List<string>();
        if (o.PublicBaseUrl is { Length: > 0 } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http") || parsed.Query.Length > 0 || parsed.Fragment.Length > 0))
        {
            problems.Add($"Links:PublicBaseUrl must be an http:// or https:// address without query (is '{url}').");
        }

        if (o.FlushInterval < TimeSpan.FromMilliseconds(10) || o.FlushInterval > TimeSpan.FromDays(1))
        {
            problems.Add($"Links:FlushInterval must be between 00:00:00.010 and 1.00:00:00 (is {o.FlushInterval}).");
        }

        if (o.RepeatWindow < TimeSpan.Zero || o.RepeatWindow > TimeSpan.FromDays(1))
        {
            problems.Add($"Links:RepeatWindow must be between 00:00:00 and 1.00:00:00 (is {o.RepeatWindow}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
