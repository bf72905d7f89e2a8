using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Notifications;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Notifications;

/// <summary>
/// Two instances on one database hear the same events and drain the same outbox: every event still reaches each
/// channel exactly once (the unique key refuses the second row, the claim gives each row to one sender).
/// </summary>
internal static class TwoHosts
{
    public static async Task EveryEventReachesEachChannelOnceAsync(NotificationStandIns standIns, SocialOpsAppFactory first, SocialOpsAppFactory second, string path)
    {
        var url = standIns.Accept(path);
        var mailbox = $"{path.Trim('/')}@example.com";
        await NotificationStandIns.AddChannelAsync(first, new { kind = "webhook", name = "chat", url, events = new[] { "post.failed", "post.unconfirmed" } });
        await NotificationStandIns.AddChannelAsync(first, new { kind = "email", name = "mail", to = mailbox, events = new[] { "post.failed" } });
        _ = second.Services; // both instances run their senders from here on

        // Both instances hear each of 40 events at the same moment, as with a relayed bus.
        var now = TimeProvider.System.GetUtcNow();
        var messages = Enumerable.Range(1, 40).Select(i => new NotificationMessage(i % 2 == 0 ? "post.failed" : "post.unconfirmed", $"{path}:{i}",
            $"event {i} of {path}", i, null, now)).ToList();
        var outboxes = new[] { first, second }.Select(a => a.Services.GetRequiredService<NotificationOutbox>()).ToArray();
        var added = await Task.WhenAll(messages.SelectMany(m => outboxes.Select(o => o.EnqueueAsync(m))));

        Assert.Equal(40 + 20, added.Sum()); // every event once for the webhook, the failures once more for the email
        await NotificationStandIns.WaitUntilAsync(() => standIns.Received(path).Count >= 40 && standIns.Emails(mailbox).Count >= 20, "every event at both channels");
        var contexts = first.Services.GetRequiredService<IDbContextFactory<Core.Data.SocialOpsDbContext>>();
        await NotificationStandIns.WaitUntilAsync(() =>
        {
            using var db = contexts.CreateDbContext();
            return !db.NotificationDeliveries.Any(d => d.SentAt == null || d.ClaimToken != null);
        }, "the outbox to settle");
        await Task.Delay(500);
        using (var db = contexts.CreateDbContext())
        {
            // A row sent twice by two senders would show as two messages; a row retried after a lost answer, as two attempts.
            Assert.Equal(60, db.NotificationDeliveries.Count());
            Assert.Empty(db.NotificationDeliveries.Where(d => d.Attempts != 1).Select(d => d.EventKey + ": " + d.LastError).ToList());
        }

        var texts = standIns.Received(path).Select(b => (string)b["text"]!).ToList();
        Assert.Equal(messages.Select(m => m.Text).Order(), texts.Order());
        var emails = standIns.Emails(mailbox).Select(e => (e.TextBody ?? "").Trim()).ToList();
        Assert.Equal(messages.Where(m => m.Event == "post.failed").Select(m => m.Text).Order(), emails.Order());
    }
}

public sealed class TwoHostsSqliteTests : IDisposable
{
    private readonly NotificationStandIns _standIns = new();
    private readonly SocialOpsAppFactory _first;
    private readonly SocialOpsAppFactory _second;

    public TwoHostsSqliteTests()
    {
        _first = _standIns.Apply(new SocialOpsAppFactory { Settings = { ["Scheduling:Enabled"] = "false" } });
        _second = _standIns.Apply(new SocialOpsAppFactory { Settings = { ["Scheduling:Enabled"] = "false", ["Data:Directory"] = _first.DataDirectory } });
    }

    [Fact]
    public Task TwoInstancesOnOneSqliteFileSendEachEventToEachChannelOnce() =>
        TwoHosts.EveryEventReachesEachChannelOnceAsync(_standIns, _first, _second, "/two-sqlite");

    public void Dispose()
    {
        _second.Dispose();
        _first.Dispose();
        _standIns.Dispose();
    }
}

public sealed class TwoHostsPostgresTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private readonly NotificationStandIns _standIns = new();
    private SocialOpsAppFactory? _first;
    private SocialOpsAppFactory? _second;

    private SocialOpsAppFactory Instance() =>
        _standIns.Apply(new SocialOpsAppFactory { Settings = { ["Scheduling:Enabled"] = "false" } }.UsePostgres(database.ConnectionString));

    [Fact]
    public async Task TwoInstancesOnOnePostgresDatabaseSendEachEventToEachChannelOnce()
    {
        _first = Instance();
        _ = _first.Services; // the first instance migrates the database before the second starts
        _second = Instance();
        await TwoHosts.EveryEventReachesEachChannelOnceAsync(_standIns, _first, _second, "/two-postgres");
    }

    public void Dispose()
    {
        _second?.Dispose();
        _first?.Dispose();
        _standIns.Dispose();
    }
}
