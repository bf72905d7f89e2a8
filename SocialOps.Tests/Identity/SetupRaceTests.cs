using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Identity;

/// <summary>However many setup forms are submitted at once, on however many instances, exactly one first admin exists.</summary>
public sealed class SetupRaceTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task ConcurrentSetupsOnSqliteCreateOneAdmin()
    {
        using var app = new SocialOpsAppFactory();

        await AssertOneAdminAsync([app, app, app, app, app, app]);
    }

    [Fact]
    public async Task ConcurrentSetupsOnTwoPostgresInstancesCreateOneAdmin()
    {
        using var a = new SocialOpsAppFactory().UsePostgres(database.ConnectionString);
        using var b = new SocialOpsAppFactory().UsePostgres(database.ConnectionString);
        _ = a.Services;

        await AssertOneAdminAsync([a, b, a, b, a, b]);
    }

    private static async Task AssertOneAdminAsync(SocialOpsAppFactory[] instances)
    {
        var results = await Task.WhenAll(instances.Select((app, i) => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<UserService>()
                .CreateFirstAdminAsync($"admin{i}@example.com", "first-admin-password-1", new Actor($"admin{i}@example.com"));
        })));

        Assert.Single(results, r => r.User is not null);
        Assert.All(results.Where(r => r.User is null), r => Assert.Contains("already set up", Assert.Single(r.Errors), StringComparison.Ordinal));
        await using var check = instances[0].Services.CreateAsyncScope();
        var users = await check.ServiceProvider.GetRequiredService<UserService>().ListAsync();
        Assert.Equal(Roles.Admin, Assert.Single(users).Role);
    }
}
