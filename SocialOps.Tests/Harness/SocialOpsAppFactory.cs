using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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

    public SocialOpsAppFactory UsePostgres(string connectionString)
    {
        Settings["Database:Provider"] = "Postgres";
        Settings["ConnectionStrings:SocialOps"] = connectionString;
        return this;
    }

    /// <summary>An HTTP client that acts with the given role (one of <see cref="SocialOps.Core.Identity.Roles"/>).</summary>
    public HttpClient CreateClientAs(string role)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        return CreateClient();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Data:Directory", _data.Path);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (Time is { } time)
        {
            builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton(time)));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _data.Dispose();
        }
    }
}
