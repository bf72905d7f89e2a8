using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Identity;

/// <summary>
/// Every state-changing method of a Core service checks the acting user's access itself, so the pages, keyboard
/// shortcuts, verbs and the API meet the same rule; the access each needs agrees with the policy of the routes that
/// call it (the endpoint table in <see cref="EndpointAccessTests"/>).
/// </summary>
public sealed partial class ServiceAccessTests(ServiceAccessTests.App app) : IClassFixture<ServiceAccessTests.App>
{
    public sealed class App : SocialOpsAppFactory;

    /// <summary>Service method, the access it needs, and the API routes that call it on the caller's behalf.</summary>
    private static readonly (string Method, Access Needs, string[] Routes)[] Table =
    [
        ("AiDraftService.GenerateAsync", Access.Editor, ["POST /api/ai/generate"]),
        ("AiDraftService.ReplyAsync", Access.Editor, ["POST /api/ai/reply-draft"]),
        ("AiDraftService.StreamAsync", Access.Editor, ["POST /api/ai/generate/stream"]),
        ("AiDraftService.TestAsync", Access.Admin, ["POST /api/ai/test"]),
        ("AiDraftService.VariationsAsync", Access.Editor, ["POST /api/ai/generate"]),
        ("AiScheduling.ScheduleAsync", Access.Editor, ["POST /api/scheduler/schedule-with-ai"]),
        ("AiSettingsStore.SaveAsync", Access.Admin, ["PUT /api/ai/settings"]),
        ("ApiTokenService.CreateAsync", Access.Admin, []),
        ("ApiTokenService.RevokeAsync", Access.Admin, []),
        ("Approvals.ApproveAsync", Access.Approver, ["POST /api/scheduler/approvals/{id:int}/approve"]),
        ("Approvals.RejectAsync", Access.Approver, ["POST /api/scheduler/approvals/{id:int}/reject"]),
        ("Approvals.SetAccountRuleAsync", Access.Admin, []),
        ("BulkImport.ImportAsync", Access.Editor, ["POST /api/scheduler/bulk-import"]),
        ("ConnectionService.AddAsync", Access.Admin, ["POST /api/connections"]),
        ("ConnectionService.CheckAsync", Access.Admin, ["POST /api/connections/{id:int}/check"]),
        ("ConnectionService.RemoveAsync", Access.Admin, ["DELETE /api/connections/{id:int}"]),
        ("ConnectionService.UpdateAsync", Access.Admin, ["PATCH /api/connections/{id:int}"]),
        ("Drafts.DeleteAsync", Access.Editor, ["DELETE /api/scheduler/drafts/{id:int}"]),
        ("FirstComments.ResendAsync", Access.Editor, ["POST /api/scheduler/first-comment/{id:int}/send-again"]),
        ("HealthReportService.BuildAsync", Access.Editor, ["GET /api/health/report"]),
        ("InboxImport.ImportAsync", Access.Editor, ["POST /api/inbox/import"]),
        ("InboxService.AssignAsync", Access.Editor, ["POST /api/inbox/{id:long}/assign"]),
        ("InboxService.CorrectAsync", Access.Editor, ["POST /api/inbox/{id:long}/correction"]),
        ("InboxService.ReanalyseAsync", Access.Editor, ["POST /api/inbox/{id:long}/reanalyse"]),
        ("InboxService.MarkReplySentAsync", Access.Editor, ["POST /api/inbox/{id:long}/reply/mark-sent"]),
        ("InboxService.ReplyAgainAsync", Access.Editor, ["POST /api/inbox/{id:long}/reply/send-again"]),
        ("InboxService.ReplyAsync", Access.Editor, ["POST /api/inbox/{id:long}/reply"]),
        ("InboxService.SetStateAsync", Access.Editor, ["POST /api/inbox/{id:long}/state"]),
        ("InboxViews.DeleteAsync", Access.Analyst, []),
        ("InboxViews.SaveAsync", Access.Analyst, []),
        ("IngestionService.RunNowAsync", Access.Admin, ["POST /api/connections/{id:int}/sync"]),
        ("IntentKeywords.ResetAsync", Access.Admin, []),
        ("IntentKeywords.SaveAsync", Access.Admin, []),
        ("KioskKeyService.CreateAsync", Access.Admin, []),
        ("LinkService.CreateAsync", Access.Editor, ["POST /api/links"]),
        ("LinkService.SetAccountTrackingAsync", Access.Admin, []),
        ("MediaStore.SaveAsync", Access.Editor, []),
        ("KioskKeyService.RevokeAsync", Access.Admin, []),
        ("KioskKeyService.PairAsync", Access.Admin, []),
        ("KioskKeyService.SetShowUnpublishedTextAsync", Access.Admin, []),
        ("KioskKeyService.SetWallZoneAsync", Access.Admin, []),
        ("MetaChoice.ConnectAsync", Access.Admin, []),
        ("NotificationService.AddChannelAsync", Access.Admin, ["POST /api/notifications/channels"]),
        ("NotificationService.RemoveChannelAsync", Access.Admin, ["DELETE /api/notifications/channels/{id:int}"]),
        ("NotificationService.TestChannelAsync", Access.Admin, ["POST /api/notifications/channels/{id:int}/test"]),
        ("OAuthFlow.BeginAsync", Access.Admin, ["POST /connections/oauth/start"]),
        ("OAuthFlow.CompleteAsync", Access.Admin, []),
        ("OAuthFlow.FinishAsync", Access.Admin, ["GET /connections/oauth/callback"]),
        ("PasswordResets.CreateLinkAsync", Access.Admin, ["POST /api/users/{id}/password-reset-link"]),
        ("PasswordResets.ResetAsync", Access.None, []), // whoever holds the one-time link acts for its person
        ("PasswordResets.SetPasswordAsync", Access.Admin, []),
        ("PostOutcomes.MarkFailedAsync", Access.Editor, ["POST /api/scheduler/mark-failed/{id:int}"]),
        ("PostOutcomes.MarkPublishedAsync", Access.Editor, ["POST /api/scheduler/mark-published/{id:int}"]),
        ("PostOutcomes.RecordFoundAsync", Access.Editor, ["POST /api/scheduler/publish-now/{id:int}"]),
        ("PostPlanner.MoveDraftAsync", Access.Editor, []),
        ("PostPlanner.MoveSeriesAsync", Access.Editor, []),
        ("PostPlanner.SaveDraftAsync", Access.Editor, ["POST /api/scheduler/drafts"]),
        ("PostingQueues.AddAsync", Access.Editor, ["POST /api/scheduler/queue"]),
        ("PostingQueues.AddDraftAsync", Access.Editor, ["POST /api/scheduler/drafts/{id:int}/queue"]),
        ("PostingQueues.CloseGapAsync", Access.Editor, []),
        ("PostingQueues.SetSlotsAsync", Access.Admin, ["PUT /api/scheduler/queue/{accountId:int}/slots"]),
        ("ResponseTemplates.ResetAsync", Access.Admin, ["DELETE /api/sentiment/response-templates/{intent}"]),
        ("ResponseTemplates.SaveAsync", Access.Admin, ["PUT /api/sentiment/response-templates/{intent}"]),
        ("RoiSettingsStore.ResetAsync", Access.Admin, ["DELETE /api/analytics/roi/settings"]),
        ("RoiSettingsStore.SaveAsync", Access.Admin, ["PUT /api/analytics/roi/settings"]),
        ("SandboxComments.AddAsync", Access.Editor, ["POST /api/sandbox/comments"]),
        ("SandboxMetrics.RecordAsync", Access.Editor, ["POST /api/sandbox/metrics"]),
        ("SandboxFailures.ArmAsync", Access.Editor, ["POST /api/sandbox/failures"]),
        ("SandboxFailures.DisarmAsync", Access.Editor, ["DELETE /api/sandbox/failures"]),
        ("SchedulingService.BulkScheduleAsync", Access.Editor, ["POST /api/scheduler/bulk-schedule"]),
        ("SchedulingService.CancelAsync", Access.Editor, ["DELETE /api/scheduler/cancel/{id:int}"]),
        ("SchedulingService.PublishNowAsync", Access.Editor, ["POST /api/scheduler/publish-now/{id:int}"]),
        ("SchedulingService.RescheduleAsync", Access.Editor, ["PUT /api/scheduler/reschedule/{id:int}", "PUT /api/scheduler/drafts/{id:int}"]),
        ("SchedulingService.ScheduleAsync", Access.Editor, ["POST /api/scheduler/schedule"]),
        ("SchedulingService.ScheduleValidatedAsync", Access.Editor, ["POST /api/scheduler/bulk-import"]),
        ("SentimentService.AnalyzeAsync", Access.Editor, ["POST /api/sentiment/analyze", "POST /api/sentiment/analyze/batch"]),
        ("UserNotifications.ChoicesAsync", Access.Analyst, ["GET /api/notifications/preferences"]),
        ("UserNotifications.MarkReadAsync", Access.Analyst, ["POST /api/notifications/mine/read"]),
        ("UserNotifications.SaveChoicesAsync", Access.Analyst, ["PUT /api/notifications/preferences"]),
        ("UserPreferences.SetTimeZoneAsync", Access.Analyst, ["PUT /api/me/preferences"]),
        ("UserService.ChangeRoleAsync", Access.Admin, []),
        ("UserService.CreateAsync", Access.Admin, []),
    ];

