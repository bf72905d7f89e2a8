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

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
