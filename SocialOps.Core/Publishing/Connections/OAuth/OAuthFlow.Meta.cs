namespace SocialOps.Core.Publishing.Connections.OAuth;

public sealed partial class OAuthFlow
{
    /// <summary>Threads: a 60-day token, renewed later with <c>th_refresh_token</c>. Facebook: the Pages to choose from.</summary>
    private async Task<OAuthOutcome> FinishMetaAsync(Pending pending, string code, Actor actor, CancellationToken ct)
    {
        var app = options.Value.For(pending.Platform);
        if (app is not { IsConfigured: true })
        {
            return new(null, null, $"The installation's {pending.Platform} app is no longer set up; set it in the settings and sign in again.");
        }

        try
        {
            if (pending.Platform == Platform.Threads)
            {
                var shortLived = await meta.ThreadsCodeAsync(app, code, new Uri(pending.RedirectUri), ct);
                var tokens = await meta.ThreadsLongLivedAsync(app, shortLived.AccessToken, ct);
                var grant = new Dictionary<string, string> { [Renewal] = ThreadsRenewal, [TokenUrl] = MetaOAuthClient.ThreadsRefreshUrl(app).AbsoluteUri };
                if (tokens.ExpiresAt is { } expires)
                {
                    grant[ExpiresAt] = expires.ToString("O");
                }

                var (view, errors) = await connections.AddAsync(
                    new NewConnection("threads", pending.Name, pending.BaseUrl ?? app.ApiUrl, AccessToken: tokens.AccessToken, TimeZone: pending.TimeZone), actor, grant, ct);
                return view is null ? new(null, null, string.Join(" ", errors.SelectMany(e => e.Value))) : new(view, null, null);
            }

            var user = await meta.FacebookCodeAsync(app, code, new Uri(pending.RedirectUri), ct);
            var longLived = await meta.FacebookLongLivedAsync(app, user.AccessToken, ct);
            return new(null, choice.Seal(pending.UserId, longLived.AccessToken, pending.TimeZone), null);
        }
        catch (PublishException ex)
        {
            return new(null, null, ex.Message);
        }
    }
}
