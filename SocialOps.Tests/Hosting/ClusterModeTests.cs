using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Identity;
using SocialOps.Core.Inbox;
using SocialOps.Tests.Harness;
using SocialOps.Tests.Inbox;

namespace SocialOps.Tests.Hosting;

/// <summary>Two instances of the app on one PostgreSQL database and one Redis, switched on by configuration alone.</summary>
public sealed class ClusterModeTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private readonly List<SocialOpsAppFactory> _apps = [];

    public Task InitializeAsync() => _redis.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }

    private SocialOpsAppFactory Instance()
    {
        var app = new SocialOpsAppFactory().UsePostgres(database.ConnectionString);
        app.Settings["Redis:Connection"] = _redis.Connection;
        _apps.Add(app);
        _ = app.Services; // started one after the other: the first applies the migrations
        return app;
    }

    [Fact]
    public async Task ACommentAddedOnOneInstanceReachesTheBusOfTheOther()
    {
        var a = Instance();
        var b = Instance();
        var arrivedAtB = new TaskCompletionSource<InteractionsArrived>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = b.Services.GetRequiredService<EventBus>().Subscribe<InteractionsArrived>(batch =>
        {
            arrivedAtB.TrySetResult(batch[0]);
            return Task.CompletedTask;
        });
        var (_, postId) = await a.PublishedSandboxPostAsync();

        using var response = await a.CreateClientAs(Roles.Editor).PostAsJsonAsync("/api/sandbox/comments", new { postId, author = "Robin", text = $"Is the Huila back? {Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var arrived = await arrivedAtB.Task.WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal([id], arrived.InteractionIds);
    }

    [Fact]
    public async Task EachInstanceHasItsOwnSchedulerInstanceIdAndItsOwnRelayId()
    {
        var a = Instance();
        var b = Instance();

        var schedulerA = await a.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var schedulerB = await b.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var idA = await schedulerA.GetSchedulerInstanceId();
        var idB = await schedulerB.GetSchedulerInstanceId();

        Assert.True((await schedulerA.GetMetadata()).JobStoreClustered);
        Assert.NotEqual(idA, idB);
        Assert.DoesNotContain("NON_CLUSTERED", new[] { idA, idB });
        Assert.NotEqual(a.Services.GetRequiredService<RedisEventRelay>().InstanceId, b.Services.GetRequiredService<RedisEventRelay>().InstanceId);
    }

    [Fact]
    public async Task WithRedisStoppedHealthAnswersDegradedToAnyoneAndNamesRedis()
    {
        var app = Instance();
        var details = app.CreateClientAs(Roles.Analyst);
        var running = await details.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("Healthy", Check(running, "redis"));

        await _redis.StopAsync();
        var status = app.Services.GetRequiredService<LiveUpdatesStatus>();
        for (var i = 0; i < 200 && !status.IsPaused; i++)
        {
            await Task.Delay(50);
        }

        using var anonymous = await app.CreateAnonymousClient().GetAsync(new Uri("/health", UriKind.Relative));
        var body = await anonymous.Content.ReadAsStringAsync();
        var stopped = await details.GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Contains("\"status\": \"Degraded\"", body, StringComparison.Ordinal);
        Assert.Equal("Degraded", Check(stopped, "redis"));
        Assert.Equal("Healthy", Check(stopped, "database"));
    }

    private static string? Check(JsonElement health, string name) =>
        health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).GetProperty("status").GetString();
}
