using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using SocialOps.Core.Common;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Inbox;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Components.Pages.Inbox;

public partial class Inbox
{
    public const int PageSize = 50;

    private enum Panel
    {
        None,
        TryIt,
        Import,
    }

    [Inject] private InboxQueries Queries { get; set; } = null!;
    [Inject] private InboxService Service { get; set; } = null!;
    [Inject] private InboxViews Views { get; set; } = null!;
    [Inject] private EventBus Bus { get; set; } = null!;
    [Inject] private UserClock Clock { get; set; } = null!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = null!;

    private IDisposable? _subscription;
    private readonly HashSet<long> _selected = [];
    private readonly HashSet<long> _arrived = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ElementReference _root;
    private MudTextField<string>? _search;
    private InboxDetailPanel? _detail;
    private InboxFilter _filter = new(State: HandledState.Open);
    private InboxCounts? _counts;
    private InboxPage? _page;
    private List<InboxItem> _items = [];
    private IReadOnlyList<(string Id, string Name)> _assignees = [];
    private IReadOnlyList<SavedView> _views = [];
    private string? _query;
    private int _pageNumber = 1;
    private long? _current;
    private long? _opened;
    private bool _help;
    private bool _saving;
    private string? _viewName;
    private Panel _panel;
    private string? _message;
    private Severity _messageSeverity = Severity.Info;
    private ClaimsPrincipal _user = new();

    protected override async Task OnInitializedAsync()
    {
        await Clock.EnsureLoadedAsync();
        _user = (await Auth.GetAuthenticationStateAsync()).User;
        _assignees = await Queries.AssigneesAsync();
        _views = UserId is { } id ? await Views.ListAsync(id) : [];
        _subscription = Bus.Subscribe(events => InvokeAsync(() => OnEventsAsync(events)), LiveUpdates.Page, typeof(InteractionsArrived), typeof(InteractionsChanged));
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await _root.FocusAsync();
        }

        // r and a open the item first; its panel exists only after this render.
        if (_pendingFocus != PendingFocus.None && _detail is not null)
        {
            var focus = _pendingFocus;
            _pendingFocus = PendingFocus.None;
            await (focus == PendingFocus.Reply ? _detail.FocusReplyAsync() : _detail.FocusAssignAsync());
        }
    }

    private string? UserId => _user.FindFirstValue(ClaimTypes.NameIdentifier);

    private Actor Actor => _user.ToActor();

    private async Task LoadAsync()
    {
        _page = await Queries.SearchAsync(_filter with { Query = _query }, _pageNumber, PageSize);
        _items = [.. _page.Items];
        _counts = await Queries.CountsAsync(_filter with { Query = _query });
        _arrived.Clear();
        _selected.IntersectWith(_items.Select(i => i.Id));
    }

    private async Task OnEventsAsync(IReadOnlyList<IEvent> events)
    {
        if (events.OfType<InteractionsArrived>().SelectMany(e => e.InteractionIds).Distinct().ToList() is { Count: > 0 } arrived)
        {
            await OnArrivedAsync(arrived);
        }

        if (events.OfType<InteractionsChanged>().SelectMany(e => e.InteractionIds).Distinct().ToList() is { Count: > 0 } changed)
        {
            await OnChangedAsync(changed);
        }
    }

    /// <summary>New comments that pass the filter join the page where the order puts them, highlighted; the rest stays put.</summary>
    private async Task OnArrivedAsync(IReadOnlyList<long> ids)
    {
        await _gate.WaitAsync();
        try
        {
            var matching = await Queries.MatchingAsync(_filter with { Query = _query }, ids);
            if (matching.Count > 0 && _page is not null)
            {
                var fresh = (await Queries.FindAsync(matching)).Where(i => _items.All(x => x.Id != i.Id)).ToList();
                _items = [.. InboxQueries.Order(_items.Concat(fresh))];
                _arrived.UnionWith(fresh.Select(i => i.Id));
                _page = _page with { Total = _page.Total + fresh.Count };
            }

            _counts = await Queries.CountsAsync(_filter with { Query = _query });
            StateHasChanged();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Items someone acted on are refreshed in place (their position does not change until the next load).</summary>
    private async Task OnChangedAsync(IReadOnlyList<long> ids)
    {
        await _gate.WaitAsync();
        try
        {
            var shown = ids.Where(id => _items.Any(i => i.Id == id)).ToList();
            if (shown.Count > 0)
            {
                var fresh = (await Queries.FindAsync(shown)).ToDictionary(i => i.Id);
                _items = [.. _items.Select(i => fresh.GetValueOrDefault(i.Id, i))];
            }

            if (_opened is { } opened && ids.Contains(opened) && _detail is not null)
            {
                await _detail.RefreshAsync();
            }

            _counts = await Queries.CountsAsync(_filter with { Query = _query });
            StateHasChanged();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task OnSearchAsync(string? value)
    {
        _query = value;
        _pageNumber = 1;
        await LoadAsync();
    }

    private async Task OnFilterAsync(InboxFilter filter)
    {
        _filter = filter;
        _pageNumber = 1;
        await LoadAsync();
    }

    private async Task OnPageAsync(int page)
    {
        _pageNumber = page;
        await LoadAsync();
    }

    private async Task OpenAsync(long id)
    {
        _current = id;
        _opened = id;
        _arrived.Remove(id);
        await Task.CompletedTask;
    }

    private void Toggle(long id, bool on)
    {
        if (on)
        {
            _selected.Add(id);
        }
        else
        {
            _selected.Remove(id);
        }
    }

    private async Task OnKeyAsync(KeyboardEventArgs e)
    {
        switch (InboxKeys.For(e.Key, e.CtrlKey, e.AltKey, e.MetaKey))
        {
            case InboxCommand.Next:
                _current = InboxKeys.Move([.. _items.Select(i => i.Id)], _current, 1);
                break;
            case InboxCommand.Previous:
                _current = InboxKeys.Move([.. _items.Select(i => i.Id)], _current, -1);
                break;
            case InboxCommand.Open when _current is { } id:
                await OpenAsync(id);
                break;
            case InboxCommand.Reply when _current is { } id:
                await OpenAsync(id);
                _pendingFocus = PendingFocus.Reply;
                break;
            case InboxCommand.Assign when _current is { } id:
                await OpenAsync(id);
                _pendingFocus = PendingFocus.Assign;
                break;
            case InboxCommand.Handled when _current is { } id:
                await ActAsync(() => Service.SetStateAsync([id], HandledState.Dismissed, null, Actor), "Marked handled.");
                break;
            case InboxCommand.Search when _search is not null:
                await _search.FocusAsync();
                break;
            case InboxCommand.Help:
                _help = !_help;
                break;
            case InboxCommand.Close:
                (_opened, _help, _panel) = (null, false, Panel.None);
                break;
        }
    }

}
