using SocialOps.Core.Publishing;

namespace SocialOps.Web.Components.Pages.Compose;

/// <summary>The post's thread (the parts after its text, in order) and its first comment, new or being edited.</summary>
public sealed partial class ComposeModel
{
    private readonly List<string> _parts = [];
    private string? _firstComment;

    /// <summary>The thread's parts after <see cref="Text"/>; empty for a single post.</summary>
    public IReadOnlyList<string> ThreadParts => _parts;

    /// <summary>Our own comment under the post once it is out (a reply of our own on the thread platforms).</summary>
    public string? FirstComment { get => _firstComment; set => Edit(() => _firstComment = value); }

    /// <summary>Whether every chosen platform can take a thread (X, Bluesky, Threads, Mastodon, the Sandbox).</summary>
    public bool CanThread => SelectedPlatforms.Count > 0 && SelectedPlatforms.All(ContentRules.SupportsThreads);

    /// <summary>Whether every chosen platform can take a first comment.</summary>
    public bool CanComment => SelectedPlatforms.Count > 0 && SelectedPlatforms.All(ContentRules.SupportsFirstComment);

    public void AddPart() => Edit(() => _parts.Add(""));

    public void SetPart(int index, string? text) => Edit(() => _parts[index] = text ?? "");

    public void RemovePart(int index) => Edit(() => _parts.RemoveAt(index));

    /// <summary>Moves a part up (<paramref name="by"/> −1) or down (+1) the thread; the ends stay where they are.</summary>
    public void MovePart(int index, int by)
    {
        var to = index + by;
        if (to >= 0 && to < _parts.Count)
        {
            Edit(() => (_parts[index], _parts[to]) = (_parts[to], _parts[index]));
        }
    }

    /// <summary>
    /// Splits the text (and any parts already written) at sentence boundaries into parts that fit the strictest chosen
    /// platform; the first part becomes the text.
    /// </summary>
    public void SplitIntoThread()
    {
        var platforms = SelectedPlatforms.Where(ContentRules.SupportsThreads).ToList();
        if (platforms.Count == 0)
        {
            return;
        }

        var strictest = platforms.MinBy(p => ContentRules.For(p).MaxLength);
        var whole = string.Join("\n\n", new[] { _text ?? "" }.Concat(_parts).Where(t => !string.IsNullOrWhiteSpace(t)));
        var split = ThreadSplitter.Split(strictest, whole);
        if (split.Count == 0)
        {
            return;
        }

        Edit(() =>
        {
            _text = split[0];
            _parts.Clear();
            _parts.AddRange(split.Skip(1));
        });
    }

    /// <summary>A part's length and problems on a platform.</summary>
    public ContentCheck CheckPart(Platform platform, int index) => ContentRules.Check(platform, _parts[index]);

    /// <summary>The parts as the preview shows them on a platform, each with its own count; none where the platform has no threads.</summary>
    public IReadOnlyList<(string Text, ContentCheck Check)> PreviewParts(Platform platform) =>
        ContentRules.SupportsThreads(platform) ? [.. _parts.Select((text, i) => (text, CheckPart(platform, i)))] : [];

    /// <summary>What the services said about the thread and the first comment at the last attempt to save.</summary>
    public IEnumerable<string> ThreadErrors =>
        Errors.Where(e => e.Key.StartsWith("thread", StringComparison.Ordinal) || e.Key == "firstComment").SelectMany(e => e.Value);

    private List<string>? ThreadForRequest => _parts.Count == 0 ? null : [.. _parts];

    private string? FirstCommentForRequest => string.IsNullOrWhiteSpace(_firstComment) ? null : _firstComment;
}
