using SocialOps.Core.Ingestion;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

/// <summary>Where platforms push comments. Open to the internet, so every delivery is verified by its signature first.</summary>
public static class HooksApi
{
    public sealed record PushResponse(int Stored);

    public static RouteGroupBuilder MapHooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/hooks").WithTags("Push").AllowAnonymous().RequireRateLimiting(SecurityHosting.ApiLimit);
        group.MapPost("/connections/{id:int}", SignedAsync)
            .WithSummary("A comment pushed to a webhook connection, signed as Standard Webhooks with its secret: {\"type\":\"comment.created\",\"data\":{\"id\",\"text\",\"authorName\",\"authorHandle\",\"postId\"}}.");
        group.MapGet("/meta", VerifyMeta).WithSummary("Meta's webhook subscription check (hub.mode, hub.verify_token, hub.challenge).");
        group.MapPost("/meta", MetaAsync).WithSummary("Instagram comments and Page feed changes pushed by Meta, signed with the app secret (X-Hub-Signature-256).");
        return group;
    }

    private static async Task<IResult> SignedAsync(int id, HttpRequest request, PushReceiver receiver, CancellationToken ct)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync(ct);
        var (outcome, stored) = await receiver.ReceiveSignedAsync(id, request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], body, ct);
        return Answer(outcome, stored);
    }

    private static IResult VerifyMeta(HttpRequest request, PushReceiver receiver) =>
        receiver.VerifyMetaSubscription(request.Query["hub.mode"], request.Query["hub.verify_token"], request.Query["hub.challenge"]) is { } challenge
            ? TypedResults.Text(challenge)
            : TypedResults.Problem("The verify token does not match Connectors:MetaVerifyToken.", statusCode: StatusCodes.Status403Forbidden);

    private static async Task<IResult> MetaAsync(HttpRequest request, PushReceiver receiver, CancellationToken ct)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync(ct);
        var (outcome, stored) = await receiver.ReceiveMetaAsync(request.Headers["X-Hub-Signature-256"], body, ct);
        return Answer(outcome, stored);
    }

    private static IResult Answer(PushOutcome outcome, int stored) => outcome switch
    {
        PushOutcome.Stored => TypedResults.Ok(new PushResponse(stored)),
        PushOutcome.BadSignature => TypedResults.Problem("The signature does not verify (or is too old); nothing was stored.", statusCode: StatusCodes.Status401Unauthorized),
        PushOutcome.UnknownConnection => TypedResults.Problem("No active webhook connection has this id.", statusCode: StatusCodes.Status404NotFound),
        _ => TypedResults.Problem("The delivery is not a comment.created event with data.id and data.text.", statusCode: StatusCodes.Status400BadRequest),
    };
}
