using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialOps.Core.Data;
using SocialOps.Core.Identity;
using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Ai;

/// <summary>The app pointed at an OpenAI-compatible stand-in.</summary>
public sealed class AiFixture : IDisposable
{
    public OpenAiStandIn StandIn { get; } = new();

    public SocialOpsAppFactory App { get; }

    public AiFixture()
    {
        App = new SocialOpsAppFactory();

        // The most verbose log (the provider SDK's own logging included): the tests check that no key reaches it.
        App.Settings["Logging:LogLevel:Default"] = "Trace";
        foreach (var (key, value) in StandIn.Settings)
        {
            App.Settings[key] = value;
        }
    }

    public HttpClient Editor => App.CreateClientAs(Roles.Editor);

    public HttpClient Admin => App.CreateClientAs(Roles.Admin);

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async Task<SocialOpsDbContext> DbAsync() => await Get<IDbContextFactory<SocialOpsDbContext>>().CreateDbContextAsync();

    /// <summary>Settings → AI back to empty and no usage, so each test starts from the configured settings alone.</summary>
    public async Task ResetAsync()
    {
        StandIn.Reset();
        await using var db = await DbAsync();
        await db.AiSettings.ExecuteDeleteAsync();
        await db.AiModelPrices.ExecuteDeleteAsync();
        await db.AiGenerationUsages.ExecuteDeleteAsync();
    }

    public static Uri U(string path) => new(path, UriKind.Relative);

    public static object Generate(string brief, params string[] platforms) => new { brief, platforms, language = "en", tone = "friendly" };

    public Task<HttpResponseMessage> PostAsync(string path, object body) => Editor.PostAsJsonAsync(U(path), body);

    public void Dispose()
    {
        App.Dispose();
        StandIn.Dispose();
    }
}
