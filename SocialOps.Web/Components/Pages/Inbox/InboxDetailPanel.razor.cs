using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using SocialOps.Core.Common;
using SocialOps.Core.Inbox;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Components.Pages.Inbox;

/// <summary>One interaction: its thread, what the engine read, and what the team can do with it.</summary>
public partial class InboxDetailPanel
{
    /// <summary>The interaction shown.</summary>
    [Parameter, EditorRequired] public long InteractionId { get; set; }

    /// <summary>Teammates it can be assigned to.</summary>
    [Parameter] public IReadOnlyList<(string Id, string Name)> Assignees { get; set; } = [];

    /// <summary>Raised with a short message after an action succeeded.</summary>
    [Parameter] public EventCallback<string> Changed { get; set; }

    /// <summary>Raised when the person closes the panel.</summary>
    [Parameter] public EventCallback Close { get; set; }

    private InboxDetail? _detail;
    private IReadOnlyList<(Intent Intent, string Template)> _templates = [];
    private MudTextField<string>? _replyField;
    private MudSelect<string>? _assignField;
    private string? _reply;
    private string? _note;
    private string? _error;
    private bool _busy;
    private SentimentLabel _label;
    private Intent _intent;
    private ClaimsPrincipal _user = new();

    protected override async Task OnInitializedAsync()
    {
        _user = (await Auth.GetAuthenticationStateAsync()).User;
        var templates = await Templates.CurrentAsync(CancellationToken.None);
        _templates = [.. ResponseTemplates.Editable.Where(templates.ContainsKey).Select(i => (i, templates[i]))];
        await LoadAsync(resetReply: true);
    }

    private static string EngineCaption(AnalysisEngine? engine, string? modelVersion) => engine switch
    {
        AnalysisEngine.Ai => $"read by AI ({modelVersion?[AnalysisEngines.AiPrefix.Length..]})",
        AnalysisEngine.Rules => "read by the rule-based engine",
        AnalysisEngine.Person => "set by a teammate (no engine reads its language)",
        _ => "read by the sentiment model",
    };

    private async Task LoadAsync(bool resetReply)
    {
        _detail = await Queries.DetailAsync(InteractionId);
        if (_detail is { Item: var item })
        {
            (_label, _intent) = (item.Sentiment ?? SentimentLabel.Neutral, item.Intent ?? Intent.None);
            if (resetReply)
            {
                // Below the confidence threshold the engine suggests nothing: start from the intent's template instead.
                _reply = item.SuggestedReply ?? (item.Intent is { } intent && _templates.FirstOrDefault(t => t.Intent == intent) is { Template: { } template }
                    ? ResponseTemplates.Fill(new Dictionary<Intent, string> { [intent] = template }, intent, item.AuthorName, _detail.Keywords.Count > 0 ? _detail.Keywords[0] : null)
                    : null);
            }
        }
    }

    /// <summary>Shows the item as it is now (someone else acted on it).</summary>
    public async Task RefreshAsync()
    {
        await LoadAsync(resetReply: false);
        StateHasChanged();
    }

    public async Task FocusReplyAsync()
    {
        if (_replyField is not null)
        {
            await _replyField.FocusAsync();
        }
    }

    public async Task FocusAssignAsync()
    {
        if (_assignField is not null)
        {
            await _assignField.FocusAsync();
            await _assignField.OpenMenu();
        }
    }

    private void UseTemplate(Intent intent, string template) =>
        _reply = ResponseTemplates.Fill(new Dictionary<Intent, string> { [intent] = template }, intent, _detail?.Item.AuthorName, _detail is { Keywords.Count: > 0 } d ? d.Keywords[0] : null);

    private Actor Actor => _user.ToActor();

    private bool _drafting;

    /// <summary>
    /// A reply written from the comment's thread, sentiment and intent and the brand notes, put in the reply box for the
    /// person to edit or send; nothing is sent. With no model set up it is the offline template, and it says so.
    /// </summary>
    private async Task DraftWithAiAsync()
    {
        (_busy, _drafting, _error) = (true, true, null);
        try
        {
            var draft = await Drafts.ReplyAsync(InteractionId, Actor);
            if (draft is not null)
            {
                _reply = draft.Content;
                await Changed.InvokeAsync(draft.IsTemplate ? "Drafted from a template (no model is set up in Settings → AI)." : $"Drafted by {draft.Model}; edit it before sending.");
            }
        }
        catch (SocialOps.Core.Ai.AiException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            (_busy, _drafting) = (false, false);
        }
    }

    private Task SendAsync() => RunAsync(() => Service.ReplyAsync(InteractionId, _reply, Actor), o => o.Sent ? "Reply sent." : "That reply was sent before; nothing was sent again.");

    private Task MarkSentAsync() => RunAsync(() => Service.MarkReplySentAsync(InteractionId, Actor), _ => "Reply marked as sent.");

    private Task SendAgainAsync() => RunAsync(() => Service.ReplyAgainAsync(InteractionId, Actor), o => o.Sent ? "Reply sent." : "The platform has this reply already: marked as sent.");

    private Task StateAsync(HandledState state, string? note) => RunAsync(() => Service.SetStateAsync([InteractionId], state, note, Actor), _ => $"Marked {state.Name()}.");

    private Task AssignAsync(string? userId) =>
        RunAsync(() => Service.AssignAsync([InteractionId], userId == InboxFilter.Unassigned ? null : userId, Actor), _ => "Assigned.");

    private Task ReanalyseAsync() => RunAsync(() => Service.ReanalyseAsync(InteractionId, Actor), _ => "Analysed again.");

    private Task CorrectAsync() => RunAsync(() => Service.CorrectAsync(InteractionId, _label, _intent, Actor), _ => "Correction stored.");

    private async Task RunAsync(Func<Task<InboxOutcome>> action, Func<InboxOutcome, string> done)
    {
        (_busy, _error) = (true, null);
        try
        {
            var outcome = await action();
            if (outcome.Failure == InboxFailure.Unconfirmed)
            {
                // Nothing changed but the reply's standing: show it with its two choices.
                await LoadAsync(resetReply: false);
            }

            if (outcome.Failure != InboxFailure.None)
            {
                _error = outcome.Message;
                return;
            }

            _note = null;
            await LoadAsync(resetReply: false);
            await Changed.InvokeAsync(done(outcome));
        }
        catch (RefusedException refused)
        {
            _error = refused.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
