using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SocialOps.Tests.Connections;

/// <summary>
/// Facebook Login and the Graph API as Meta documents them, on loopback: the login dialog (which says yes at once and
/// sends the browser back with a code), the code exchange and the long-lived token (<c>fb_exchange_token</c>), the
/// Pages the person manages with their Page tokens and linked Instagram accounts, and those accounts' who-am-I.
/// </summary>
public sealed class MetaSignInStandIn : IDisposable
{
    public const string AppId = "meta-app-id";
    public const string AppSecret = "meta-app-secret-5f1c";
    public const string ShortToken = "EAAshort-user-token";
    public const string LongToken = "EAAlong-user-token";
    public const string PageToken = "EAApage-token-101";
    public const string OtherPageToken = "EAApage-token-202";
    public const string PageId = "101";
    public const string OtherPageId = "202";
    public const string InstagramId = "17841400000000001";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string Url => Server.Url!;

    public MetaSignInStandIn()
    {
        Server.Given(Request.Create().WithPath("/v23.0/dialog/oauth").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(302)
                .WithHeader("Location", "{{request.query.redirect_uri}}?code=granted-code&state={{request.query.state}}#_=_").WithTransformer());
        Server.Given(Request.Create().WithPath("/v23.0/oauth/access_token").UsingGet().WithParam("code").WithParam("client_secret", AppSecret))
            .RespondWith(Json(new { access_token = ShortToken, token_type = "bearer", expires_in = 5400 }));
        Server.Given(Request.Create().WithPath("/v23.0/oauth/access_token").UsingGet()
                .WithParam("grant_type", "fb_exchange_token").WithParam("client_secret", AppSecret).WithParam("fb_exchange_token", ShortToken))
            .RespondWith(Json(new { access_token = LongToken, token_type = "bearer", expires_in = 5183944 }));
        Server.Given(Request.Create().WithPath("/v23.0/me/accounts").UsingGet().WithHeader("Authorization", "Bearer " + LongToken))
            .RespondWith(Json(new
            {
                data = new object[]
                {
                    new
                    {
                        access_token = PageToken, category = "Coffee Shop", name = "Brand Coffee", id = PageId, tasks = new[] { "ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MODERATE", "MANAGE" },
                        picture = new { data = new { url = "https://scontent.example/brand.jpg" } },
                        instagram_business_account = new { id = InstagramId, username = "brandcoffee", profile_picture_url = "https://scontent.example/ig.jpg" },
                    },
                    new { access_token = OtherPageToken, category = "Bakery", name = "Brand Bakery", id = OtherPageId, tasks = new[] { "CREATE_CONTENT" } },
                },
                paging = new { cursors = new { before = "QVFIUk1", after = "QVFIUk2" } },
            }));
        Server.Given(Request.Create().WithPath($"/v23.0/{PageId}").UsingGet().WithHeader("Authorization", "Bearer " + PageToken))
            .RespondWith(Json(new { id = PageId, name = "Brand Coffee", link = "https://www.facebook.com/brandcoffee", followers_count = 1200 }));
        Server.Given(Request.Create().WithPath($"/v23.0/{OtherPageId}").UsingGet().WithHeader("Authorization", "Bearer " + OtherPageToken))
            .RespondWith(Json(new { id = OtherPageId, name = "Brand Bakery", link = "https://www.facebook.com/brandbakery", followers_count = 80 }));
        Server.Given(Request.Create().WithPath($"/v23.0/{InstagramId}").UsingGet().WithHeader("Authorization", "Bearer " + PageToken))
            .RespondWith(Json(new { id = InstagramId, username = "brandcoffee", name = "Brand Coffee", followers_count = 5400 }));
    }

    /// <summary>The settings of an installation whose Meta app is this stand-in.</summary>
    public void Configure(IDictionary<string, string?> settings)
    {
        settings["Connectors:OAuth:Meta:ClientId"] = AppId;
        settings["Connectors:OAuth:Meta:ClientSecret"] = AppSecret;
        settings["Connectors:OAuth:Meta:AuthorizeUrl"] = Url + "/v23.0/dialog/oauth";
        settings["Connectors:OAuth:Meta:TokenUrl"] = Url + "/v23.0/oauth/access_token";
        settings["Connectors:OAuth:Meta:ApiUrl"] = Url + "/v23.0";
    }

    public static IResponseBuilder Json(object body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}
