using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace SocialOps.Core.Notifications;

/// <summary>How notifications are sent (<c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>
    /// How often each instance looks for retries that fell due and for messages another instance queued but could not
    /// send; what an instance queues itself goes out at once.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often each instance looks for expiring tokens, refused renewals, stalled ingestion and a used-up AI budget
    /// (each occurrence is queued once, however often it is seen).
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a webhook or SMTP server may take before the attempt counts as failed and is retried.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failed attempt; it doubles after each further one, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts before a message is given up (and shown as failed in Settings).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>More messages than this for one channel within a minute go out as one digest.</summary>
    [Range(1, 1000)]
    public int DigestAbove { get; set; } = 5;

    /// <summary>The public address of the app, for links to posts in messages (none when unset).</summary>
    public string? PublicBaseUrl { get; set; }

    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>The SMTP server email channels send through (<c>Notifications:Smtp</c>); no host, no email channels.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? From { get; set; }

    /// <summary><c>none</c>, <c>starttls</c> or <c>tls</c> (TLS from the first byte, usually port 465).</summary>
    public string UseTls { get; set; } = "starttls";
    public string? User { get; set; }
    public string? Password { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions o)
    {
        var problems = new List<string>();
        if (o.PollInterval < TimeSpan.FromMilliseconds(50) || o.PollInterval > TimeSpan.FromMinutes(10))
        {
            problems.Add($"Notifications:PollInterval must be between 00:00:00.050 and 00:10:00 (is {o.PollInterval}).");
        }

        if (o.CheckInterval < TimeSpan.FromMinutes(1) || o.CheckInterval > TimeSpan.FromDays(1))
        {
            problems.Add($"Notifications:CheckInterval must be between 00:01:00 and 1.00:00:00 (is {o.CheckInterval}).");
        }

        if (o.SendTimeout < TimeSpan.FromMilliseconds(100) || o.SendTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add($"Notifications:SendTimeout must be between 00:00:00.100 and 00:05:00 (is {o.SendTimeout}).");
        }

        if (o.FirstBackoff < TimeSpan.Zero || o.MaxBackoff < o.FirstBackoff)
        {
            problems.Add("Notifications:FirstBackoff must not be negative nor above Notifications:MaxBackoff.");
        }

        if (o.PublicBaseUrl is { Length: > 0 } url && (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http")))
        {
            problems.Add($"Notifications:PublicBaseUrl must be an http:// or https:// address (is '{url}').");
        }

        var smtp = o.Smtp;
        if (smtp.IsConfigured)
        {
            if (smtp.Port is < 1 or > 65535)
            {
                problems.Add($"Notifications:Smtp:Port must be between 1 and 65535 (is {smtp.Port}).");
            }

            if (string.IsNullOrWhiteSpace(smtp.From) || !MailboxAddress.TryParse(smtp.From, out _))
            {
                problems.Add("Notifications:Smtp:From must be an email address when Notifications:Smtp:Host is set.");
            }

            if (smtp.UseTls is not ("none" or "starttls" or "tls"))
            {
                problems.Add($"Notifications:Smtp:UseTls must be none, starttls or tls (is '{smtp.UseTls}').");
            }

            if (string.IsNullOrEmpty(smtp.User) != string.IsNullOrEmpty(smtp.Password))
            {
                problems.Add("Notifications:Smtp:User and Notifications:Smtp:Password go together: set both or neither.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
