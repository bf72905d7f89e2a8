using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using SocialOps.Core.Ai;
using SocialOps.Core.Publishing;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Components.Pages.Compose;

/// <summary>Writes a post from a brief: the text streams in, can be stopped, regenerated or replaced by one of three variations, then edited.</summary>
public sealed partial class AiDraftDialog(AiDraftService drafts) : IDisposable
{
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;

    /// <summary>The platforms the post is for; the draft is fitted to the one with the smallest limit.</summary>
    [Parameter] public IReadOnlyList<Platform> Platforms { get; set; } = [];

    private string? _brief;
    private string _language = "en";
    private string _tone = "friendly";
    private string? _text;
    private string? _source;
    private bool _isTemplate;
    private IReadOnlyList<string> _notes = [];
    private IReadOnlyList<PlatformDraft> _variations = [];
    private string? _error;
    private Dictionary<string, string[]> _errors = [];
    private bool _running;
    private int _attempt;
    private CancellationTokenSource? _cts;

    private Platform Target => Platforms.Count == 0 ? Platform.Sandbox : Platforms.MinBy(p => ContentRules.For(p).MaxLength);

    private int Limit => ContentRules.For(Target).MaxLength;

    private int Length => ContentRules.Check(Target, _text).Length;

    private bool Fits => DraftFitter.Fits(Target, _text ?? "");

    private string[] Errors(string field) => _errors.GetValueOrDefault(field) ?? [];

    private DraftRequest? Validated()
    {
        var (request, _, errors) = AiDraftService.Validate(_brief, [Target.ToString()], _language, _tone);
        _errors = errors;
        return request;
    }

    private async Task GenerateAsync(int variant)
    {
        if (Validated() is not { } request)
        {
            return;
        }

        // Regenerate asks for another take.
        variant = _text is null ? variant : ++_attempt;
        var previous = _text;
        Start();
        _text = "";
        try
        {
            var actor = (await Auth).User.ToActor();
            await foreach (var chunk in drafts.StreamAsync(request, Target, actor, variant, _cts!.Token))
            {
                _source = chunk.IsTemplate ? "Templates: no AI provider is configured" : $"{chunk.Provider} · {chunk.Model}";
                _isTemplate = chunk.IsTemplate;
                if (chunk.Draft is { } draft)
                {
                    _text = draft.Content;
                    _notes = draft.Notes;
                }
                else
                {
                    _text += chunk.Delta;
                }

                StateHasChanged();
            }
        }
        catch (OperationCanceledException)
        {
            _notes = ["Stopped. Edit what arrived, or generate again."];
            _text = string.IsNullOrEmpty(_text) ? previous : _text;
        }
        catch (AiException e)
        {
            // Nothing usable arrived: the earlier draft stays.
            _error = e.Message;
            _text = string.IsNullOrEmpty(_text) ? previous : _text;
        }
        finally
        {
            _running = false;
        }
    }

    private async Task VariationsAsync()
    {
        if (Validated() is not { } request)
        {
            return;
        }

        Start();
        try
        {
            _variations = await drafts.VariationsAsync(request, Target, (await Auth).User.ToActor(), _cts!.Token);
        }
        catch (OperationCanceledException)
        {
            _notes = ["Stopped."];
        }
        catch (AiException e)
        {
            _error = e.Message;
        }
        finally
        {
            _running = false;
        }
    }

    private void Start()
    {
        _cts?.Dispose();
        _cts = new CancellationTokenSource();
        _running = true;
        _error = null;
        _notes = [];
        _variations = [];
    }

    private void Stop() => _cts?.Cancel();

    private void Pick(PlatformDraft draft)
    {
        _text = draft.Content;
        _notes = draft.Notes;
        _variations = [];
    }

    private void Use() => Dialog.Close(DialogResult.Ok(_text!.Trim()));

    private void Close()
    {
        _cts?.Cancel();
        Dialog.Cancel();
    }

    public void Dispose()
    {
        _cts?.Cancel();
        _cts?.Dispose();
    }
}
