using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Core.Inbox;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Apis;

/// <summary>Reply templates edited by an administrator: used by the very next analysis, audited, refused when malformed.</summary>
public sealed class ReplyTemplateApiTests(SocialOpsAppFactory app) : IClassFixture<SocialOpsAppFactory>
{
    private const string Praise = "Thanks so much for the quick help, you guys rock";

    [Fact]
    public async Task SavedTemplateIsUsedByTheNextAnalysisAndResetBringsBackTheDefault()
    {
        var admin = app.CreateClientAs(Roles.Admin);
        var editor = app.CreateClientAs(Roles.Editor);
        var id = await AddInteractionAsync("Lee", Praise);

        var saved = await admin.PutAsJsonAsync("/api/sentiment/response-templates/praise", new { template = "Cheers {author}, glad {topic} worked out!" });
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/sentiment/response-templates");
        var reply = await AutoResponseAsync(editor, id);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var praise = list.EnumerateArray().Single(t => t.GetProperty("intent").GetString() == "praise");
        Assert.Equal("settings", praise.GetProperty("source").GetString());
        Assert.Equal("Cheers {author}, glad {topic} worked out!", praise.GetProperty("template").GetString());
        Assert.StartsWith("Cheers Lee, glad ", reply, StringComparison.Ordinal);
        Assert.EndsWith(" worked out!", reply, StringComparison.Ordinal);
        Assert.Contains(await AuditActionsAsync(), a => a == "sentiment.template.saved");

        var reset = await admin.DeleteAsync("/api/sentiment/response-templates/praise");
        using var resetJson = JsonDocument.Parse(await reset.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal("built-in", resetJson.RootElement.GetProperty("source").GetString());
        Assert.StartsWith("Thank you so much, Lee!", await AutoResponseAsync(editor, id), StringComparison.Ordinal);
        Assert.Contains(await AuditActionsAsync(), a => a == "sentiment.template.reset");
    }

    [Theory]
    [InlineData("complaint", "{\"template\":\"Hi {autor}, sorry!\"}", "Unknown placeholder {autor}")]
    [InlineData("complaint", "{\"template\":\"   \"}", "empty")]
    [InlineData("query", "{\"template\":123}", "not valid JSON")]
    [InlineData("none", "{\"template\":\"Hi {author}\"}", "has no reply template")]
    [InlineData("shouting", "{\"template\":\"Hi {author}\"}", "has no reply template")]
    public async Task MalformedTemplatesAreRefusedAndNothingIsStored(string intent, string body, string message)
    {
        var admin = app.CreateClientAs(Roles.Admin);

        var response = await admin.PutAsync($"/api/sentiment/response-templates/{intent}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = await Db().CreateDbContextAsync();
        Assert.False(await db.ReplyTemplates.AnyAsync(t => t.Intent == intent));
    }

    [Fact]
    public async Task OnlyAdministratorsChangeTheWording()
    {
        var editor = app.CreateClientAs(Roles.Editor);

        var put = await editor.PutAsJsonAsync("/api/sentiment/response-templates/praise", new { template = "Hi {author}" });
        var delete = await editor.DeleteAsync("/api/sentiment/response-templates/praise");

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
    }

    private static async Task<string> AutoResponseAsync(HttpClient client, long interactionId)
    {
        var response = await client.PostAsJsonAsync("/api/sentiment/analyze", new { text = Praise, interactionId });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("praise", json.RootElement.GetProperty("intent").GetString());
        return json.RootElement.GetProperty("autoResponse").GetString() ?? throw new Xunit.Sdk.XunitException("no suggested reply");
    }

    private async Task<List<string>> AuditActionsAsync()
    {
        await using var db = await Db().CreateDbContextAsync();
        return await db.AuditEntries.Select(a => a.Action).ToListAsync();
    }

    private IDbContextFactory<SocialOpsDbContext> Db() => app.Services.GetRequiredService<IDbContextFactory<SocialOpsDbContext>>();

    private async Task<long> AddInteractionAsync(string author, string text)
    {
        _ = app.CreateClientAs(Roles.Analyst);
        await using var db = await Db().CreateDbContextAsync();
        var interaction = new Interaction { ExternalId = Guid.NewGuid().ToString("n"), AuthorName = author, Text = text, ReceivedAt = DateTimeOffset.UnixEpoch };
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync();
        return interaction.Id;
    }
}
