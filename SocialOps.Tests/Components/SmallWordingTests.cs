using Bunit;
using SocialOps.Web.Components.Pages.Settings;
using SocialOps.Web.Components;

namespace SocialOps.Tests.Components;

/// <summary>Counts in the right number, audit details a person can read, and a picture that falls back to initials.</summary>
public sealed class SmallWordingTests : BunitTest
{
    [Theory]
    [InlineData(0, "0 calls")]
    [InlineData(1, "1 call")]
    [InlineData(2, "2 calls")]
    [InlineData(1200, "1,200 calls")]
    public void ACountTakesTheNounInTheRightNumber(long count, string expected)
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        try
        {
            Assert.Equal(expected, Plural.Of(count, "call"));
            Assert.Equal(count == 1 ? "1 reply" : expected.Replace("calls", "replies", StringComparison.Ordinal), Plural.Of(count, "reply", "replies"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void AuditDetailsReadAsKeyAndValueWithPlatformNamesInsteadOfNumbers()
    {
        var lines = AuditDetails.Read("""{"platform":1,"planned":"2026-12-07T10:00:00+00:00","draft":true,"to":["09:00","17:30"],"note":null}""");

        Assert.Equal<(string, string)>(
            [("platform", "Mastodon"), ("planned", "2026-12-07T10:00:00+00:00"), ("draft", "yes"), ("to", "09:00, 17:30"), ("note", "–")],
            lines);
        Assert.Equal<(string, string)>([("platform", "Mastodon")], AuditDetails.Read("""{"platform":"Mastodon"}"""));
        Assert.Empty(AuditDetails.Read(null));
        Assert.Equal<(string, string)>([("", "not json")], AuditDetails.Read("not json"));
    }

    [Fact]
    public void AConnectionPictureThatDoesNotLoadGivesWayToInitials()
    {
        var avatar = Render<ConnectionAvatar>(p => p.Add(a => a.Src, "/connections/7/avatar").Add(a => a.Name, "Brand Coffee"));
        Assert.Empty(avatar.FindAll("[data-testid=connection-initials]"));

        avatar.Find("img").TriggerEvent("onerror", new Microsoft.AspNetCore.Components.Web.ErrorEventArgs());

        Assert.Empty(avatar.FindAll("img"));
        Assert.Equal("BC", avatar.Find("[data-testid=connection-initials]").TextContent);
    }
}
