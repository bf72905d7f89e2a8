using System.Net;
using System.Text.RegularExpressions;

namespace SocialOps.Tests.Harness;

/// <summary>Fills and posts the app's server-rendered forms as a browser would (hidden fields and antiforgery token included).</summary>
public static partial class HtmlForms
{
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string page, IDictionary<string, string> fields, bool keepAntiforgery = true)
    {
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        var values = new Dictionary<string, string>();
        foreach (Match hidden in HiddenInput().Matches(html))
        {
            values[WebUtility.HtmlDecode(hidden.Groups["name"].Value)] = WebUtility.HtmlDecode(hidden.Groups["value"].Value);
        }

        if (!keepAntiforgery)
        {
            values["__RequestVerificationToken"] = "forged";
        }

        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        return await client.PostAsync(new Uri(page, UriKind.Relative), new FormUrlEncodedContent(values));
    }

    /// <summary>
    /// Posts a form that a page renders with its antiforgery token, as a browser would after opening that page:
    /// the token comes from <paramref name="page"/> (its cookie stays in the client), the post goes to <paramref name="action"/>.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFromPageAsync(HttpClient client, string page, string action, IDictionary<string, string> fields, bool withToken = true)
    {
        var values = new Dictionary<string, string>(fields);
        if (withToken)
        {
            var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
            var token = HiddenInput().Matches(html).FirstOrDefault(m => m.Groups["name"].Value == "__RequestVerificationToken")
                ?? throw new InvalidOperationException($"{page} renders no antiforgery token.");
            values["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["value"].Value);
        }

        return await client.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(values));
    }

    /// <summary>Where a "continuing to …" page (the answer to a sign-in start) sends the browser.</summary>
    public static async Task<Uri> ContinueLinkAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var link = ContinueLink().Match(html);
        return link.Success ? new Uri(WebUtility.HtmlDecode(link.Groups["href"].Value)) : throw new InvalidOperationException($"No continue link in: {html}");
    }

    [GeneratedRegex("<a id=\"continue\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex ContinueLink();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
