using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Inbox;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Components.Pages.Inbox;

public partial class Inbox(
    InboxQueries queries, InboxService service, InboxViews views, EventBus bus, UserClock clock, AuthenticationStateProvider auth) : IDisposable
{

    private InboxModel _model = null!;
    private IDisposable? _subscription;
    private ElementReference _root;
    private MudTextField<string>? _search;
    private InboxDetailPanel? _detail;
    private InboxFocus _pendingFocus;
    private bool _filtersOpen;

    /// <summary><c>reply</c> opens the inbox on the items that need a reply (the dashboard's and the badge's count).</summary>
    [SupplyParameterFromQuery(Name = "queue")] public string? Queue { get; set; }

    private string FiltersLabel => ActiveFilters(_model.Filter) is > 0 and var n ? $"Filters ({n})" : "Filters";

    private static int ActiveFilters(InboxFilter f) =>
        new object?[] { f.State, f.Platform, f.AccountId, f.Sentiment, f.Intent, f.Priority, f.AssigneeId, f.From, f.To }.Count(v => v is not null);

    protected override async Task OnInitializedAsync()
    {
        _model = new InboxModel(queries, service, views);
        await clock.EnsureLoadedAsync();
        var actor = (await auth.GetAuthenticationStateAsync()).User.ToActor();
        _subscription = bus.Subscribe(events => InvokeAsync(() => OnEventsAsync(events)), LiveUpdates.Page, typeof(InteractionsArrived), typeof(InteractionsChanged));
        await _model.InitializeAsync(actor, string.Equals(Queue, "reply", StringComparison.OrdinalIgnoreCase) ? InboxModel.NeedsReplyQueue : null);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await _root.FocusAsync();
        }

        // r and a open the item first; its panel exists only after this render.
        if (_pendingFocus is InboxFocus.Reply or InboxFocus.Assign && _detail is not null)
        {
            var focus = _pendingFocus;
            _pendingFocus = InboxFocus.None;
            await (focus == InboxFocus.Reply ? _detail.FocusReplyAsync() : _detail.FocusAssignAsync());
        }
    }

    private async Task OnEventsAsync(IReadOnlyList<IEvent> events)
    {
        if (await _model.ApplyAsync(events) && _detail is not null)
        {
            await _detail.RefreshAsync();
        }

        StateHasChanged();
    }

    private async Task OnKeyAsync(KeyboardEventArgs e)
    {
        var focus = await _model.PressAsync(InboxKeys.For(e.Key, e.CtrlKey, e.AltKey, e.MetaKey));
        if (focus == InboxFocus.Search && _search is not null)
        {
            await _search.FocusAsync();
        }
        else if (focus is InboxFocus.Reply or InboxFocus.Assign)
        {
            _pendingFocus = focus;
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _model?.Dispose();
        GC.SuppressFinalize(this);
    }
}
