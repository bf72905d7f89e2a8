using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using SocialOps.Core.Ai;
using SocialOps.Web.Identity;

namespace SocialOps.Web.Components.Pages.Settings;

/// <summary>Settings → AI: the provider (the key is write-only), brand notes, prices, budget and what was spent.</summary>
public sealed partial class AiPanel(AiSettingsStore store, AiDraftService drafts, AiUsageService usage, TimeProvider time, ISnackbar snackbar)
{
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;

    private AiSettingsView? _view;
    private Form _form = new();
    private Dictionary<string, string[]> _errors = [];
    private (bool Ok, string Message)? _test;
    private bool _busy;
    private AiUsageTotals _totals = new(0, 0, 0, 0);
    private IReadOnlyList<AiUsageRow> _days = [];
    private IReadOnlyList<AiUsageRow> _users = [];

    private sealed class Price
    {
        public string Model { get; set; } = "";
        public decimal Input { get; set; }
        public decimal Output { get; set; }
    }

    private sealed class Form
    {
        public string Provider { get; set; } = nameof(AiProvider.None);
        public string? BaseUrl { get; set; }
        public string? Model { get; set; }
        public string? ApiKey { get; set; }
        public bool ClearApiKey { get; set; }
        public int TimeoutSeconds { get; set; } = 30;
        public decimal? MonthlyBudgetUsd { get; set; }
        public string? Voice { get; set; }
        public string? WordsToUse { get; set; }
        public string? WordsToAvoid { get; set; }
        public string? Hashtags { get; set; }
        public List<Price> Prices { get; set; } = [];
    }

    private AiProvider Parsed => Enum.TryParse<AiProvider>(_form.Provider, out var p) ? p : AiProvider.None;

    private bool NoProvider => Parsed == AiProvider.None;

    // The store drops a stored key when the address changes and no new key comes with it; say so before Save.
    private bool KeyWillBeRemoved => _view is { HasApiKey: true } view && !_form.ClearApiKey && string.IsNullOrWhiteSpace(_form.ApiKey)
        && !AiSettingsStore.SameAddress(view.BaseUrl, AiSettingsStore.AddressOf(Parsed, _form.BaseUrl));

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        await LoadUsageAsync();
    }

    private async Task LoadAsync()
    {
        _view = await store.ViewAsync();
        var defaultUrl = AiOptions.DefaultBaseUrl(Enum.Parse<AiProvider>(_view.Provider));
        _form = new Form
        {
            Provider = _view.Provider, BaseUrl = _view.BaseUrl == defaultUrl ? null : _view.BaseUrl, Model = _view.Model, TimeoutSeconds = _view.TimeoutSeconds,
            MonthlyBudgetUsd = _view.MonthlyBudgetUsd, Voice = _view.Voice, WordsToUse = _view.WordsToUse, WordsToAvoid = _view.WordsToAvoid, Hashtags = _view.Hashtags,
            Prices = [.. _view.Prices.Select(p => new Price { Model = p.Model, Input = p.InputPerMillionUsd, Output = p.OutputPerMillionUsd })],
        };
    }

    private async Task LoadUsageAsync()
    {
        var now = time.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        _totals = await usage.TotalsAsync(start, start.AddMonths(1));
        (_days, _users) = await usage.BreakdownAsync(start, start.AddMonths(1));
    }

    private string[] Errors(string field) =>
        _errors.GetValueOrDefault(char.ToLowerInvariant(field[0]) + field[1..]) ?? [];

    private void AddPrice() => _form.Prices.Add(new Price { Model = _form.Model ?? "" });

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            var f = _form;
            _errors = await store.SaveAsync(new AiSettingsUpdate(
                f.Provider, f.BaseUrl, f.Model, f.ApiKey, f.ClearApiKey, f.TimeoutSeconds, f.MonthlyBudgetUsd, f.Voice, f.WordsToUse, f.WordsToAvoid, f.Hashtags,
                [.. f.Prices.Select(p => new AiModelPriceView(p.Model, p.Input, p.Output))]), (await Auth).User.ToActor());
            if (_errors.Count == 0)
            {
                await LoadAsync();
                snackbar.Add("AI settings saved.", Severity.Success);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task TestAsync()
    {
        _busy = true;
        _test = null;
        try
        {
            _test = await drafts.TestAsync((await Auth).User.ToActor());
            await LoadUsageAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