    /// <summary>State-changing methods that act for SocialOps itself, or on a credential of their own, never for a signed-in user.</summary>
    private static readonly Dictionary<string, string> NotOnAUsersBehalf = new()
    {
        ["AuditLog.Add"] = "the audit of what someone did, written by whoever did it",
        ["AuditLog.WriteAsync"] = "the audit of what someone did, written by whoever did it",
        ["AiClientFactory.Create"] = "builds a client object for a call already checked; it changes nothing",
        ["AiUsageService.RecordAsync"] = "records the call a draft made for someone already checked",
        ["ApiTokenService.ValidateAsync"] = "the token is the credential being checked",
        ["ConnectionStore.RecordAsync"] = "the outcome of a call already made on the caller's behalf",
        ["DemoSeeder.SeedAsync"] = "start-up and the seed-demo verb, run by whoever starts the app",
        ["InboxIntake.StoreAsync"] = "comments arriving from platforms, the Sandbox or an import already checked",
        ["InboxIntake.AnalysePendingAsync"] = "ingestion's own run",
        ["IngestionService.RunAsync"] = "the connection's fetch job",
        ["IngestionService.StorePushedAsync"] = "a platform's push, verified by its signature",
        ["IngestionTriggers.SetAsync"] = "follows a connection the connections service stored",
        ["IngestionTriggers.RemoveAsync"] = "follows a connection the connections service removed",
        ["IngestionTriggers.AddedAsync"] = "follows a connection the connections service stored",
        ["IngestionTriggers.RemovedAsync"] = "follows a connection the connections service removed",
        ["KioskKeyService.RedeemAsync"] = "a one-time pairing code is its own credential, and it works once",
        ["NetworkGuard.ConnectAsync"] = "opens a connector's socket, for a call already checked",
        ["PostPublisher.PublishDueAsync"] = "the scheduler's job",
        ["PostPublisher.PublishDueAtAsync"] = "the scheduler's job",
        ["FirstComments.PublishAsync"] = "follows a post the scheduler's job just published",
        ["PostTriggers.SetAsync"] = "follows a post the scheduling services saved",
        ["PostTriggers.MoveAsync"] = "follows a post the scheduling services saved",
        ["PostTriggers.RemoveAsync"] = "follows a post the scheduling services saved",
        ["PostTriggers.DueAsync"] = "follows posts the scheduling services saved",
        ["PushReceiver.ReceiveSignedAsync"] = "a platform's push, verified by its signature",
        ["PushReceiver.ReceiveMetaAsync"] = "a platform's push, verified by its signature",
        ["QueueGauges.DueNextHour"] = "reads a count for a metrics scrape; it changes nothing",
        ["RollupRepairJob.RepairAsync"] = "the nightly repair",
        ["SocialOpsMeter.Record"] = "counts, in memory, an outcome the scheduler already committed",
        ["SeriesPlanner.EnsureNextAsync"] = "follows a series' occurrence the scheduling services settled",
        ["UserService.CreateFirstAdminAsync"] = "the first run's setup code is its credential, and it works once",
    };

