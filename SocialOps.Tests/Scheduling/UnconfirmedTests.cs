using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Content;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Sandbox;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Scheduling;

/// <summary>An Unconfirmed post is settled by the platform's word, or by a person's, and never sent again blindly.</summary>
public sealed class UnconfirmedTests : IDisposable
{
    private readonly SocialOpsAppFactory _app = new() { Settings = { ["Scheduling:HeartbeatInterval"] = "00:00:01" } };

    private HttpClient Editor => _app.CreateClientAs(Roles.Editor);

    private IDbContextFactory<SocialOpsDbContext> Contexts => _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();

    [Fact]
    public async Task PublishNowFirstAsksThePlatformAndRecordsAPostItFound()
    {
        var id = await AddUnconfirmedAsync(alreadyOnThePlatform: true);

        using var response = await Editor.PostAsync(new Uri($"/api/scheduler/publish-now/{id}", UriKind.Relative), null);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        await _app.WaitUntilSettledAsync(id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Published", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(1, await _app.SandboxCountAsync(id));
        var post = await _app.WaitForPostAsync(id, _ => true);
        Assert.NotNull(post.ExternalId);
        Assert.Contains(await AuditAsync(), a => a == "post.confirmed_by_platform");
    }

    [Fact]
    public async Task PublishNowSendsAgainWhenThePlatformSaysThePostIsNotThere()
    {
        var id = await AddUnconfirmedAsync(alreadyOnThePlatform: false);

        using var response = await Editor.PostAsync(new Uri($"/api/scheduler/publish-now/{id}", UriKind.Relative), null);
        var post = await _app.WaitForPostAsync(id, p => p.Status == PostStatus.Published);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await _app.SandboxCountAsync(id));
        Assert.Equal(2, post.Attempts.Count);
    }

    [Fact]
    public async Task WhenThePlatformCannotTellPublishNowWaitsForConfirmation()
    {
        var platform = new SlowPlatform { OnFind = (_, _) => throw new NotSupportedException() };
        _app.WithPublisher(platform);
        var id = await AddUnconfirmedAsync(alreadyOnThePlatform: false);

        using var asked = await Editor.PostAsync(new Uri($"/api/scheduler/publish-now/{id}", UriKind.Relative), null);
        using var problem = JsonDocument.Parse(await asked.Content.ReadAsStringAsync());
        var untouched = await _app.WaitUntilSettledAsync(id);
        using var confirmed = await Editor.PostAsync(new Uri($"/api/scheduler/publish-now/{id}?confirm=true", UriKind.Relative), null);
        await _app.WaitForPostAsync(id, p => p.Status == PostStatus.Published);

        Assert.Equal(HttpStatusCode.Conflict, asked.StatusCode);
        Assert.True(problem.RootElement.GetProperty("needsConfirmation").GetBoolean());
        Assert.Contains("confirm", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(PostStatus.Unconfirmed, untouched.Status);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(1, platform.PublishCount(id));
    }

    [Fact]
    public async Task MarkAsPublishedKeepsTheLinkAndIsAudited()
    {
        var id = await AddUnconfirmedAsync(alreadyOnThePlatform: false);

        using var bad = await Editor.PostAsJsonAsync(new Uri($"/api/scheduler/mark-published/{id}", UriKind.Relative), new { externalUrl = "javascript:alert(1)" });
        using var ok = await Editor.PostAsJsonAsync(new Uri($"/api/scheduler/mark-published/{id}", UriKind.Relative), new { externalUrl = "https://social.example/@brand/42" });
        using var again = await Editor.PostAsJsonAsync(new Uri($"/api/scheduler/mark-failed/{id}", UriKind.Relative), new { reason = "too late" });
        var post = await _app.WaitForPostAsync(id, _ => true);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("externalUrl", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal((PostStatus.Published, "https://social.example/@brand/42"), (post.Status, post.ExternalUrl));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode); // a Published post is no longer Unconfirmed
        Assert.Contains("\"currentState\":\"Published\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await _app.SandboxCountAsync(id));
        Assert.Contains(await AuditAsync(), a => a == "post.mark_published");
    }

    [Fact]
    public async Task MarkAsFailedSaysWhoAndWhy()
    {
        var id = await AddUnconfirmedAsync(alreadyOnThePlatform: false);

        using var response = await Editor.PostAsJsonAsync(new Uri($"/api/scheduler/mark-failed/{id}", UriKind.Relative), new { reason = "not on the profile" });
        var post = await _app.WaitForPostAsync(id, _ => true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PostStatus.Failed, post.Status);
        Assert.Contains("not on the profile", post.StatusReason, StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(), a => a == "post.mark_failed");
        Assert.Equal(0, await _app.SandboxCountAsync(id));
    }

    [Fact]
    public async Task AnalystsCannotMarkPosts()
    {
        var id = await AddUnconfirmedAsync(alreadyOnThePlatform: false);

        using var response = await _app.CreateClientAs(Roles.Analyst).PostAsJsonAsync(new Uri($"/api/scheduler/mark-failed/{id}", UriKind.Relative), new { reason = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(PostStatus.Unconfirmed, (await _app.WaitForPostAsync(id, _ => true)).Status);
    }

    private async Task<int> AddUnconfirmedAsync(bool alreadyOnThePlatform)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var now = TimeProvider.System.GetUtcNow();
        var post = new Post { Platform = Platform.Sandbox, Content = "did it go out?", CreatedAt = now }.ScheduledAt(now.AddMinutes(-5));
        db.Posts.Add(post);
        await db.SaveChangesAsync();
        post.UnconfirmedAt(now.AddMinutes(-4), "The platform did not answer.", new PublishAttempt
        {
            AttemptNumber = 1, Outcome = PublishOutcome.Unknown, IdempotencyKey = PostPublisher.IdempotencyKey(post.Id),
            StartedAt = now.AddMinutes(-5), CompletedAt = now.AddMinutes(-4), Error = "No answer from the platform",
        });
        if (alreadyOnThePlatform)
        {
            db.SandboxPublications.Add(new SandboxPublication { PostId = post.Id, IdempotencyKey = PostPublisher.IdempotencyKey(post.Id), Content = post.Content, PublishedAt = now.AddMinutes(-5) });
        }

        await db.SaveChangesAsync();
        return post.Id;
    }

    private async Task<List<string>> AuditAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.AuditEntries.Select(a => a.Action).ToListAsync();
    }

    public void Dispose() => _app.Dispose();
}
