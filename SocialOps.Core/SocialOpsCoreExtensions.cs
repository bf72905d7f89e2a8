using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SocialOps.Core.Ai;
using SocialOps.Core.Analytics;
using SocialOps.Core.Calendar;
using SocialOps.Core.Content;
using SocialOps.Core.Demo;
using SocialOps.Core.Identity;
using SocialOps.Core.Inbox;
using SocialOps.Core.Ingestion;
using SocialOps.Core.Links;
using SocialOps.Core.Operations;
using SocialOps.Core.Notifications;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Scheduling;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Telemetry;
using SocialOps.Core.Workflow;

namespace SocialOps.Core;

public static class SocialOpsCoreExtensions
{
    /// <summary>Registers every Core feature, each through its own <c>AddXxx</c>.</summary>
    public static IHostApplicationBuilder AddSocialOpsCore(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddCommon();
        builder.Services.AddData();
        builder.Services.AddSocialOpsIdentity();
        builder.AddConnections();
        builder.Services.AddContent();
        builder.AddScheduling();
        builder.Services.AddWorkflow();
        builder.Services.AddCalendar();
        builder.Services.AddSentiment();
        builder.Services.AddInbox();
        builder.Services.AddLinks();
        builder.AddAnalytics();
        builder.AddIngestion();
        builder.Services.AddAiDrafts();
        builder.Services.AddDemo();
        builder.Services.AddTelemetry();
        builder.Services.AddOperations();
        builder.Services.AddNotifications();
        return builder;
    }
}