    /// <summary>Names of methods that change state, when they are public on a service.</summary>
    [GeneratedRegex("^(Add|Added|Approve|Arm|Assign|Begin|Cancel|Change|Close|Complete|Connect|Correct|Create|Delete|Disarm|Due|Edit|Finish|Generate|Import|Mark|Move|Pair|Publish|Queue|Reanalyse|Receive|Record|Redeem|Reject|Remove|Removed|Repair|Reply|Reschedule|Reset|Revoke|Run|Save|Schedule|Seed|Set|Store|Stream)(?=[A-Z]|$)")]
    private static partial Regex StateChanging();

    private static readonly Assembly Core = typeof(Actor).Assembly;

    private static string Key(MethodInfo m) => $"{m.DeclaringType!.Name}.{m.Name}";

    /// <summary>
    /// Core's services: public classes built with dependencies, that are not entities, records, options, exceptions, the
    /// platforms' connectors (they act for whoever called the service) or the plumbing of the one context and the bus.
    /// </summary>
    private static IEnumerable<Type> Services() =>
        Core.GetTypes().Where(t => t is { IsPublic: true, IsClass: true, IsAbstract: false }
            && t.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is null
            && !typeof(Exception).IsAssignableFrom(t) && !t.Name.EndsWith("Options", StringComparison.Ordinal)
            && !typeof(Core.Publishing.IPlatformPublisher).IsAssignableFrom(t) && !typeof(Core.Publishing.Connections.IConnector).IsAssignableFrom(t)
            && !typeof(Microsoft.EntityFrameworkCore.DbContext).IsAssignableFrom(t) && !typeof(Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor).IsAssignableFrom(t)
            && t != typeof(Core.Common.Events.EventBus) && t.GetConstructors().Any(c => c.GetParameters().Length > 0));

