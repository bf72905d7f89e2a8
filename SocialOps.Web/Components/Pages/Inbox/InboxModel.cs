using SocialOps.Core.Common;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Inbox;

namespace SocialOps.Web.Components.Pages.Inbox;

public enum InboxPanel
{
    None,
    TryIt,
    Import,
}

/// <summary>Where the cursor goes once the page has rendered what a key asked for.</summary>
public enum InboxFocus
{
    None,
    Reply,
    Assign,
    Search,
}

/// <summary>
/// The inbox page's state for one person: the filter and search, the page of items, the cursor and the opened item,
/// the selection, saved views and the last message. New and changed comments are applied here as they are announced.
/// </summary>
public sealed partial class InboxModel(InboxQueries queries, InboxService service, InboxViews views) : IDisposable
{
    public const int PageSize = 50;

    /// <summary>The open items that need a reply: what the navigation's badge and the dashboard count.</summary>
    public static readonly InboxFilter NeedsReplyQueue = new(State: HandledState.Open, NeedsReply: true);

    private Actor _actor = new("anonymous");

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<long> _selected = [];
    private readonly HashSet<long> _arrived = [];

    public InboxFilter Filter { get; private set; } = new(State: HandledState.Open);

    public string? Query { get; private set; }

    public int PageNumber { get; private set; } = 1;

    /// <summary>Null until the first load.</summary>
    public InboxPage? Page { get; private set; }

    /// <summary>
    /// The page's items in the order shown, with arrivals merged in. The list is empty only when this is, not when the loaded
    /// <see cref="Page"/> was: a first comment reaching an empty inbox is shown without a reload.
    /// </summary>
    public IReadOnlyList<InboxItem> Items { get; private set; } = [];

    public InboxCounts? Counts { get; private set; }

    public IReadOnlyList<(string Id, string Name)> Assignees { get; private set; } = [];

    public IReadOnlyList<SavedView> Views { get; private set; } = [];

    public IReadOnlySet<long> Selected => _selected;

    /// <summary>Items that arrived while the page was open and have not been opened yet.</summary>
    public IReadOnlySet<long> Arrived => _arrived;

    /// <summary>The item the keys act on.</summary>
    public long? Current { get; private set; }

    /// <summary>The item whose thread is open beside the list.</summary>
    public long? Opened { get; set; }

    public bool Help { get; set; }

    public InboxPanel Panel { get; set; }

    public int PageCount => Page is null ? 0 : (Page.Total + PageSize - 1) / PageSize;

    /// <summary>
    /// Reads the assignees, <paramref name="actor"/>'s saved views and the first page (of <paramref name="filter"/>, or
    /// of every open item); they act as <paramref name="actor"/>.
    /// </summary>
    public async Task InitializeAsync(Actor actor, InboxFilter? filter = null)
    {
        _actor = actor;
        Filter = filter ?? Filter;
        Assignees = await queries.AssigneesAsync();
        Views = actor.UserId is { } id ? await views.ListAsync(id) : [];
        await LoadAsync();
    }

    public async Task LoadAsync()
    {
        Page = await queries.SearchAsync(Filter with { Query = Query }, PageNumber, PageSize);
        Items = [.. Page.Items];
        Counts = await queries.CountsAsync(Filter with { Query = Query });
        _arrived.Clear();
        _selected.IntersectWith(Items.Select(i => i.Id));
    }

    public Task SearchAsync(string? query)
    {
        (Query, PageNumber) = (query, 1);
        return LoadAsync();
    }

    public Task FilterAsync(InboxFilter filter)
    {
        (Filter, PageNumber) = (filter, 1);
        return LoadAsync();
    }

    public Task GoToPageAsync(int page)
    {
        PageNumber = page;
        return LoadAsync();
    }

    public void Open(long id)
    {
        Current = id;
        Opened = id;
        _arrived.Remove(id);
    }

    public void Select(long id, bool on) => _ = on ? _selected.Add(id) : _selected.Remove(id);

    public void ClearSelection() => _selected.Clear();

    /// <summary>Carries out a key's command; returns where the cursor should go once the page has rendered.</summary>
    public async Task<InboxFocus> PressAsync(InboxCommand command)
    {
        switch (command)
        {
            case InboxCommand.Next or InboxCommand.Previous:
                Current = InboxKeys.Move([.. Items.Select(i => i.Id)], Current, command == InboxCommand.Next ? 1 : -1);
                break;
            case InboxCommand.Open or InboxCommand.Reply or InboxCommand.Assign when Current is { } id:
                Open(id);
                return command switch { InboxCommand.Reply => InboxFocus.Reply, InboxCommand.Assign => InboxFocus.Assign, _ => InboxFocus.None };
            case InboxCommand.Handled when Current is { } id:
                await ActAsync(() => service.SetStateAsync([id], HandledState.Dismissed, null, _actor), "Marked handled.");
                break;
            case InboxCommand.Search:
                return InboxFocus.Search;
            case InboxCommand.Help:
                Help = !Help;
                break;
            case InboxCommand.Close:
                (Opened, Help, Panel) = (null, false, InboxPanel.None);
                break;
        }

        return InboxFocus.None;
    }

    /// <summary>
    /// Applies announced arrivals and changes. Returns true when the opened item changed, so its panel can re-read it.
    /// After a pause of live updates (<see cref="LiveUpdatesResync"/>) the page is read again, since events may have been missed.
    /// </summary>
    public async Task<bool> ApplyAsync(IReadOnlyList<IEvent> events)
    {
        await _gate.WaitAsync();
        try
        {
            if (events.OfType<LiveUpdatesResync>().Any())
            {
                await LoadAsync();
                return Opened is not null;
            }

            var arrived = events.OfType<InteractionsArrived>().SelectMany(e => e.InteractionIds).Distinct().ToList();
            var changed = events.OfType<InteractionsChanged>().SelectMany(e => e.InteractionIds).Distinct().ToList();
            if (arrived.Count > 0)
            {
                await ArriveAsync(arrived);
            }

            if (changed.Count > 0)
            {
                await RefreshAsync(changed);
            }

            if (arrived.Count > 0 || changed.Count > 0)
            {
                Counts = await queries.CountsAsync(Filter with { Query = Query });
            }

            return Opened is { } opened && changed.Contains(opened);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>New comments that pass the filter join the page where the order puts them, highlighted; the rest stays put.</summary>
    private async Task ArriveAsync(IReadOnlyList<long> ids)
    {
        var matching = await queries.MatchingAsync(Filter with { Query = Query }, ids);
        if (matching.Count > 0 && Page is not null)
        {
            var fresh = (await queries.FindAsync(matching)).Where(i => Items.All(x => x.Id != i.Id)).ToList();
            Items = [.. InboxQueries.Order(Items.Concat(fresh))];
            _arrived.UnionWith(fresh.Select(i => i.Id));
            Page = Page with { Total = Page.Total + fresh.Count };
        }
    }

    /// <summary>Items someone acted on are refreshed in place (their position does not change until the next load).</summary>
    private async Task RefreshAsync(IReadOnlyList<long> ids)
    {
        var shown = ids.Where(id => Items.Any(i => i.Id == id)).ToList();
        if (shown.Count > 0)
        {
            var fresh = (await queries.FindAsync(shown)).ToDictionary(i => i.Id);
            Items = [.. Items.Select(i => fresh.GetValueOrDefault(i.Id, i))];
        }
    }

    public void Dispose() => _gate.Dispose();
}
