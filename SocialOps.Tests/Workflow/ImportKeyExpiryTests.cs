using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Workflow;

public sealed class ImportKeyExpiryTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
    private readonly SocialOpsAppFactory _app;

    public ImportKeyExpiryTests() => _app = new SocialOpsAppFactory { Time = _time };

    public void Dispose() => _app.Dispose();

    private async Task<HttpStatusCode> ImportAsync(string content)
    {
        using var client = _app.CreateClientAs(Roles.Editor);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/scheduler/bulk-import", UriKind.Relative))
        {
            Content = new StringContent($"platform,account,content,local_time,time_zone\nsandbox,,{content},2030-01-05 09:00,Europe/Berlin\n", Encoding.UTF8, "text/csv"),
            Headers = { { "Idempotency-Key", "daily-plan" } },
        };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task AKeyIsForgottenADayLaterAndItsReceiptRemoved()
    {
        Assert.Equal(HttpStatusCode.Created, await ImportAsync("Monday's plan"));
        _time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await ImportAsync("Tuesday's plan"));

        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.Created, await ImportAsync("Tuesday's plan"));

        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var receipt = await db.ImportReceipts.SingleAsync();
        Assert.Equal(_time.GetUtcNow(), receipt.CreatedAt);
    }
}
