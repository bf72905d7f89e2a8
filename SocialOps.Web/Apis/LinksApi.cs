using Microsoft.AspNetCore.Http.HttpResults;
using SocialOps.Core.Links;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Apis;

public static class LinksApi
{
    public const string RedirectPrefix = "/l";

    /// <summary><c>postId</c> (optional) tags the link for that post: utm_source its platform, utm_content its id, utm_campaign its campaign.</summary>
    public sealed record CreateLinkRequest(string? Url, int? PostId);

    public sealed record CreatedLinkDto(string Code, string ShortUrl);

    /// <summary><c>url</c> is where the link leads, UTM parameters included; <c>clicks</c> counts people, not fetchers or repeats.</summary>
    public sealed record LinkDto(string Code, string Url, long Clicks, string OriginalUrl, int? PostId, string? ShortUrl);

    public sealed record PostLinksResponse(IReadOnlyList<LinkDto> Items);

    public sealed record TrackedClicksDto(long Total, IReadOnlyList<DayClicks> Days, IReadOnlyList<PostClicks> Posts);

    public static RouteGroupBuilder MapLinksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/links").WithTags("Links")
            .RequireAuthorization(Policies.Analyst).RequireRateLimiting(SecurityHosting.ApiLimit);
        group.MapPost("", CreateAsync).RequireAuthorization(Policies.Editor)
            .WithSummary("Make a tracked short link (/l/{code}) to an http(s) address; with postId, tagged with UTM parameters for that post (once per post and address).");
        group.MapGet("/{code}", GetAsync).WithSummary("Where a short link leads and how many clicks it counted.");
        group.MapGet("", ListAsync).WithSummary("The tracked links of one post, with their clicks.");
        group.MapGet("/clicks.csv", ClicksCsvAsync)
            .WithSummary("The export of tracked clicks: one CSV row per link and UTC day (day, code, post, platform, address, clicks), with the same filters as /clicks.");
        group.MapGet("/clicks", ClicksAsync)
            .WithSummary("Tracked clicks from one UTC day to another (both included, by default the last 30 days): total, per day and per post; narrowed by platform or account.");
        return group;
    }

    /// <summary>
    /// The public redirect: anonymous, no database write on the way (clicks are counted in memory and written in batches),
    /// and only ever to an address this app stored under the code: nothing in the request chooses the target.
    /// </summary>
    public static IEndpointConventionBuilder MapLinkRedirect(this IEndpointRouteBuilder app) =>
        app.MapMethods(RedirectPrefix + "/{code}", [HttpMethods.Get, HttpMethods.Head], RedirectAsync)
            .AllowAnonymous().ExcludeFromDescription();

    private static async Task<IResult> RedirectAsync(string code, HttpContext http, LinkService links, ClickCounter counter, CancellationToken ct)
    {
        if (await links.FindTargetAsync(code, ct) is not { } target)
        {
            return TypedResults.NotFound();
        }

        await counter.OfferAsync(target.Id, http.Request.Method, http.Request.Headers.UserAgent, http.Connection.RemoteIpAddress, ct);

        // Each visit must reach us to be counted (and a click from another visitor must not be answered from a shared cache).
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer-when-downgrade";
        return TypedResults.Redirect(target.Url);
    }

    private static async Task<Results<Created<CreatedLinkDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateLinkRequest request, LinkService links, HttpContext http, CancellationToken ct)
    {
        var (link, errors, notFound) = await links.CreateAsync(request.Url?.Trim(), request.PostId, http.User.ToActor(http), ct);
        if (link is null)
        {
            return notFound
                ? TypedResults.Problem(errors.Values.First()[0], statusCode: StatusCodes.Status404NotFound, title: "The link was not made")
                : TypedResults.ValidationProblem(errors, title: "The link was not made");
        }

        return TypedResults.Created($"/api/links/{link.Code}", new CreatedLinkDto(link.Code, links.ShortUrl(link.Code, RequestBase(http))!));
    }

    private static async Task<Results<Ok<LinkDto>, NotFound>> GetAsync(string code, LinkService links, HttpContext http, CancellationToken ct) =>
        await links.FindAsync(code, ct) is { } link ? TypedResults.Ok(ToDto(link, links, http)) : TypedResults.NotFound();

    private static async Task<Results<Ok<PostLinksResponse>, ValidationProblem>> ListAsync(int? postId, LinkService links, HttpContext http, CancellationToken ct)
    {
        if (postId is not { } id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["postId"] = ["postId is required."] });
        }

        var items = await links.ForPostAsync(id, ct);
        return TypedResults.Ok(new PostLinksResponse([.. items.Select(l => ToDto(l, links, http))]));
    }

    private static async Task<Results<Ok<TrackedClicksDto>, ValidationProblem>> ClicksAsync(
        DateOnly? from, DateOnly? to, string? platform, int? accountId, LinkQueries queries, TimeProvider time, CancellationToken ct)
    {
        if (Filters(from, to, platform, time) is not { } f)
        {
            return Invalid(platform);
        }

        var clicks = await queries.ClicksAsync(f.First, f.Last, f.Platform, accountId, ct);
        return TypedResults.Ok(new TrackedClicksDto(clicks.Total, clicks.Days, clicks.Posts));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> ClicksCsvAsync(
        DateOnly? from, DateOnly? to, string? platform, int? accountId, LinkQueries queries, TimeProvider time, CancellationToken ct)
    {
        if (Filters(from, to, platform, time) is not { } f)
        {
            return Invalid(platform);
        }

        var c = System.Globalization.CultureInfo.InvariantCulture;
        var csv = new System.Text.StringBuilder("day,code,post_id,platform,url,clicks\r\n");
        foreach (var r in await queries.DaysAsync(f.First, f.Last, f.Platform, accountId, ct))
        {
            csv.Append(string.Join(',', r.Day.ToString("yyyy-MM-dd", c), r.Code, r.PostId?.ToString(c) ?? "",
                r.Platform?.ToString().ToLowerInvariant() ?? "", CsvExport.Text(r.OriginalUrl), r.Clicks.ToString(c))).Append("\r\n");
        }

        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", $"tracked-clicks-{f.First:yyyy-MM-dd}-{f.Last:yyyy-MM-dd}.csv");
    }

    private sealed record ClickFilters(DateOnly First, DateOnly Last, Core.Publishing.Platform? Platform);

    /// <summary>The UTC days (by default the last 30) and the platform, or null when either is not valid.</summary>
    private static ClickFilters? Filters(DateOnly? from, DateOnly? to, string? platform, TimeProvider time)
    {
        Core.Publishing.Platform? only = null;
        if (!string.IsNullOrWhiteSpace(platform))
        {
            if (!Enum.TryParse<Core.Publishing.Platform>(platform, ignoreCase: true, out var parsed) || int.TryParse(platform, out _))
            {
                return null;
            }

            only = parsed;
        }

        var last = to ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = from ?? last.AddDays(-29);
        return first > last || last.DayNumber - first.DayNumber > 3660 ? null : new ClickFilters(first, last, only);
    }

    private static ValidationProblem Invalid(string? platform) => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        [string.IsNullOrWhiteSpace(platform) ? "from" : "platform"] = ["from must be on or before to (at most 10 years apart), and platform one of SocialOps's platforms."],
    });

    private static LinkDto ToDto(LinkView l, LinkService links, HttpContext http) =>
        new(l.Code, l.Url, l.Clicks, l.OriginalUrl, l.PostId, links.ShortUrl(l.Code, RequestBase(http)));

    private static string RequestBase(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
