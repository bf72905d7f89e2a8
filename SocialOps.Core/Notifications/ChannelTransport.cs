using System.Net.Http.Headers;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Core.Notifications;

/// <summary>Sends one message to one channel: a POST to a webhook or an email through the SMTP server. Null when sent, else why not.</summary>
public sealed class ChannelTransport(IHttpClientFactory http, IOptions<NotificationOptions> options)
{
    public const string ClientName = "notifications";

    public async Task<string?> SendAsync(NotificationChannel channel, NotificationMessage message, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.SendTimeout);
        try
        {
            return channel.Kind == ChannelKind.Email
                ? await EmailAsync(channel, message, timeout.Token)
                : await WebhookAsync(channel, message, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"No answer within {options.Value.SendTimeout.TotalSeconds:0.#} s.";
        }
        catch (RefusedAddressException ex)
        {
            return ex.Message;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SmtpCommandException or SmtpProtocolException
                                       or AuthenticationException or System.Net.Sockets.SocketException or SslHandshakeException)
        {
            return Clip(ex.Message);
        }
    }

    private async Task<string?> WebhookAsync(NotificationChannel channel, NotificationMessage message, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Url)
        {
            Content = new StringContent(ChannelMessages.WebhookBody(channel.Format, message), Encoding.UTF8, "application/json"),
        };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("SocialOps", "1.0"));
        using var response = await http.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        return response.IsSuccessStatusCode ? null : $"The webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.";
    }

    private async Task<string?> EmailAsync(NotificationChannel channel, NotificationMessage message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        if (!smtp.IsConfigured)
        {
            return "No SMTP server is set (Notifications:Smtp:Host).";
        }

        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(smtp.From!));
        mail.To.Add(MailboxAddress.Parse(channel.To!));
        mail.Subject = ChannelMessages.Subject(message);
        mail.Body = new TextPart("plain") { Text = ChannelMessages.Body(message) };

        using var client = new SmtpClient { Timeout = (int)options.Value.SendTimeout.TotalMilliseconds };
        var security = smtp.UseTls switch
        {
            "none" => SecureSocketOptions.None,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        }

        await client.SendAsync(mail, ct);
        await client.DisconnectAsync(quit: true, ct);
        return null;
    }

    private static string Clip(string text) => text.Length > 500 ? text[..500] : text;
}
