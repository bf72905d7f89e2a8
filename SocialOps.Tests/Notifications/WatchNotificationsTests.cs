using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Ai;
using SocialOps.Core.Data;
using SocialOps.Core.Notifications;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Connections;
using SocialOps.Core.Publishing.Connections.OAuth;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Notifications;

/// <summary>
/// The periodic check behind connection.expiring, connection.renewal_failed, ingestion.stalled and ai.budget_reached:
/// each occurrence is queued once however often the check runs, nothing is queued before it is due, and the text names
/// the connection (or the budget) and what to do.
/// </summary>
public sealed class WatchNotificationsTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 3, 10, 9, 0, 0, TimeSpan.Zero));
    private readonly NotificationStandIns _standIns = new();
    private readonly SocialOpsAppFactory _app;

    public WatchNotificationsTests()
    {
        _app = _standIns.Apply(new SocialOpsAppFactory { Time = _time });
        _app.Settings["Ai:Provider"] = "OpenAI";
        _app.Settings["Ai:Model"] = "gpt-test";
        _app.Settings["Ai:BaseUrl"] = "http://127.0.0.1:9/v1";
        _app.Settings["Ai:MonthlyBudgetUsd"] = "1";
        _app.Settings["Notifications:PublicBaseUrl"] = "https://socialops.example.com";
    }

    private WatchNotifications Watch => _app.Services.GetRequiredService<WatchNotifications>();

    [Fact]
    public async Task ATokenEndingWithinSevenDaysIsQueuedOnceNamingTheConnectionAndOneEndingInEightDaysIsNot()
    {
        await ChannelAsync();
        var soon = await AccountAsync("Brand on Mastodon", Expiring(_time.GetUtcNow().AddDays(6)));
        await AccountAsync("Later on Mastodon", Expiring(_time.GetUtcNow().AddDays(8)));
        var renews = Expiring(_time.GetUtcNow().AddDays(3));
        renews[OAuthFlow.RefreshToken] = "refresh-me";
        await AccountAsync("Renewing on X", renews);

        await Watch.CheckOnceAsync();
        await Watch.CheckOnceAsync();
        _time.Advance(TimeSpan.FromHours(5));
        await Watch.CheckOnceAsync();

        var row = Assert.Single(await RowsAsync(NotificationEvents.ConnectionExpiring));
        Assert.StartsWith($"connection.expiring:{soon}:", row.EventKey, StringComparison.Ordinal);
        Assert.Contains("Brand on Mastodon (Mastodon)", row.Text, StringComparison.Ordinal);
        Assert.Contains("Reconnect Brand on Mastodon in Settings → Connections", row.Text, StringComparison.Ordinal);
        Assert.Equal("https://socialops.example.com/settings?tab=connections", row.Url);
    }

    [Fact]
    public async Task TheTokenEndingInEightDaysIsQueuedOnceItIsWithinSeven()
    {
        await ChannelAsync();
        var id = await AccountAsync("Later on Mastodon", Expiring(_time.GetUtcNow().AddDays(8)));
        await Watch.CheckOnceAsync();
        Assert.Empty(await RowsAsync(NotificationEvents.ConnectionExpiring));

        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await Watch.CheckOnceAsync();
        await Watch.CheckOnceAsync();

        var row = Assert.Single(await RowsAsync(NotificationEvents.ConnectionExpiring));
        Assert.StartsWith($"connection.expiring:{id}:20270318", row.EventKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedRenewalIsQueuedOnceHoweverOftenItFailsAndARenewalThatFailedForNowIsNot()
    {
        await ChannelAsync();
        var renews = Expiring(_time.GetUtcNow().AddMinutes(-30));
        renews[OAuthFlow.RefreshToken] = "refresh-me";
        var refused = await AccountAsync("Brand on X", renews);
        var later = await AccountAsync("Other on X", new Dictionary<string, string>(renews));
        var store = _app.Services.GetRequiredService<ConnectionStore>();
        await store.RecordAsync(refused, null, new PublishException(PublishFailureKind.Permanent,
            "The X sign-in could not be renewed (invalid_grant); reconnect the account in Settings → Connections."));
        await store.RecordAsync(later, null, new PublishException(PublishFailureKind.Transient,
            "The X sign-in could not be renewed just now (timeout); the next call tries again."));

        await Watch.CheckOnceAsync();
        _time.Advance(TimeSpan.FromMinutes(10));
        await store.RecordAsync(refused, null, new PublishException(PublishFailureKind.Permanent,
            "The X sign-in could not be renewed (invalid_grant); reconnect the account in Settings → Connections."));
        await Watch.CheckOnceAsync();

        var row = Assert.Single(await RowsAsync(NotificationEvents.ConnectionRenewalFailed));
        Assert.StartsWith($"connection.renewal_failed:{refused}:", row.EventKey, StringComparison.Ordinal);
        Assert.Contains("Brand on X (X)", row.Text, StringComparison.Ordinal);
        Assert.Contains("invalid_grant", row.Text, StringComparison.Ordinal);
        Assert.Contains("Reconnect Brand on X in Settings → Connections", row.Text, StringComparison.Ordinal);
        Assert.Empty(await RowsAsync(NotificationEvents.ConnectionExpiring)); // the token renews itself: the refusal says it all
    }

    [Fact]
    public async Task IngestionIsStalledAfterThreePollIntervalsOnceUntilItRecoversAndStallsAgain()
    {
        await ChannelAsync();
        var now = _time.GetUtcNow();
        var interval = _app.Services.GetRequiredService<IOptions<ConnectorOptions>>().Value.PollInterval;
        var stalled = await AccountAsync("Stalled on Mastodon", [], a => a.LastSyncedAt = now - (interval * 3) - TimeSpan.FromMinutes(1));
        await AccountAsync("Fresh on Mastodon", [], a => a.LastSyncedAt = now - (interval * 3) + TimeSpan.FromMinutes(1));
        await AccountAsync("Paused on Mastodon", [], a => (a.LastSyncedAt, a.IsPaused) = (now.AddDays(-1), true));

        await Watch.CheckOnceAsync();
        await Watch.CheckOnceAsync();

        var row = Assert.Single(await RowsAsync(NotificationEvents.IngestionStalled));
        Assert.StartsWith($"ingestion.stalled:{stalled}:", row.EventKey, StringComparison.Ordinal);
        Assert.Contains("Stalled on Mastodon (Mastodon) has not been read since", row.Text, StringComparison.Ordinal);
        Assert.Contains("Fetch now on Stalled on Mastodon in Settings → Connections", row.Text, StringComparison.Ordinal);

        // It recovers, then stalls again: a new occurrence.
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            await db.PlatformAccounts.Where(a => a.Id == stalled).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastSyncedAt, _time.GetUtcNow()));
        }

        await Watch.CheckOnceAsync();
        Assert.Single(await RowsAsync(NotificationEvents.IngestionStalled));
        _time.Advance((interval * 3) + TimeSpan.FromMinutes(1));
        await Watch.CheckOnceAsync();
        Assert.Equal(2, (await RowsAsync(NotificationEvents.IngestionStalled)).Count(r => r.EventKey.StartsWith($"ingestion.stalled:{stalled}:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheAiBudgetIsReachedOncePerMonthAndNotBefore()
    {
        await ChannelAsync();
        await UsageAsync(0.6m);
        await Watch.CheckOnceAsync();
        Assert.Empty(await RowsAsync(NotificationEvents.AiBudgetReached));

        await UsageAsync(0.5m);
        await Watch.CheckOnceAsync();
        await Watch.CheckOnceAsync();

        var row = Assert.Single(await RowsAsync(NotificationEvents.AiBudgetReached));
        Assert.Equal("ai.budget_reached:2027-03", row.EventKey);
        Assert.Contains("budget of 1.00 USD is used up (1.10 USD spent)", row.Text, StringComparison.Ordinal);
        Assert.Contains("raise the monthly budget in Settings → AI", row.Text, StringComparison.Ordinal);
        Assert.Equal("https://socialops.example.com/settings?tab=ai", row.Url);

        // A new month starts from nothing; reaching the budget again is a new occurrence.
        _time.Advance(TimeSpan.FromDays(22));
        await Watch.CheckOnceAsync();
        Assert.Single(await RowsAsync(NotificationEvents.AiBudgetReached));
        await UsageAsync(1.2m);
        await Watch.CheckOnceAsync();
        Assert.Equal(["ai.budget_reached:2027-03", "ai.budget_reached:2027-04"], (await RowsAsync(NotificationEvents.AiBudgetReached)).Select(r => r.EventKey).Order().ToArray());
    }

    [Fact]
    public async Task TheAiBudgetIsReportedWithTheCallThatUsesItUpWithoutWaitingForTheCheck()
    {
        await ChannelAsync();
        await UsageAsync(0.6m);
        await UsageAsync(0.5m);

        // No periodic check runs here (the fake clock stands before the first one): the recorded spending alone queues it.
        List<NotificationDelivery> rows = [];
        for (var i = 0; i < 300 && rows.Count == 0; i++)
        {
            rows = await RowsAsync(NotificationEvents.AiBudgetReached);
            if (rows.Count == 0)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal("ai.budget_reached:2027-03", Assert.Single(rows).EventKey);
        await Watch.CheckOnceAsync();
        Assert.Single(await RowsAsync(NotificationEvents.AiBudgetReached));
    }

    [Fact]
    public async Task AQueuedOccurrenceReachesTheWebhookOnceWithItsText()
    {
        var url = _standIns.Accept("/watch");
        await NotificationStandIns.AddChannelAsync(_app, new { kind = "webhook", name = "ops chat", url, format = "json", events = new[] { NotificationEvents.ConnectionExpiring } });
        await AccountAsync("Brand on Mastodon", Expiring(_time.GetUtcNow().AddDays(2)));

        await Watch.CheckOnceAsync();
        await Watch.CheckOnceAsync();

        await NotificationStandIns.WaitUntilAsync(() => _standIns.Received("/watch").Count >= 1, "the webhook message");
        await Task.Delay(500);
        var body = Assert.Single(_standIns.Received("/watch"));
        Assert.Equal(NotificationEvents.ConnectionExpiring, (string)body["event"]!);
        Assert.Contains("Reconnect Brand on Mastodon in Settings → Connections", (string)body["text"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:30", false)]
    [InlineData("00:01:00", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("2.00:00:00", false)]
    public void TheCheckIntervalIsBetweenAMinuteAndADay(string interval, bool valid)
    {
        var result = new NotificationOptionsValidator().Validate(null, new NotificationOptions { CheckInterval = TimeSpan.Parse(interval, CultureInfo.InvariantCulture) });

        Assert.Equal(valid, result.Succeeded);
        Assert.Equal(valid, result.FailureMessage?.Contains("Notifications:CheckInterval", StringComparison.Ordinal) != true);
    }

    private IDbContextFactory<SocialOpsDbContext> Contexts => _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();

    private static Dictionary<string, string> Expiring(DateTimeOffset at) =>
        new() { ["accessToken"] = "token", [OAuthFlow.ExpiresAt] = at.ToString("O", CultureInfo.InvariantCulture) };

    /// <summary>A channel that receives the four events the check raises.</summary>
    private async Task ChannelAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        db.NotificationChannels.Add(new NotificationChannel
        {
            Kind = ChannelKind.Webhook, Name = "ops", Url = _standIns.Accept("/ops"), CreatedAt = _time.GetUtcNow(),
            Events = [NotificationEvents.ConnectionExpiring, NotificationEvents.ConnectionRenewalFailed, NotificationEvents.IngestionStalled, NotificationEvents.AiBudgetReached],
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A Mastodon or X connection (by its name) with the given secrets, read just now unless <paramref name="shape"/> says otherwise.</summary>
    private async Task<int> AccountAsync(string name, Dictionary<string, string> secrets, Action<PlatformAccount>? shape = null)
    {
        var store = _app.Services.GetRequiredService<ConnectionStore>();
        var x = name.EndsWith(" on X", StringComparison.Ordinal);
        var account = new PlatformAccount
        {
            Platform = x ? Platform.X : Platform.Mastodon, DisplayName = name, ExternalId = Guid.NewGuid().ToString("N"),
            BaseUrl = x ? null : "https://mastodon.example.com", EncryptedCredentials = store.Seal(secrets),
            CreatedAt = _time.GetUtcNow().AddDays(-30), LastSyncedAt = _time.GetUtcNow(),
        };
        shape?.Invoke(account);
        await using var db = await Contexts.CreateDbContextAsync();
        db.PlatformAccounts.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    }

    private async Task UsageAsync(decimal cost)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        db.AiGenerationUsages.Add(new AiGenerationUsage { At = _time.GetUtcNow(), Provider = "openai", Model = "gpt-test", CostUsd = cost });
        await db.SaveChangesAsync();
    }

    private async Task<List<NotificationDelivery>> RowsAsync(string name)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.NotificationDeliveries.AsNoTracking().Where(d => d.Event == name).OrderBy(d => d.Id).ToListAsync();
    }

    public void Dispose()
    {
        _app.Dispose();
        _standIns.Dispose();
    }
}
