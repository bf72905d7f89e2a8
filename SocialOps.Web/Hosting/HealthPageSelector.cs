using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Routing.Matching;
using SocialOps.Core.Identity;

namespace SocialOps.Web.Hosting;

/// <summary>Marks the terse <c>/health</c> endpoint that load balancers and uptime checks call.</summary>
internal sealed class HealthProbeMetadata;

/// <summary>
/// <c>/health</c> is two things at one address: the health page for an Admin, Approver or Editor whose browser asks for a
/// page, and the JSON probe for everyone else (load balancers, uptime checks, scripts, anonymous visitors), which stays
/// terse for anonymous callers. Exactly one of the two candidates stays valid for each request.
/// </summary>
internal sealed class HealthPageSelector : MatcherPolicy, IEndpointSelectorPolicy
{
    // After the HTTP method policy, before anything that looks at the chosen endpoint.
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<HealthProbeMetadata>() is not null);

    public async Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var probe = -1;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && candidates[i].Endpoint.Metadata.GetMetadata<HealthProbeMetadata>() is not null)
            {
                probe = i;
            }
        }

        if (probe < 0)
        {
            return;
        }

        var page = await WantsPageAsync(httpContext);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && (i == probe) == page)
            {
                candidates.SetValidity(i, false);
            }
        }
    }

    private static async Task<bool> WantsPageAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var result = await context.AuthenticateAsync();
        return result.Principal is { } user && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Approver) || user.IsInRole(Roles.Editor));
    }
}
