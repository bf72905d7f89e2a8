using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Polly.Timeout;

namespace SocialOps.Core.Publishing.Connections;

/// <summary>A platform's answer: status, headers and the parsed JSON body (undefined when there was none).</summary>
public sealed record ConnectorResponse(HttpStatusCode Status, HttpResponseHeaders Headers, JsonElement Body);

/// <summary>
/// Sends a connector's request and turns every way it can fail into a <see cref="PublishException"/> of the right
/// kind: a call that may have created something and lost its answer is Unknown, never Transient.
/// </summary>
public static class ConnectorHttp
{
    public static async Task<ConnectorResponse?> SendAsync(
        HttpClient http, HttpRequestMessage request, Connection connection, TimeProvider time, bool createsSomething, CancellationToken ct,
        bool notFoundIsNull = false, Func<HttpResponseHeaders, RateLimitState?>? rateLimit = null)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError)
        {
            // Never reached the platform: safe to try again later.
            throw new PublishException(PublishFailureKind.Transient, $"{connection.Platform} could not be reached: {ex.Message}", inner: ex);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or HttpRequestException or IOException
                                   || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            var what = ex is TimeoutRejectedException or OperationCanceledException ? "did not answer in time" : $"broke off the answer ({ex.GetType().Name})";
            throw new PublishException(createsSomething ? PublishFailureKind.Unknown : PublishFailureKind.Transient, $"{connection.Platform} {what}.", inner: ex);
        }

        using (response)
        {
            if (rateLimit?.Invoke(response.Headers) is { } state)
            {
                connection.RateLimit = state;
            }

            var body = await ReadBodyAsync(response, connection, createsSomething, ct);
            if (response.IsSuccessStatusCode)
            {
                return new ConnectorResponse(response.StatusCode, response.Headers, body);
            }

            if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
            {
                return null;
            }

            throw Failure(response, body, connection, time.GetUtcNow());
        }
    }

    /// <summary>The exception for a non-success answer: 429 and 5xx transient (with Retry-After), the rest permanent.</summary>
    public static PublishException Failure(HttpResponseMessage response, JsonElement body, Connection connection, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var reason = Reason(body) ?? response.ReasonPhrase ?? "no reason given";
        var message = status switch
        {
            401 => $"{connection.Platform} refused the credentials (401): {reason}. Reconnect the account.",
            403 => $"{connection.Platform} forbids this (403): {reason}",
            404 => $"{connection.Platform} has no such resource (404): {reason}",
            429 => $"{connection.Platform} rate limit reached (429): {reason}",
            _ => $"{connection.Platform} answered {status}: {reason}",
        };
        var transient = status is 429 or 408 || status >= 500;
        return new PublishException(transient ? PublishFailureKind.Transient : PublishFailureKind.Permanent, message,
            RetryAfter(response, connection, now), status)
        {
            PlatformError = body.ValueKind == JsonValueKind.Object ? body.Str("error") ?? body.Path("error")?.Str("code") : null,
        };
    }

    /// <summary>Retry-After (seconds or a date), else on a 429 the rate-limit window's reset.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, Connection connection, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is { } retry)
        {
            return retry.Delta ?? (retry.Date is { } date ? date - now : null);
        }

        return connection.RateLimit?.ResetAt is { } reset && (int)response.StatusCode == 429 && reset > now ? reset - now : null;
    }

    /// <summary>
    /// Calls the platform for each item in turn: uploads keep the post's order, and per-post lookups (platforms without
    /// a batch endpoint) stay one request at a time within the rate limit.
    /// </summary>
    public static async Task<IReadOnlyList<TResult>> OneByOneAsync<TItem, TResult>(IEnumerable<TItem> items, Func<TItem, Task<TResult>> call)
    {
        var results = new List<TResult>();
        foreach (var item in items)
        {
            results.Add(await call(item));
        }

        return results;
    }

    public static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>Rate-limit headers with the reset as epoch seconds (Bluesky, X) or an ISO time (Mastodon).</summary>
    public static RateLimitState? ReadRateLimit(HttpResponseHeaders headers, string prefix)
    {
        var remaining = int.TryParse(Header(headers, prefix + "Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : (int?)null;
        var resetText = Header(headers, prefix + "Reset");
        DateTimeOffset? reset = resetText is null ? null
            : long.TryParse(resetText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch) ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : DateTimeOffset.TryParse(resetText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;
        return remaining is null && reset is null ? null : new RateLimitState(remaining, reset);
    }

    private static async Task<JsonElement> ReadBodyAsync(HttpResponseMessage response, Connection connection, bool createsSomething, CancellationToken ct)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (bytes.Length == 0 || (mediaType is not null && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)))
        {
            // An empty or non-JSON answer (a webhook receiver's "OK"): callers that need fields say which is missing.
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException) when (!response.IsSuccessStatusCode)
        {
            return default;
        }
        catch (JsonException)
        {
            throw new PublishException(createsSomething ? PublishFailureKind.Unknown : PublishFailureKind.Transient,
                $"{connection.Platform} answered {(int)response.StatusCode} with a body that is not JSON.", httpStatus: (int)response.StatusCode);
        }
    }

    /// <summary>The platform's own words for an error, from the shapes the platforms use.</summary>
    private static string? Reason(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in new[] { "error_description", "message", "detail", "title", "error" })
        {
            if (body.TryGetProperty(name, out var value))
            {
                if (value.ValueKind == JsonValueKind.String)
                {
                    return Clip(value.GetString());
                }

                if (value.ValueKind == JsonValueKind.Object && Reason(value) is { } inner)
                {
                    return inner;
                }
            }
        }

        return null;
    }

    private static string? Clip(string? text) => text is { Length: > 500 } ? text[..500] : text;
}
