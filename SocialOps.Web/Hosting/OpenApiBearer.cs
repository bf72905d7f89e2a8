using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SocialOps.Web.Hosting;

/// <summary>Declares the API-token scheme in the OpenAPI document, so the API reference (and any client generator) can send a token.</summary>
internal sealed class OpenApiBearer : IOpenApiDocumentTransformer
{
    public const string Scheme = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info ??= new OpenApiInfo();
        document.Info.Title = "SocialOps API";
        document.Info.Description = "Scheduling, publishing, the Sandbox and sentiment analysis. Send an API token as `Authorization: Bearer sop_…`.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "sop_…",
            Description = "An API token from Settings → API tokens (or the tokens create command).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] });
        return Task.CompletedTask;
    }
}
