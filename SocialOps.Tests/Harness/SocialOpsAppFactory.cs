using Microsoft.AspNetCore.Hosting;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SocialOps.Core.Common;
using SocialOps.Core.Identity;

namespace SocialOps.Tests.Harness;

/// <summary>
/// The whole app in process, on a fresh SQLite file in a temp directory (or on PostgreSQL when given a
/// connection string). Set <see cref="Settings"/> and <see cref="Time"/> before the first request.
/// </summary>
public class SocialOpsAppFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _data = new();

    public string DataDirectory => _data.Path;

    public Dictionary<string, string?> Settings { get; } = new();

    public TimeProvider? Time { get; set; }

    /// <summary>Changes to the app's services (a scripted publisher, say), applied after the app's own.</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; set; }

    public SocialOpsAppFactory UsePostgres(string connectionString)
    {
        Settings["Database:Provider"] = "Postgres";
        Settings["ConnectionStrings:SocialOps"] = connectionString;
        return this;
    }

    private readonly ConcurrentDictionary<string, string> _tokens = new();

    /// <summary>Every line the app logged, with exceptions.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>An HTTP client that acts with the given role (one of <see cref="Roles"/>) through an API token.</summary>
    public HttpClient CreateClientAs(string role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(role));
        return client;
    }

    /// <summary>A token for the role, created once per app.</summary>
    public string TokenFor(string role) => _tokens.GetOrAdd(role, r =>
        Services.GetRequiredService<ApiTokenService>().CreateAsync($"tests-{r}", r, null, Actor.System).GetAwaiter().GetResult().Token);

    /// <summary>An HTTP client with no credentials that does not follow redirects.</summary>
    public HttpClient CreateAnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Data:Directory", _data.Path);

        // Quartz keeps a process-wide registry of schedulers by name: each app in this process gets its own.
        builder.UseSetting("Scheduling:SchedulerName", $"test-{Guid.NewGuid():N}");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (ConfigureTestServices is { } configure)
        {
            builder.ConfigureServices(configure);
        }

        if (Time is { } time)
        {
            builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton(time)));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }

        _data.Dispose();

        // Every test that used a token doubles as a check that no token reached the log.
        var leaked = _tokens.Values.Where(token => Logs.Lines.Any(line => line.Contains(token, StringComparison.Ordinal))).ToList();
        if (leaked.Count > 0)
        {
            throw new InvalidOperationException($"{leaked.Count} API token(s) appeared in the app's log.");
        }
    }
}
