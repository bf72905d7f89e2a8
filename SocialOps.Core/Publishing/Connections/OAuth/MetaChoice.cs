using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace SocialOps.Core.Publishing.Connections.OAuth;

/// <summary>
/// The step between Facebook's sign-in and the new connections: the person chooses which of their Pages and linked
/// Instagram accounts to connect. Between the two requests only the long-lived user token travels, sealed and limited
/// to 15 minutes in the browser's HTTP-only cookie; the Pages and their tokens are fetched from Meta again on each
/// step, so no token ever reaches the browser and any instance of a cluster can finish the choice.
/// </summary>
public sealed class MetaChoice(MetaOAuthClient meta, IOptions<OAuthOptions> options, ConnectionService connections, IDataProtectionProvider protection, TimeProvider time)
{
    public const string StartAgain = "The Facebook sign-in has expired or was started in another browser; sign in with Facebook again from Settings → Connections.";

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("SocialOps.OAuth.MetaChoice.v1").ToTimeLimitedDataProtector();

    /// <summary>Seals what the choice needs: who signed in here, and the user token that lists their Pages.</summary>
    public string Seal(string userId, string userToken, string? timeZone) =>
        _protector.Protect(JsonSerializer.Serialize(new State(userId, userToken, timeZone)), time.GetUtcNow().Add(OAuthFlow.Lifetime));

    /// <summary>The Pages (and their Instagram accounts) to choose from, never with a token; or why there are none.</summary>
    public async Task<(IReadOnlyList<MetaCandidate> Candidates, string? Problem)> ListAsync(string? sealedState, string userId, CancellationToken ct = default)
    {
        if (Open(sealedState, userId) is not { } state)
        {
            return ([], StartAgain);
        }

        try
        {
            var pages = await meta.PagesAsync(ApiUrl, state.UserToken, ct);
            return pages.Count == 0 ? ([], NoPages) : ([.. pages.Select(p => p.Candidate)], null);
        }
        catch (PublishException ex)
        {
            return ([], ex.Message);
        }
    }

    /// <summary>
    /// Connects the chosen accounts (<c>facebook:{pageId}</c>, <c>instagram:{igUserId}</c>), each with its Page token
    /// stored encrypted like any connection. Returns the new connections and what could not be connected, with why.
    /// </summary>
    public async Task<(IReadOnlyList<ConnectionView> Connected, IReadOnlyList<string> Problems)> ConnectAsync(
        string? sealedState, string userId, IReadOnlyCollection<string> chosen, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Access.Admin);
        if (Open(sealedState, userId) is not { } state)
        {
            return ([], [StartAgain]);
        }

        if (chosen.Count == 0)
        {
            return ([], ["Choose at least one Page or Instagram account."]);
        }

        IReadOnlyList<(MetaCandidate Candidate, string PageToken)> pages;
        try
        {
            pages = await meta.PagesAsync(ApiUrl, state.UserToken, ct);
        }
        catch (PublishException ex)
        {
            return ([], [ex.Message]);
        }

        var (connected, problems) = (new List<ConnectionView>(), new List<string>());
        foreach (var choice in chosen.Distinct(StringComparer.Ordinal))
        {
            var (kind, id) = choice.Split(':', 2) is [var k, var i] ? (k, i) : ("", choice);
            var page = pages.FirstOrDefault(p => kind == "facebook" ? p.Candidate.PageId == id : kind == "instagram" && p.Candidate.InstagramId == id);
            if (page.Candidate is null)
            {
                problems.Add($"'{(choice.Length > 60 ? choice[..60] : choice)}' is not among the accounts this sign-in may connect.");
                continue;
            }

            var request = kind == "facebook"
                ? new NewConnection("facebook", page.Candidate.PageName, ApiUrl, AccessToken: page.PageToken, AccountId: id, TimeZone: state.TimeZone)
                : new NewConnection("instagram", "@" + (page.Candidate.InstagramUsername ?? id), ApiUrl, AccessToken: page.PageToken, AccountId: id, TimeZone: state.TimeZone);
            var (view, errors) = await connections.AddAsync(request, actor, ct);
            if (view is null)
            {
                problems.Add($"{request.Name}: {string.Join(" ", errors.SelectMany(e => e.Value))}");
            }
            else
            {
                connected.Add(view);
            }
        }

        return (connected, problems);
    }

    private const string NoPages = "Facebook gave SocialOps no Page to manage: the account must manage a Facebook Page (Instagram professional accounts are reached through their Page) and allow it in Facebook's dialog.";

    private string ApiUrl => options.Value.Meta.ApiUrl!;

    private State? Open(string? sealedState, string userId)
    {
        if (sealedState is null)
        {
            return null;
        }

        try
        {
            var state = JsonSerializer.Deserialize<State>(_protector.Unprotect(sealedState, out var expires));
            return state is not null && expires >= time.GetUtcNow() && state.UserId == userId ? state : null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    private sealed record State(string UserId, string UserToken, string? TimeZone);
}
