using SocialOps.Core.Scheduling;

namespace SocialOps.Core.Ai;

/// <summary>Body of <c>POST /api/scheduler/schedule-with-ai</c>.</summary>
public sealed record ScheduleWithAiRequest(
    string? Prompt, string? Platform, int? AccountId, string? ScheduledTime, string? TimeZone, string? Language = null, string? Tone = null);

/// <summary>What was scheduled, the text it was given, and who wrote that text (<c>templates</c> when no provider is set up).</summary>
public sealed record ScheduledWithAi(int Id, string Status, DateTimeOffset? NextRunUtc, string Content, string Provider, string Model);

/// <summary>Generate, check, store with its provenance and schedule, in one step: nothing is scheduled unless every step worked.</summary>
public sealed class AiScheduling(AiDraftService drafts, AiUsageService usage, ScheduleValidator validator, SchedulingService scheduling,
    IDbContextFactory<SocialOpsDbContext> contexts, TimeProvider time)
{
    // Stands in for the text while the rest of the request is checked, so a bad time or account costs no generation.
    private const string Placeholder = "Draft";

    public async Task<(ScheduledWithAi? Result, ValidationErrors Errors)> ScheduleAsync(ScheduleWithAiRequest request, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Editor);
        var (draftRequest, _, errors) = AiDraftService.Validate(request.Prompt, [request.Platform ?? (request.AccountId is null ? null : "sandbox")], request.Language, request.Tone, "prompt");
        var schedule = new ScheduleRequest(request.Platform, Placeholder, request.ScheduledTime, request.TimeZone, request.AccountId, MediaReferences: []);
        var (valid, scheduleErrors) = await validator.ValidateAsync(schedule, ct);
        foreach (var (field, messages) in scheduleErrors.Where(e => e.Key != "content"))
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }

        if (errors.Count > 0 || valid is null || draftRequest is null)
        {
            return (null, errors);
        }

        var set = await drafts.GenerateAsync(draftRequest, [valid.Platform], actor, "schedule", ct: ct);
        var draft = set.Drafts[0];
        var (result, finalErrors) = await scheduling.ScheduleAsync(schedule with { Content = draft.Content }, actor, ct);
        if (result is null)
        {
            return (null, finalErrors);
        }

        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            db.AiDrafts.Add(new AiDraft
            {
                PostId = result.Id, Platform = valid.Platform, Provider = set.Provider, Model = set.Model, Brief = draftRequest.Brief,
                Language = draftRequest.Language, Tone = draftRequest.Tone, Content = draft.Content, UserId = actor.UserId, CreatedAt = time.GetUtcNow(),
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }

        await usage.AttachToPostAsync(set.UsageIds, result.Id, CancellationToken.None);
        return (new ScheduledWithAi(result.Id, result.Status, result.NextRunUtc, draft.Content, set.Provider, set.Model), errors);
    }
}
