using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Sandbox;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Scheduling;

/// <summary>Each armed failure is used once, however many publications ask for one at the same moment.</summary>
internal static class SandboxFailureRace
{
    private static readonly Actor Editor = new("tester", Access: Access.Editor);

    public static async Task ExactlyTheArmedNumberOfConcurrentTakesGetAFailureAsync(SocialOpsAppFactory app)
    {
        var failures = app.Services.GetRequiredService<SandboxFailures>();
        await failures.ArmAsync("permanent", 3, Editor);
        using var start = new ManualResetEventSlim();

        var takes = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await failures.TakeAsync(CancellationToken.None);
        })).ToList();
        start.Set();
        var taken = await Task.WhenAll(takes);

        Assert.Equal(3, taken.Count(t => t == SandboxFailureMode.Permanent));
        Assert.Equal(17, taken.Count(t => t is null));
        Assert.False((await failures.CurrentAsync()).IsArmed);
    }

    public static async Task ExactlyTheArmedNumberOfConcurrentPublicationsFailAsync(SocialOpsAppFactory app)
    {
        var failures = app.Services.GetRequiredService<SandboxFailures>();
        var sandbox = app.Services.GetRequiredService<SandboxPublisher>();
        await failures.ArmAsync("transient", 3, Editor);
        using var start = new ManualResetEventSlim();

        var calls = Enumerable.Range(1, 20).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await sandbox.PublishAsync(new PublishRequest(100_000 + i, null, $"race {i}", [], [], $"race-{i}"), CancellationToken.None);
                return (PublishFailureKind?)null;
            }
            catch (PublishException ex)
            {
                return ex.Kind;
            }
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(calls);

        Assert.Equal(3, outcomes.Count(o => o == PublishFailureKind.Transient));
        Assert.Equal(17, outcomes.Count(o => o is null));
        Assert.Equal(17, await app.SandboxCountAsync());
    }
}

public sealed class SandboxFailureConcurrencyTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new();

    [Fact]
    public Task TwentyConcurrentTakesOfThreeArmedFailuresGetExactlyThreeOnSqlite() =>
        SandboxFailureRace.ExactlyTheArmedNumberOfConcurrentTakesGetAFailureAsync(_app);

    [Fact]
    public Task TwentyConcurrentPublicationsWithThreeArmedFailuresHaveExactlyThreeFailOnSqlite() =>
        SandboxFailureRace.ExactlyTheArmedNumberOfConcurrentPublicationsFailAsync(_app);

    public void Dispose() => _app.Dispose();
}

public sealed class SandboxFailurePostgresConcurrencyTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private SocialOpsAppFactory? _app;

    private SocialOpsAppFactory App => _app ??= new SocialOpsAppFactory().UsePostgres(database.ConnectionString);

    [Fact]
    public Task TwentyConcurrentTakesOfThreeArmedFailuresGetExactlyThreeOnPostgres() =>
        SandboxFailureRace.ExactlyTheArmedNumberOfConcurrentTakesGetAFailureAsync(App);

    [Fact]
    public Task TwentyConcurrentPublicationsWithThreeArmedFailuresHaveExactlyThreeFailOnPostgres() =>
        SandboxFailureRace.ExactlyTheArmedNumberOfConcurrentPublicationsFailAsync(App);

    public void Dispose() => _app?.Dispose();
}
