using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SocialOps.Core.Analytics;
using SocialOps.Core.Calendar;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Content.Ai;
using SocialOps.Core.Data;
using SocialOps.Core.Inbox;
using SocialOps.Core.Demo;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Scheduling;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Workflow;

namespace SocialOps.Core;

public static class SocialOpsCoreExtensions
{
    /// <summary>Registers every Core feature: data, publishing, demo data.</summary>
    public static IHostApplicationBuilder AddSocialOpsCore(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddCommon();
        builder.Services.AddData();
        builder.Services.AddSocialOpsIdentity();
        builder.AddScheduling();
        builder.AddConnections();
        builder.Services.AddSingleton<CredentialProtector>();
        builder.Services.AddTransient<DemoSeeder>();
        builder.Services.AddSingleton<DemoData>();
        builder.Services.AddSingleton<DashboardQueries>();
        builder.Services.AddSingleton<PostQueries>();
        builder.Services.AddSingleton<MediaStore>();
        builder.Services.AddSingleton<CalendarQueries>();
        builder.Services.AddSingleton<PostPlanner>();
        builder.Services.AddInbox();
        builder.Services.AddSentiment();
        builder.Services.AddAnalytics();
        builder.Services.AddAiDrafts();
        builder.Services.AddWorkflow();
        return builder;
    }
}
