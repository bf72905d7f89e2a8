using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Ai;

public sealed partial class AiDraftService
{
    /// <summary>
    /// One platform's draft as it is written: text pieces as the provider sends them, then the finished draft (asked
    /// again to shorten, or cut at a sentence, if it came out too long). Templates arrive word by word.
    /// </summary>
    public async IAsyncEnumerable<DraftChunk> StreamAsync(
        DraftRequest request, Platform platform, Actor actor, int variant = 0, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var userId = actor.Require(Access.Editor).UserId;
        var settings = await store.GetAsync(ct);
        using var client = clients.Create(settings);
        if (client is null)
        {
            var text = TemplateDrafts.Write(request, platform, settings.Brand, variant);
            foreach (var word in Words(text))
            {
                yield return new DraftChunk(word, null, TemplateProvider, TemplateModel, true);
            }

            yield return new DraftChunk(null, Finish(platform, text, false, TemplateNotes(request)), TemplateProvider, TemplateModel, true);
            yield break;
        }

        await usage.EnsureWithinBudgetAsync(settings, ct);
        var messages = AiPrompts.Draft(request, platform, settings.Brand);
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var started = time.GetTimestamp();
        var answer = new StringBuilder();
        UsageDetails? reported = null;
        await using (var updates = client.GetStreamingResponseAsync(messages, Options(settings, variant), linked.Token).GetAsyncEnumerator(linked.Token))
        {
            while (await NextAsync(updates, settings, timeout, ct))
            {
                foreach (var content in updates.Current.Contents.OfType<UsageContent>())
                {
                    reported = content.Details;
                }

                if (updates.Current.Text is { Length: > 0 } delta)
                {
                    answer.Append(delta);
                    yield return new DraftChunk(delta, null, settings.ProviderName, settings.ModelName, false);
                }
            }
        }

        var written = Clean(answer.ToString());
        var (input, output) = Tokens(reported, messages, written);
        var ids = new List<long> { await RecordAsync(settings, variant == 0 ? "draft" : "variations", userId, input, output, time.GetElapsedTime(started), ct) };
        if (written.Length == 0)
        {
            throw Failed(new AiException(AiFailure.EmptyAnswer, $"{settings.ProviderName} answered with no text. Try again, or try another model."), settings, "draft");
        }

        yield return new DraftChunk(null, await FitAsync(client, settings, messages, written, platform, "draft", userId, ids, ct), settings.ProviderName, settings.ModelName, false);
    }

    // A yield cannot sit inside a try with a catch: the provider's errors are translated around each step instead.
    private async Task<bool> NextAsync(IAsyncEnumerator<ChatResponseUpdate> updates, EffectiveAiSettings settings, CancellationTokenSource timeout, CancellationToken ct)
    {
        try
        {
            return await updates.MoveNextAsync();
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw Failed(AiException.From(new TimeoutException("deadline", e), settings.ProviderName, settings.Timeout), settings, "draft");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Failed(AiException.From(e, settings.ProviderName, settings.Timeout), settings, "draft");
        }
    }

    private static IEnumerable<string> Words(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || char.IsWhiteSpace(text[i - 1]) && !char.IsWhiteSpace(text[i]))
            {
                yield return text[start..i];
                start = i;
            }
        }
    }
}
