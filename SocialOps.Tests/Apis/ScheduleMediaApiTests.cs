using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Common;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Publishing;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Apis;

public sealed class ScheduleMediaApiTests : IDisposable
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    private readonly SocialOpsAppFactory _app = new();

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task TheScheduleApiTakesUploadedFilesAndHttpsLinks()
    {
        using var stream = new MemoryStream(Png);
        var (stored, error) = await _app.Services.GetRequiredService<MediaStore>().SaveAsync(stream, "cup.png", Actor.System);
        Assert.Null(error);
        using var editor = _app.CreateClientAs(Roles.Editor);

        using var response = await editor.PostAsJsonAsync(U("/api/scheduler/schedule"), new
        {
            platform = "sandbox", content = "With pictures", scheduledTime = "2030-01-01T10:00:00Z",
            mediaReferences = new[] { stored, "https://cdn.example.com/beans.jpg" },
        });
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        var post = await db.Posts.AsNoTracking().SingleAsync(p => p.Id == created.RootElement.GetProperty("id").GetInt32());
        Assert.Equal([stored!, "https://cdn.example.com/beans.jpg"], post.MediaReferences);
        using var file = await editor.GetAsync(U("/" + stored));
        Assert.Equal("image/png", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await file.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("media/missing.png")]
    [InlineData("../socialops.db")]
    [InlineData("http://cdn.example.com/beans.jpg")]
    [InlineData("https://cdn.example.com/notes.txt")]
    public async Task AReferenceThatIsNotAnUploadOrAnHttpsMediaLinkIsRefused(string reference)
    {
        using var editor = _app.CreateClientAs(Roles.Editor);

        using var response = await editor.PostAsJsonAsync(U("/api/scheduler/schedule"), new
        {
            platform = "sandbox", content = "Broken picture", scheduledTime = "2030-01-01T10:00:00Z", mediaReferences = new[] { reference },
        });
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("mediaReferences", out _));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Posts.CountAsync());
    }

    [Fact]
    public async Task AnUploadIsRecognisedByItsContentAndTooBigOneIsNotKept()
    {
        var media = _app.Services.GetRequiredService<MediaStore>();
        using var script = new MemoryStream("<script>alert(1)</script>"u8.ToArray());
        var (none, refused) = await media.SaveAsync(script, "cute.png", Actor.System);

        using var huge = new MemoryStream([.. Png, .. new byte[MediaTypes.MaxImageBytes]]);
        var (tooBig, tooBigError) = await media.SaveAsync(huge, "huge.png", Actor.System);

        Assert.Null(none);
        Assert.Contains("is not an image", refused, StringComparison.Ordinal);
        Assert.Null(tooBig);
        Assert.Contains("over the limit of 10 MB", tooBigError, StringComparison.Ordinal);
        Assert.True(!Directory.Exists(media.Directory) || Directory.GetFiles(media.Directory).Length == 0);
    }

    public void Dispose() => _app.Dispose();
}