    /// <summary>The services' public methods that take an Actor or are named as a change.</summary>
    private static IEnumerable<MethodInfo> Candidates() =>
        Services().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && (m.GetParameters().Any(p => p.ParameterType == typeof(Actor)) || StateChanging().IsMatch(m.Name)));

    [Fact]
    public void EveryStateChangingServiceMethodTakesTheActorAndIsInTheTable()
    {
        var table = Table.Select(t => t.Method).ToHashSet();
        var problems = new List<string>();
        foreach (var method in Candidates().DistinctBy(Key))
        {
            var takesActor = method.GetParameters().Any(p => p.ParameterType == typeof(Actor));
            var key = Key(method);
            if (takesActor && !table.Contains(key) && !NotOnAUsersBehalf.ContainsKey(key) && !IsQuery(method))
            {
                problems.Add($"{key} takes the actor but is not in the table");
            }
            else if (!takesActor && !NotOnAUsersBehalf.ContainsKey(key) && !IsQuery(method))
            {
                problems.Add($"{key} looks state-changing but takes no actor (or list why it acts for no one)");
            }
        }

        var known = Services().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)).Select(Key).ToHashSet();
        problems.AddRange(table.Concat(NotOnAUsersBehalf.Keys).Where(k => !known.Contains(k)).Select(k => $"{k} is listed but no longer exists"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    public static TheoryData<Access> Levels => [Access.None, Access.Analyst, Access.Editor, Access.Approver, Access.Admin];

    [Theory]
    [MemberData(nameof(Levels))]
    public async Task EachMethodRefusesAnActorBelowTheAccessItNeedsAndLetsTheRestThrough(Access level)
    {
        var actor = new Actor($"{level} tester", $"user-{level}", null, level);
        var problems = new List<string>();
        foreach (var (name, needs, _) in Table)
        {
            foreach (var method in Candidates().Where(m => Key(m) == name && m.GetParameters().Any(p => p.ParameterType == typeof(Actor))))
            {
                var refused = await RefusedAsync(method, actor);
                if (refused != (level < needs))
                {
                    problems.Add($"{name} as {level}: {(refused ? "refused" : "let through")}, but it needs {needs}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void TheServiceTableAndTheEndpointPoliciesAgree()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var problems = new List<string>();
        foreach (var (name, needs, routes) in Table)
        {
            foreach (var route in routes)
            {
                var (verb, path) = (route.Split(' ')[0], route.Split(' ')[1]);
                var endpoint = endpoints.SingleOrDefault(e => ("/" + (e.RoutePattern.RawText ?? "").TrimStart('/')).TrimEnd('/') == path
                    && (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(verb) ?? false));
                var policy = endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
                if (policy != Roles.For(needs))
                {
                    problems.Add($"{route} ({name}) has policy {policy ?? "none"}, the service needs {needs}");
                }
            }
        }

        // Every API route that changes state is in the table (the read-only POSTs aside), so the two tables cover each other.
        var listed = Table.SelectMany(t => t.Routes).ToHashSet();
        string[] readOnly = ["POST /api/sentiment/summary", "POST /account/logout"];
        foreach (var endpoint in endpoints.Where(e => ("/" + (e.RoutePattern.RawText ?? "")).StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var verb in (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Where(v => v != "GET"))
            {
                var route = $"{verb} /{(endpoint.RoutePattern.RawText ?? "").Trim('/')}";
                if (!listed.Contains(route) && !readOnly.Contains(route))
                {
                    problems.Add($"{route} changes state but calls no service in the table");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static bool IsQuery(MethodInfo m) => m.Name is "AccountsNeedingAsync" or "Needed";

    /// <summary>Calls the method with harmless arguments; whether it refused the actor (anything else it does is not this test's concern).</summary>
    private async Task<bool> RefusedAsync(MethodInfo method, Actor actor)
    {
        var service = app.Services.GetService(method.DeclaringType!) ?? ActivatorUtilities.CreateInstance(app.Services, method.DeclaringType!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var result = method.Invoke(service, [.. method.GetParameters().Select(p => Argument(p, actor, timeout.Token))]);
            switch (result)
            {
                case Task task:
                    await task.WaitAsync(timeout.Token);
                    break;
                case { } stream when result.GetType().GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)) is { } sequence:
                    // An iterator runs when it is first asked for an item.
                    var enumerator = sequence.GetMethod("GetAsyncEnumerator")!.Invoke(stream, [timeout.Token])!;
                    var next = typeof(IAsyncEnumerator<>).MakeGenericType(sequence.GetGenericArguments()).GetMethod("MoveNextAsync")!;
                    await ((ValueTask<bool>)next.Invoke(enumerator, [])!).AsTask().WaitAsync(timeout.Token);
                    break;
            }
        }
        catch (Exception e) when (Unwrap(e) is AccessDeniedException)
        {
            return true;
        }
        catch (Exception e) when (Unwrap(e) is not AccessDeniedException)
        {
            // Let through: the harmless arguments were refused for another reason (no such post, empty input).
        }

        return false;
    }

    private static Exception Unwrap(Exception e) => e is TargetInvocationException { InnerException: { } inner } ? Unwrap(inner) : e;

    private static object? Argument(ParameterInfo p, Actor actor, CancellationToken ct) => p.ParameterType switch
    {
        var t when t == typeof(Actor) => actor,
        var t when t == typeof(CancellationToken) => ct,
        _ => Value(p.ParameterType, 0),
    };

    /// <summary>A harmless value of a type: ids that name nothing, empty lists and texts, records of those.</summary>
    private static object? Value(Type t, int depth)
    {
        if (Nullable.GetUnderlyingType(t) is not null || depth > 3)
        {
            return null;
        }

        if (t == typeof(string))
        {
            return "x";
        }

        if (t == typeof(int) || t == typeof(long))
        {
            return Convert.ChangeType(987_654, t, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (t == typeof(bool))
        {
            return false;
        }

        if (t.IsEnum)
        {
            return Enum.GetValues(t).GetValue(0);
        }

        if (t == typeof(DateTimeOffset))
        {
            return TimeProvider.System.GetUtcNow().AddDays(1);
        }

        if (t == typeof(Stream))
        {
            return new MemoryStream();
        }

        if (t == typeof(ReadOnlyMemory<byte>))
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (t == typeof(Uri))
        {
            return new Uri("https://socialops.example/callback");
        }

        if (t.IsArray)
        {
            return Array.CreateInstance(t.GetElementType()!, 0);
        }

        if (t.IsGenericType && t.GetGenericArguments().Length == 1 && typeof(System.Collections.IEnumerable).IsAssignableFrom(t))
        {
            return Activator.CreateInstance(typeof(List<>).MakeGenericType(t.GetGenericArguments()[0]));
        }

        if (t.IsValueType)
        {
            return Activator.CreateInstance(t);
        }

        var constructor = t.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        return t.IsInterface || t.IsAbstract || constructor is null ? null : constructor.Invoke([.. constructor.GetParameters().Select(p => Value(p.ParameterType, depth + 1))]);
    }
}
