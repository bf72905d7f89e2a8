using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SocialOps.Core.Common;

namespace SocialOps.Web.Hosting;

/// <summary>
/// The one place that answers for requests the endpoints never saw: a body that is not JSON, a value of the wrong
/// type, a parameter that does not parse (a 400 ProblemDetails naming the field), and unexpected errors under /api
/// (a 500 ProblemDetails). Pages fall through to the error page.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page: the feature keeps the path that failed.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path;
        if (!path.StartsWith("/api/", StringComparison.Ordinal))
        {
            return false;
        }

        if (BadRequest(exception) is { } bad)
        {
            httpContext.Response.StatusCode = bad.Status!.Value;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = bad });
        }

        if (Refused(exception) is { } refused)
        {
            httpContext.Response.StatusCode = refused.Status!.Value;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = refused });
        }

        LogUnhandled(logger, path, exception);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Title = "Something went wrong on our side.", Status = StatusCodes.Status500InternalServerError },
        });
    }

    /// <summary>What is wrong with the request, keyed by the field (a JSON path without its <c>$.</c>), or null if it was not the request.</summary>
    public static ValidationProblemDetails? BadRequest(Exception exception)
    {
        var (status, field, message) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } bad => (bad.StatusCode, Field(json.Path), Describe(json)),
            BadHttpRequestException { InnerException: InvalidOperationException invalid } bad when IsJsonText(invalid) =>
                (bad.StatusCode, "body", $"The body is not valid JSON text (for example a lone UTF-16 surrogate): {invalid.Message}"),
            BadHttpRequestException bad => (bad.StatusCode, "request", bad.Message),
            InvalidOperationException invalid when IsJsonText(invalid) =>
                (StatusCodes.Status400BadRequest, "body", $"The body is not valid JSON text (for example a lone UTF-16 surrogate): {invalid.Message}"),
            JsonException json => (StatusCodes.Status400BadRequest, Field(json.Path), Describe(json)),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return null;
        }

        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = status == StatusCodes.Status400BadRequest ? "The request is not valid." : null,
            Detail = message,
        };
    }

    /// <summary>
    /// A use case that refused (see <see cref="RefusedException"/>): 403 when the caller lacks the access (a route's policy
    /// normally answers first), 409 when the thing is in a state the action cannot start from, naming that state.
    /// </summary>
    public static ProblemDetails? Refused(Exception exception)
    {
        var problem = exception switch
        {
            AccessDeniedException denied => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Not allowed.", Detail = denied.Message },
            ConflictException conflict => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Not possible now.", Detail = conflict.Message },
            Core.Notifications.NotAPersonException person => new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "Not a person.", Detail = person.Message },
            _ => null,
        };
        if (exception is ConflictException { CurrentState: { } state } && problem is not null)
        {
            problem.Extensions["currentState"] = state;
        }

        return problem;
    }

    // The serializer reports text it cannot decode (a lone UTF-16 surrogate) as an InvalidOperationException of its own.
    private static bool IsJsonText(InvalidOperationException e) => e.Source == "System.Text.Json";

    private static string Field(string? path) =>
        path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Describe(JsonException json)
    {
        // The serializer's message ends with where it happened; say it in words instead.
        var text = json.Message;
        var cut = text.IndexOf(" Path:", StringComparison.Ordinal);
        var field = Field(json.Path);
        return $"The body is not valid JSON for this request{(field == "body" ? "" : $" (at {field})")}: {(cut > 0 ? text[..cut] : text)}";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private static partial void LogUnhandled(ILogger logger, string path, Exception exception);
}
