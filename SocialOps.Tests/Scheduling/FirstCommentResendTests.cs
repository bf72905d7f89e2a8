using System.Net;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Core.Scheduling;
using SocialOps.Tests.Components;
using SocialOps.Tests.Connections;
using SocialOps.Tests.Harness;
using SocialOps.Web.Components.Shared;

namespace SocialOps.Tests.Scheduling;

/// <summary>
/// A failed first comment can be sent again, by an Editor or Admin, and only while it stands failed: one that went, or
/// may have, is never sent a second time. The service and the post panel's button.
/// </summary>
public sealed class FirstCommentResendTests : BunitTest, IAsyncLifetime
{
    private static readonly Actor Editor = new("ed@example.com", "user-ed", Access: Access.Editor);
    private readonly KeyedPlatform _platform = new();
    private readonly SocialOpsAppFactory _app;
    private readonly BunitAuthorizationContext _auth;

    public FirstCommentResendTests()
    {
        _app = new SocialOpsAppFactory().WithPublisher(_platform);
        Services.AddSingleton(_app.Services.GetRequiredService<FirstComments>());
        _auth = AddAuthorization();
        _auth.SetAuthorized("ed@example.com");
        _auth.SetRoles(Roles.Editor);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => _app.DisposeAsync().AsTask();

    private FirstComments Comments => _app.Services.GetRequiredService<FirstComments>();

    /// <summary>A published Sandbox post whose first comment ended in <paramref name="state"/>.</summary>
    private async Task<int> PublishedPostAsync(PartState state)
    {
        var id = await _app.DbAsync(async db =>
        {
            var post = new Post { Platform = Platform.Sandbox, Content = "Roasting day", CreatedAt = TimeProvider.System.GetUtcNow(), FirstComment = "Shop link" };
            db.Posts.Add(post);
            await db.SaveChangesAsync();
            return post.Id;
        });
        await _app.DbAsync(db => db.Posts.Where(p => p.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Status, PostStatus.Published).SetProperty(p => p.ExternalId, "pub-head")
            .SetProperty(p => p.FirstCommentState, state).SetProperty(p => p.FirstCommentError, "refused: too fast")));
        return id;
    }

    private Task<Post> PostAsync(int id) => _app.DbAsync(db => db.Posts.AsNoTracking().Include(p => p.Parts).SingleAsync(p => p.Id == id));

    [Fact]
    public async Task AFailedFirstCommentIsSentAgainOnceAndNeverASecondTime()
    {
        var id = await PublishedPostAsync(PartState.Failed);

        Assert.Equal(PartState.Published, await Comments.ResendAsync(id, Editor));
        var again = await Assert.ThrowsAsync<ConflictException>(() => Comments.ResendAsync(id, Editor));

        Assert.Equal("The first comment is on the platform already.", again.Message);
        Assert.Equal(1, _platform.SentCount(FirstComments.IdempotencyKey(id)));
        var post = await PostAsync(id);
        Assert.Equal((PartState.Published, (string?)null, PostStatus.Published), (post.FirstCommentState, post.FirstCommentError, post.Status));
        Assert.Equal("pub-head", Assert.Single(_platform.Sent).ReplyTo!.ParentId);
    }

    [Theory]
    [InlineData(PartState.Unknown)]
    [InlineData(PartState.Published)]
    [InlineData(PartState.Pending)]
    public async Task OnlyAFailedFirstCommentIsSentAgain(PartState state)
    {
        var id = await PublishedPostAsync(state);

        await Assert.ThrowsAsync<ConflictException>(() => Comments.ResendAsync(id, Editor));

        Assert.Empty(_platform.Sent);
        Assert.Equal(state, (await PostAsync(id)).FirstCommentState);
    }

    [Fact]
    public async Task AnAnalystMayNotSendItAgain()
    {
        var id = await PublishedPostAsync(PartState.Failed);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Comments.ResendAsync(id, new Actor("an@example.com", "user-an", Access: Access.Analyst)));

        Assert.Empty(_platform.Sent);
        Assert.Equal(PartState.Failed, (await PostAsync(id)).FirstCommentState);
    }

    [Fact]
    public async Task TheApiSendsAFailedCommentAgainAndAnswers409TheSecondTime()
    {
        var id = await PublishedPostAsync(PartState.Failed);
        using var client = _app.CreateClientAs(Roles.Editor);
        var path = new Uri($"/api/scheduler/first-comment/{id}/send-again", UriKind.Relative);

        using var first = await client.PostAsync(path, null);
        using var second = await client.PostAsync(path, null);
        using var missing = await client.PostAsync(new Uri("/api/scheduler/first-comment/999999/send-again", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("\"firstCommentState\":\"Published\"", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(1, _platform.SentCount(FirstComments.IdempotencyKey(id)));
    }

    [Fact]
    public async Task ThePanelOffersTheButtonForAFailedCommentAndItSendsTheCommentOnce()
    {
        var id = await PublishedPostAsync(PartState.Failed);
        var post = await PostAsync(id);
        (bool Ok, string Message)? done = null;
        var status = Render<FirstCommentStatus>(p => p.Add(x => x.Post, post).Add(x => x.OnDone, result => done = result));

        Assert.Contains("Failed: refused: too fast", status.Find("[data-testid=panel-first-comment-state]").TextContent, StringComparison.Ordinal);
        status.Find("[data-testid=panel-resend-comment]").Click();

        status.WaitForAssertion(() => Assert.Equal((true, "The first comment is published."), done));
        Assert.Equal(1, _platform.SentCount(FirstComments.IdempotencyKey(id)));
        Assert.Equal(PartState.Published, (await PostAsync(id)).FirstCommentState);
    }

    [Fact]
    public async Task AnAnalystAndACommentThatWentSeeNoButton()
    {
        var failed = await PostAsync(await PublishedPostAsync(PartState.Failed));
        var published = await PostAsync(await PublishedPostAsync(PartState.Published));

        var editorsView = Render<FirstCommentStatus>(p => p.Add(x => x.Post, published));
        _auth.SetRoles(Roles.Analyst);
        var analystsView = Render<FirstCommentStatus>(p => p.Add(x => x.Post, failed));

        Assert.Equal("Published under the post.", editorsView.Find("[data-testid=panel-first-comment-state]").TextContent.Trim());
        Assert.Empty(editorsView.FindAll("[data-testid=panel-resend-comment]"));
        Assert.Contains("Failed", analystsView.Find("[data-testid=panel-first-comment-state]").TextContent, StringComparison.Ordinal);
        Assert.Empty(analystsView.FindAll("[data-testid=panel-resend-comment]"));
    }
}
