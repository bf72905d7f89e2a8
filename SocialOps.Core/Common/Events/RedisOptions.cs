using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace SocialOps.Core.Common.Events;

/// <summary>
/// Redis, which carries events between instances that share one PostgreSQL database. Bound from <c>Redis</c>;
/// without <see cref="Connection"/> events stay in this process.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or <c>redis.internal:6379,password=…</c>.</summary>
    public string? Connection { get; set; }

    /// <summary>The pub/sub channel every instance of one deployment shares.</summary>
    public string Channel { get; set; } = "socialops:events";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Connection);
}

/// <summary>Reports every Redis setting problem at once; the connection string itself is never repeated (it may hold a password).</summary>
internal sealed class RedisOptionsValidator(IConfiguration configuration) : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        try
        {
            if (ConfigurationOptions.Parse(options.Connection!).EndPoints.Count == 0)
            {
                failures.Add("Redis:Connection names no server (host:port).");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or RedisConnectionException)
        {
            failures.Add($"Redis:Connection is not a valid Redis configuration: {ex.Message}");
        }

        if (string.IsNullOrWhiteSpace(options.Channel))
        {
            failures.Add("Redis:Channel must not be empty.");
        }

        if (!DatabaseOptions.From(configuration).UsesPostgres)
        {
            failures.Add("Redis:Connection needs Database:Provider Postgres with ConnectionStrings:SocialOps: instances that share events share one database.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
