using Microsoft.Extensions.DependencyInjection;

namespace SocialOps.Core.Workflow;

public static class WorkflowExtensions
{
    /// <summary>Drafts, posting queues, approvals, and CSV import and export of the schedule.</summary>
    public static IServiceCollection AddWorkflow(this IServiceCollection services)
    {
        services.AddOptions<WorkflowOptions>().BindConfiguration("Workflow").ValidateOnStart();
        services.AddSingleton<ApprovalRules>();
        services.AddSingleton<PostingQueues>();
        services.AddSingleton<Approvals>();
        services.AddSingleton<Drafts>();
        services.AddSingleton<BulkImport>();
        services.AddSingleton<PostExport>();
        return services;
    }
}
