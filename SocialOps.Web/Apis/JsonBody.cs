using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace SocialOps.Web.Apis;

/// <summary>
/// Reads a JSON body itself, so that malformed JSON, wrong types and invalid UTF-16 escapes (a lone surrogate)
/// get a 400 ProblemDetails that says what is wrong instead of an empty 400.
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, string? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, "The body must be JSON (Content-Type: application/json).");
        }

        try
        {
            var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, ct);
            return value is null ? (null, "The body is empty; a JSON object is required.") : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not valid JSON for this request: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            return (null, $"The body is not valid JSON text (for example a lone UTF-16 surrogate): {ex.Message}");
        }
    }
}
