using Quartz;

namespace SocialOps.Core.Ingestion;

/// <summary>Fetches one connection's comments, mentions, metrics and followers; never two runs of one connection at once.</summary>
[DisallowConcurrentExecution]
public sealed class IngestConnectionJob(IngestionService ingestion) : IJob
{
    public const string AccountIdKey = "accountId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await ingestion.RunAsync(context.MergedJobDataMap.GetInt(AccountIdKey), cancellationToken);
}
