using System.Net;
using System.Net.Sockets;

namespace SocialOps.Core.Publishing.Connections;

/// <summary>
/// Base and target URLs are user input: only https (or http on loopback when allowed), and never an internal
/// address. The check runs on the URL when a connection is saved and again on the resolved address of every
/// connection the connectors open (<see cref="ConnectAsync"/>), so a DNS answer that changes later is caught too.
/// </summary>
public sealed class NetworkGuard(IOptions<ConnectorOptions> options)
{
    private static readonly byte[] Nat64 = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]; // 64:ff9b::/96
    private static readonly byte[] LocalNat64 = [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01]; // 64:ff9b:1::/48

    /// <summary>The URL, or null with the reason.</summary>
    public (Uri? Url, string? Problem) CheckUrl(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url)
            || url.Scheme is not ("https" or "http") || string.IsNullOrEmpty(url.Host))
        {
            return (null, "Give an absolute https:// address.");
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return (null, "The address must not carry a user name or password.");
        }

        var loopback = url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        if (url.Scheme == "http" && !(loopback && options.Value.AllowInsecureBaseUrls))
        {
            return (null, "Only https:// addresses are allowed (http:// only on loopback with Connectors:AllowInsecureBaseUrls).");
        }

        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal) && Refusal(literal) is { } why)
        {
            return (null, why);
        }

        return (url, null);
    }

    /// <summary>Why an address may not be reached, or null when it may.</summary>
    public string? Refusal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        // NAT64, 6to4 and IPv4-compatible addresses are delivered to the IPv4 address inside them (by a gateway or relay), so that
        // address decides. One that embeds a public address is allowed; an internal one is refused whatever the options say:
        // the loopback and private-network allowances are for this network's own addresses, not for a translated detour to them.
        if (Embedded(address) is { } inner)
        {
            return Refusal(inner, allowLoopback: false, allowPrivate: false) is null ? null
                : $"{address} embeds the internal IPv4 address {inner} (NAT64, 6to4 or IPv4-compatible); such addresses are never allowed.";
        }

        // The local-use NAT64 prefix places the IPv4 address where the local network chooses, so it cannot be read out: a private network.
        var b = address.GetAddressBytes();
        var localNat64 = address.AddressFamily == AddressFamily.InterNetworkV6 && b.AsSpan(0, 6).SequenceEqual(LocalNat64);
        var o = options.Value;
        return localNat64 && !o.AllowPrivateNetworks
            ? "Private-network addresses are not allowed (Connectors:AllowPrivateNetworks permits them)."
            : Refusal(address, o.AllowInsecureBaseUrls, o.AllowPrivateNetworks);
    }

    /// <summary>The IPv4 address inside a NAT64 (64:ff9b::/96), 6to4 (2002::/16) or IPv4-compatible (::/96, but :: and ::1) address.</summary>
    private static IPAddress? Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any))
        {
            return null;
        }

        var b = address.GetAddressBytes();
        return b.AsSpan(0, 12).SequenceEqual(Nat64) || b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 ? new IPAddress(b.AsSpan(12, 4))
            : b[0] == 0x20 && b[1] == 0x02 ? new IPAddress(b.AsSpan(2, 4))
            : null;
    }

    private static string? Refusal(IPAddress address, bool allowLoopback, bool allowPrivate)
    {
        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback ? null : "Loopback addresses are not allowed (Connectors:AllowInsecureBaseUrls permits them).";
        }

        var b = address.GetAddressBytes();
        var linkLocal = address.AddressFamily == AddressFamily.InterNetwork ? b[0] == 169 && b[1] == 254 : address.IsIPv6LinkLocal;
        var unspecified = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || (address.AddressFamily == AddressFamily.InterNetwork && b[0] == 0);
        if (linkLocal || unspecified || address.IsIPv6Multicast || (address.AddressFamily == AddressFamily.InterNetwork && b[0] >= 224))
        {
            return "Link-local, multicast and unspecified addresses (such as 169.254.169.254) are never allowed.";
        }

        var isPrivate = address.AddressFamily == AddressFamily.InterNetwork
            ? b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && b[1] is >= 64 and <= 127)
            : address.IsIPv6UniqueLocal || address.IsIPv6SiteLocal;
        return isPrivate && !allowPrivate
            ? "Private-network addresses are not allowed (Connectors:AllowPrivateNetworks permits them)."
            : null;
    }

    /// <summary>The connect step of every connector's HTTP handler: resolves the host and refuses internal addresses.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (addresses.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"{host} has no address.");
        }

        if (addresses.Select(Refusal).FirstOrDefault(r => r is not null) is { } refusal)
        {
            throw new RefusedAddressException($"{host}: {refusal}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A connection the guard refused; callers may show its message (it names the host and the rule, nothing secret).</summary>
public sealed class RefusedAddressException(string message) : HttpRequestException(HttpRequestError.ConnectionError, message);
