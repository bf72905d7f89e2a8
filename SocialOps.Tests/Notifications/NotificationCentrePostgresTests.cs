using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;
using SocialOps.Core.Notifications;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Notifications;

/// <summary>
/// Two instances on one PostgreSQL database queue the same events at once: each person's centre holds each event once,
/// and a person who chose email gets each event once at their own address.
/// </summary>
public sealed class NotificationCentrePostgresTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private readonly NotificationStandIns _standIns = new();
    private SocialOpsAppFactory? _first;
    private SocialOpsAppFactory? _second;

    private SocialOpsAppFactory Instance() =>
        _standIns.Apply(new SocialOpsAppFactory { Settings = { ["Scheduling:Enabled"] = "false" } }.UsePostgres(database.ConnectionString));

    [Fact]
    public async Task TwoInstancesQueueingTheSameApprovalsStoreEachOncePerApproverAndEmailItOnce()
    {
        _first = Instance();
        _ = _first.Services; // the first instance migrates the database before the second starts
        _second = Instance();
        string ava, abe;
        await using (var scope = _first.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserService>();
            ava = (await users.CreateAsync("ava-pg@example.com", "correct-horse-42-battery", Roles.Approver, Actor.System)).User!.Id;
            abe = (await users.CreateAsync("abe-pg@example.com", "correct-horse-42-battery", Roles.Approver, Actor.System)).User!.Id;
        }

        Assert.Empty(await _first.Services.GetRequiredService<UserNotifications>().SaveChoicesAsync(
            new Actor("abe-pg@example.com", abe, Access: Access.Approver), [new(NotificationEvents.ApprovalWaiting, InApp: true, Email: true)]));
        var now = TimeProvider.System.GetUtcNow();
        var messages = Enumerable.Range(1, 10).Select(i => new NotificationMessage(NotificationEvents.ApprovalWaiting, $"approval.waiting:{i}:pg",
            $"Post {i} waits for approval.", i, null, now)).ToList();
        var outboxes = new[] { _first, _second }.Select(a => a.Services.GetRequiredService<NotificationOutbox>()).ToArray();

        var added = await Task.WhenAll(messages.SelectMany(m => outboxes.Select(o => o.EnqueueAsync(m))));

        Assert.Equal(10, added.Sum()); // abe's emails, once each
        await NotificationStandIns.WaitUntilAsync(() => _standIns.Emails("abe-pg@example.com").Count >= 10, "abe's ten emails");
        foreach (var id in new[] { ava, abe })
        {
            var keys = await _first.DbAsync(db => db.UserNotifications.Where(n => n.UserId == id).Select(n => n.EventKey).ToListAsync());
            Assert.Equal(messages.Select(m => m.Key).Order(), keys.Order());
        }

        var contexts = _first.Services.GetRequiredService<IDbContextFactory<Core.Data.SocialOpsDbContext>>();
        await NotificationStandIns.WaitUntilAsync(() =>
        {
            using var db = contexts.CreateDbContext();
            return !db.NotificationDeliveries.Any(d => d.SentAt == null || d.ClaimToken != null);
        }, "the outbox to settle");
        Assert.Equal(messages.Select(m => m.Text).Order(), _standIns.Emails("abe-pg@example.com").Select(e => (e.TextBody ?? "").Trim()).Order());
        Assert.Empty(_standIns.Emails("ava-pg@example.com"));
    }

    public void Dispose()
    {
        _second?.Dispose();
        _first?.Dispose();
        _standIns.Dispose();
    }
}
