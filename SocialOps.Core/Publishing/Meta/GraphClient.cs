using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Publishing.Meta;

/// <summary>
/// What Threads, Facebook Pages and Instagram share: Meta's Graph API with the version in the base URL, the token in
/// the Authorization header (never in a URL), errors as <c>{"error":{"message","code",…}}</c> where throttling is a code
/// (4, 17, 32, 613, 80001…) on a 400 or 403 rather than a 429, and containers that are created, then published.
/// </summary>
public abstract class GraphClient(HttpClient http, TimeProvider time)
{
    public const string AccessToken = "accessToken";

    /// <summary>The Page, Instagram user or Threads user the connection publishes as.</summary>
    public const string AccountId = "accountId";

    private static readonly string[] UsageFields = ["call_count", "total_cputime", "total_time"];
    private static readonly HashSet<string> ThrottlingCodes = ["4", "17", "32", "613", "80001", "80002", "80004", "80005", "80006", "80008", "80014"];

    public abstract Platform Platform { get; }

    protected TimeProvider Time => time;

    protected static string Account(Connection connection) =>
        connection.Secret(AccountId) ?? connection.ExternalId ?? throw new PublishException(PublishFailureKind.Permanent, "The connection has no account id; reconnect it.");

    protected Task<JsonElement> GetAsync(Connection connection, string pathAndQuery, CancellationToken ct) =>
        SendAsync(connection, HttpMethod.Get, pathAndQuery, null, false, ct);

    protected Task<JsonElement> PostAsync(Connection connection, string path, object body, bool createsSomething, CancellationToken ct) =>
        SendAsync(connection, HttpMethod.Post, path, body, createsSomething, ct);

    private async Task<JsonElement> SendAsync(Connection connection, HttpMethod method, string pathAndQuery, object? body, bool createsSomething, CancellationToken ct)
    {
        var baseUrl = connection.BaseUrl ?? throw new PublishException(PublishFailureKind.Permanent, "The connection has no Graph API address.");
        var token = connection.Secret(AccessToken) ?? throw new PublishException(PublishFailureKind.Permanent, "The connection has no access token; reconnect it.");
        using var request = new HttpRequestMessage(method, new Uri($"{baseUrl.ToString().TrimEnd('/')}/{pathAndQuery.TrimStart('/')}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        try
        {
            return (await ConnectorHttp.SendAsync(http, request, connection, time, createsSomething, ct, rateLimit: Usage))!.Body;
        }
        catch (PublishException ex) when (ex.PlatformError is { } code && ThrottlingCodes.Contains(code))
        {
            throw new PublishException(PublishFailureKind.Transient, $"{Platform} is throttling this app or account (error {code}): {ex.Message}",
                connection.RateLimit?.ResetAt is { } reset && reset > time.GetUtcNow() ? reset - time.GetUtcNow() : TimeSpan.FromMinutes(5), ex.HttpStatus)
            { PlatformError = code };
        }
    }

    /// <summary>Waits for a container to be ready (Instagram <c>status_code</c>, Threads <c>status</c>), then publishes it.</summary>
    protected async Task<string> PublishContainerAsync(Connection connection, string container, string statusField, string publishPath, CancellationToken ct)
    {
        for (var i = 0; i < 10; i++)
        {
            var state = (await GetAsync(connection, $"{container}?fields={statusField}", ct)).Str(statusField);
            if (state is "FINISHED" or "PUBLISHED")
            {
                break;
            }

            if (state is "ERROR" or "EXPIRED")
            {
                throw new PublishException(PublishFailureKind.Permanent, $"{Platform} could not prepare the post (container {state}).");
            }

            await Task.Delay(TimeSpan.FromSeconds(2), time, ct);
        }

        var published = await PostAsync(connection, publishPath, new { creation_id = container }, createsSomething: true, ct);
        return Json.Required(published.Str("id"), Platform, "id", createsSomething: true);
    }

    /// <summary>Looks for the post's text among the account's newest posts since the first attempt.</summary>
    protected Task<PublishResult?> FindByTextAsync(Connection connection, string listPath, string textField, string linkField, string text, DateTimeOffset? since, CancellationToken ct) =>
        FindOwnAsync(connection, listPath, textField, linkField, _ => true, text, since, ct);

    /// <summary>
    /// Looks for our text in one page of a list (posts, a comment's replies) among the items <paramref name="ours"/> accepts
    /// that are no older than <paramref name="since"/>. The page is complete when there is no next one, or it reaches back
    /// past <paramref name="since"/>.
    /// </summary>
    protected async Task<PublishResult?> FindOwnAsync(
        Connection connection, string listPath, string textField, string linkField, Func<JsonElement, bool> ours, string text, DateTimeOffset? since, CancellationToken ct)
    {
        var answer = await GetAsync(connection, listPath, ct);
        var items = answer.Get("data").Items().ToList();
        var from = since - TimeSpan.FromMinutes(1);
        DateTimeOffset? At(JsonElement p) => p.Time("created_time") ?? p.Time("timestamp");
        var texts = items.Where(p => p.Str("id") is not null && ours(p) && (from is null || At(p) is not { } at || at >= from))
            .Select(p => new OwnText(p.Str("id")!, p.Str(linkField), PostText.Normalise(p.Str(textField) ?? "")));
        var complete = answer.Path("paging")?.Str("next") is null || (from is not null && items.Any(p => At(p) < from));
        return TextLookup.Find(Platform, texts, text, complete);
    }

    /// <summary>Insights as <c>data[{name, values[{value}]}]</c> or <c>data[{name, total_value{value}}]</c>.</summary>
    protected static Dictionary<string, long> Insights(JsonElement answer) =>
        answer.Get("data").Items()
            .Where(m => m.Str("name") is not null)
            .GroupBy(m => m.Str("name")!)
            .ToDictionary(g => g.Key, g => g.First().Path("total_value")?.Number("value") ?? g.First().Get("values").Items().FirstOrDefault().Number("value") ?? 0);

    protected static IncomingComment? Comment(JsonElement c, InteractionKind kind, string postId, string textField, string? parent = null)
    {
        if (c.Str("id") is not { } id)
        {
            return null;
        }

        var name = c.Path("from")?.Str("name") ?? c.Str("username") ?? "unknown";
        var handle = c.Str("username") is { } u ? "@" + u : null;
        var at = c.Time("timestamp") ?? c.Time("created_time") ?? DateTimeOffset.UnixEpoch;
        return new IncomingComment(id, kind, postId, parent ?? c.Path("parent")?.Str("id"), name, handle, c.Str(textField) ?? "", at);
    }

    /// <summary>Meta reports usage as a percentage in <c>X-App-Usage</c>/<c>X-Business-Use-Case-Usage</c>; kept as calls left out of 100.</summary>
    private static RateLimitState? Usage(HttpResponseHeaders headers)
    {
        var text = ConnectorHttp.Header(headers, "X-App-Usage") ?? ConnectorHttp.Header(headers, "X-Page-Usage");
        if (text is null)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            var used = UsageFields.Max(f => doc.RootElement.Number(f) ?? 0);
            return new RateLimitState((int)Math.Max(0, 100 - used), null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    protected static string Escape(string id) => Uri.EscapeDataString(id);
}
