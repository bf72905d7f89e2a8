using System.Net;
using Microsoft.Extensions.Options;
using SocialOps.Core.Publishing.Connections;

namespace SocialOps.Tests.Connections;

/// <summary>IPv6 forms that carry an IPv4 address (NAT64, 6to4, IPv4-compatible) are judged by that address.</summary>
public sealed class NetworkGuardTests
{
    private static NetworkGuard Guard(bool insecure, bool privateNetworks) =>
        new(Options.Create(new ConnectorOptions { AllowInsecureBaseUrls = insecure, AllowPrivateNetworks = privateNetworks }));

    [Theory]
    [InlineData("64:ff9b::7f00:1")] // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 of the metadata address 169.254.169.254
    [InlineData("64:ff9b::a00:1")] // NAT64 of 10.0.0.1
    [InlineData("2002:7f00:1::")] // 6to4 of 127.0.0.1
    [InlineData("2002:c0a8:0101::")] // 6to4 of 192.168.1.1
    [InlineData("2002:a9fe:a9fe::1")] // 6to4 of 169.254.169.254
    [InlineData("::127.0.0.1")] // IPv4-compatible
    [InlineData("::a00:1")] // IPv4-compatible 10.0.0.1
    public void AnEmbeddedInternalIPv4AddressIsRefusedWhateverTheAllowances(string address)
    {
        foreach (var (insecure, privateNetworks) in new[] { (false, false), (true, true) })
        {
            var why = Guard(insecure, privateNetworks).Refusal(IPAddress.Parse(address));

            Assert.Contains("embeds", why, StringComparison.Ordinal);
        }

        var (url, problem) = Guard(false, false).CheckUrl($"https://[{address}]/hook");
        Assert.Null(url);
        Assert.Contains("embeds", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLocalUseNat64PrefixIsAPrivateNetwork()
    {
        var address = IPAddress.Parse("64:ff9b:1::808:808");

        Assert.Contains("Private-network", Guard(true, false).Refusal(address), StringComparison.Ordinal);
        Assert.Null(Guard(false, true).Refusal(address));
    }

    [Theory]
    [InlineData("2002:0808:0808::")] // 6to4 of 8.8.8.8
    [InlineData("64:ff9b::808:808")] // NAT64 of 8.8.8.8
    [InlineData("2606:4700::1111")]
    public void AnEmbeddedPublicAddressAndOrdinaryPublicOnesPass(string address)
    {
        Assert.Null(Guard(false, false).Refusal(IPAddress.Parse(address)));
        Assert.Null(Guard(false, false).CheckUrl($"https://[{address}]/hook").Problem);
    }

    [Theory]
    [InlineData("::1", true, null)]
    [InlineData("::1", false, "Loopback")]
    [InlineData("::", true, "unspecified")]
    public void TheIPv6LoopbackAndUnspecifiedAddressesKeepTheirOwnRules(string address, bool insecure, string? reason)
    {
        var why = Guard(insecure, false).Refusal(IPAddress.Parse(address));

        if (reason is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.Contains(reason, why, StringComparison.Ordinal);
        }
    }
}
