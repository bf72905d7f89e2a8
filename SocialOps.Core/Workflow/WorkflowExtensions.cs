using Microsoft.Extensions.DependencyInjection;

namespace SocialOps.Core.Workflow;

public static class WorkflowExtensions
{
    /// <summary>Drafts, approvals, and CSV import and export of the schedule.</summary>
    public static IServiceCollection AddWorkflow(this IServiceCollection services)
    {
        services.AddSingleton<Approvals>();
        services.AddSingleton<Drafts>();
        services.AddSingleton<BulkImport>();
        services.AddSingleton<PostExport>();
        return services;
    }
}
