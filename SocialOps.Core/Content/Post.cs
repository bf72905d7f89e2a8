using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialOps.Core.Common.Events;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Content;

/// <summary>
/// A piece of content for one platform account; one occurrence of a recurring series is one post. A new post is a
/// draft; from then on its state moves only through its methods, each of which checks where it may come from (a
/// <see cref="ConflictException"/> naming the current state otherwise) and announces the change once it is saved.
/// </summary>
public class Post : IHasEvents
{
    /// <summary>Where text and time may still change: the post has not started going out and was not called off.</summary>
    public static readonly PostStatus[] Changeable =
        [PostStatus.Draft, PostStatus.PendingApproval, PostStatus.Scheduled, PostStatus.Retrying, PostStatus.Missed, PostStatus.Failed, PostStatus.Unconfirmed];

    private readonly List<Func<Post, IEvent>> _raised = [];
    private DateTimeOffset? _changedAt;
    private string _content = "";
    private List<string> _hashtags = [];
    private List<string> _media = [];

    public int Id { get; init; }
    public Platform Platform { get; init; }
    public int? AccountId { get; init; }
    public PlatformAccount? Account { get; init; }

    public required string Content { get => _content; init => _content = value; }

    public List<string> Hashtags { get => _hashtags; init => _hashtags = value; }

    /// <summary>Media by reference (a stored file name or a public URL), in display order.</summary>
    public List<string> MediaReferences { get => _media; init => _media = value; }

    public PostStatus Status { get; private set; }

    /// <summary>The instant this post is due; for a draft, the time it is planned for (or null).</summary>
    public DateTimeOffset? ScheduledFor { get; private set; }

    /// <summary>
    /// When someone asked for the post to go out at once ("publish now"). <see cref="ScheduledFor"/> keeps the instant
    /// it was due, so lateness stays truthful, and the misfire grace window does not apply to it.
    /// </summary>
    public DateTimeOffset? PublishRequestedAt { get; private set; }

    /// <summary>When the next attempt of a Retrying post is due (its backoff survives a lost trigger or a restart).</summary>
    public DateTimeOffset? RetryAt { get; private set; }

    /// <summary>
    /// For an occurrence of a recurring series: the cron instant it stands for. It never changes when the occurrence
    /// is moved, and a series holds each instant once (a unique index), so two planners can never create it twice.
    /// </summary>
    public DateTimeOffset? OccurrenceAt { get; init; }

    public int? ScheduleId { get; init; }
    public Schedule? Schedule { get; init; }

    public DateTimeOffset? PublishedAt { get; private set; }
    public string? ExternalId { get; private set; }
    public string? ExternalUrl { get; private set; }

    /// <summary>Why the post is Failed, Missed or Unconfirmed, in words a user can act on.</summary>
    public string? StatusReason { get; private set; }

    /// <summary>In its account's posting queue: it holds a queue slot, and moves up when an earlier queued post leaves.</summary>
    public bool InQueue { get; private set; }

    /// <summary>The reviewer's words on the last approval decision (why it was rejected, typically).</summary>
    public string? ReviewComment { get; private set; }

    /// <summary>Links in the text go out as our own tracked short links, whatever the account's setting.</summary>
    public bool TrackLinks { get; init; }

    /// <summary>The campaign its tracked links carry as <c>utm_campaign</c> (else the first hashtag).</summary>
    public string? Campaign { get; init; }

    public bool IsDemo { get; init; }
    public string? CreatedById { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency: bumped on every save, so two writers never both move a post on.</summary>
    public long Version { get; private set; }

    public List<PublishAttempt> Attempts { get; init; } = [];

    /// <summary>A thread's parts after <see cref="Content"/>, each replying to the one before (empty for a single post).</summary>
    public List<PostPart> Parts { get; init; } = [];

    /// <summary>Bluesky's content id of the post's record: a thread's replies name their root by URI and CID.</summary>
    public string? ExternalCid { get; private set; }

    /// <summary>Our own comment under the post, published once the post is confirmed; it never fails the post.</summary>
    public string? FirstComment { get => _firstComment; init => _firstComment = value; }

    private string? _firstComment;

    public PartState? FirstCommentState { get; private set; }
    public string? FirstCommentExternalId { get; private set; }
    public string? FirstCommentError { get; private set; }

    /// <summary>Whether the post is a thread whose first piece (its own content) is on the platform already.</summary>
    public bool HeadConfirmed => Parts.Count > 0 && ExternalId is not null;

    /// <summary>The first part of the thread that is not on the platform yet, in order; null when every part is.</summary>
    public PostPart? NextPart => Parts.Where(p => p.State != PartState.Published).MinBy(p => p.Index);

    /// <summary>Whether the text, media and time may still change (<see cref="Changeable"/>).</summary>
    public bool CanChange => Changeable.Contains(Status);

    /// <summary>Moves a draft's planned time (or clears it); a draft is never triggered.</summary>
    public void PlanDraft(DateTimeOffset? at, DateTimeOffset now)
    {
        Expect("plan", PostStatus.Draft);
        ScheduledFor = at;
        Changed(now);
    }

    /// <summary>
    /// Puts the post on the schedule at <paramref name="at"/>, or moves it there: Scheduled, or PendingApproval when
    /// <paramref name="needsApproval"/> (an Approver moving a post that waits for approval schedules it). A retry, a
    /// "publish now" and the reason of an earlier outcome are called off.
    /// </summary>
    public void ScheduleAt(DateTimeOffset at, bool needsApproval, DateTimeOffset now)
    {
        Expect("schedule", Changeable);
        ScheduledFor = at;
        PublishRequestedAt = null;
        RetryAt = null;
        StatusReason = null;
        Status = needsApproval ? PostStatus.PendingApproval : PostStatus.Scheduled;
        Changed(now);
    }

    /// <summary>
    /// Changes the text, hashtags and media. An edit by someone whose edits need approval sends the post to review
    /// whatever its state, so no text goes out unseen (a retry is called off with it); a draft stays a draft.
    /// </summary>
    public void Edit(string content, List<string> hashtags, List<string>? media, bool needsApproval, DateTimeOffset now)
    {
        Expect("edit", Changeable);
        if (HeadConfirmed)
        {
            throw new ConflictException("Part of this thread is on the platform already: publish it again to send the rest.", Status.ToString());
        }

        _content = content;
        _hashtags = hashtags;
        _media = media ?? _media;
        if (needsApproval && Status != PostStatus.Draft)
        {
            Status = PostStatus.PendingApproval;
            RetryAt = null;
            PublishRequestedAt = null;
        }

        Changed(now);
    }

    /// <summary>Whether any part of the thread, the post itself or its first comment has been sent to the platform.</summary>
    public bool ThreadStarted => ExternalId is not null || FirstCommentState is not null || Parts.Any(p => p.State != PartState.Pending);

    /// <summary>
    /// Replaces the thread's parts after the content (empty: a single post) and the first comment (null: none), while
    /// nothing of the post has been sent. A part keeps its row where one stands at its place; parts beyond the new end go.
    /// </summary>
    public void ReplaceThread(IReadOnlyList<string> parts, string? firstComment, DateTimeOffset now)
    {
        Expect("edit", Changeable);
        if (ThreadStarted)
        {
            throw new ConflictException("Part of this thread is on the platform already: its parts can no longer change.", Status.ToString());
        }

        var ordered = Parts.OrderBy(p => p.Index).ToList();
        for (var i = 0; i < parts.Count; i++)
        {
            if (i < ordered.Count)
            {
                ordered[i].Content = parts[i];
            }
            else
            {
                Parts.Add(new PostPart { Index = i + 1, Content = parts[i] });
            }
        }

        foreach (var extra in ordered.Skip(parts.Count))
        {
            Parts.Remove(extra);
        }

        _firstComment = firstComment;
        Changed(now);
    }

    /// <summary>Sends a draft (or a new post) into its account's queue; <see cref="TakeSlot"/> gives it its time.</summary>
    public void Queue(bool needsApproval, DateTimeOffset now)
    {
        Expect("queue", PostStatus.Draft);
        InQueue = true;
        ReviewComment = null;
        Status = needsApproval ? PostStatus.PendingApproval : PostStatus.Scheduled;
        Changed(now);
    }

    /// <summary>A queued post takes a slot of its queue (the queue moves its posts up when one leaves).</summary>
    public void TakeSlot(DateTimeOffset at, DateTimeOffset now)
    {
        if (!InQueue)
        {
            throw new ConflictException("This post is not in a queue.", Status.ToString());
        }

        Expect("move in its queue", PostStatus.Scheduled, PostStatus.PendingApproval);
        ScheduledFor = at;
        Changed(now);
    }

    /// <summary>
    /// Approves the post as reviewed, for <paramref name="at"/>. An occurrence of a series that has ended since is
    /// refused: it would publish for a series nobody runs any more. Leaves its queue when it moves off its slot.
    /// </summary>
    public void Approve(DateTimeOffset at, string reviewer, DateTimeOffset now)
    {
        Expect("approve", PostStatus.PendingApproval);
        if (ScheduleId is not null && Schedule is null)
        {
            throw new InvalidOperationException("Load the post's schedule before approving it.");
        }

        if (Schedule is { Kind: ScheduleKind.Recurring, IsActive: false })
        {
            throw new ConflictException("Its series was ended: this occurrence can no longer be approved.", Status.ToString());
        }

        InQueue &= at == ScheduledFor;
        ScheduledFor = at;
        ReviewComment = null;
        Status = PostStatus.Scheduled;
        Changed(now);
        _raised.Add(p => new PostReviewed(p.Id, p.CreatedById, true, null, reviewer, now));
    }

    /// <summary>Sends the post back to its author as a draft with the reviewer's comment; a series it belongs to ends.</summary>
    public void Reject(string comment, string reviewer, DateTimeOffset now)
    {
        Expect("reject", PostStatus.PendingApproval);
        Schedule?.End(now);
        InQueue = false;
        ReviewComment = comment;
        Status = PostStatus.Draft;
        Changed(now);
        _raised.Add(p => new PostReviewed(p.Id, p.CreatedById, false, comment, reviewer, now));
    }

    /// <summary>
    /// Asks for the post to go out at once: it keeps the instant it was due when that has passed (so lateness stays
    /// truthful) and takes <paramref name="now"/> when it was early; it leaves its queue.
    /// </summary>
    public void PublishNow(DateTimeOffset now)
    {
        Expect("publish now", Changeable);
        ScheduledFor = ScheduledFor is { } due && due <= now ? due : now;
        PublishRequestedAt = now;
        RetryAt = null;
        StatusReason = null;
        InQueue = false;
        Status = PostStatus.Scheduled;
        Changed(now);
    }

    /// <summary>Claims a due post for one publishing run: the attempt is on record before the platform is called.</summary>
    public void Claim(PublishAttempt attempt, DateTimeOffset now)
    {
        Expect("publish", PostStatus.Scheduled, PostStatus.Retrying);
        Attempts.Add(attempt);
        Status = PostStatus.Publishing;
        Changed(now);
    }

    /// <summary>
    /// A thread's first piece (the post's content) is on the platform; the post stays Publishing until its last part is.
    /// </summary>
    public void ConfirmHead(PublishResult result, DateTimeOffset now)
    {
        Expect("confirm a part", PostStatus.Publishing);
        if (Parts.Count == 0)
        {
            throw new InvalidOperationException("A single post is confirmed by MarkPublished.");
        }

        (ExternalId, ExternalUrl, ExternalCid) = (result.ExternalId, result.ExternalUrl, result.Cid);
        Changed(now);
    }

    /// <summary>One part of the thread is on the platform: it is never sent again.</summary>
    public void ConfirmPart(int index, PublishResult result, DateTimeOffset now)
    {
        Expect("confirm a part", PostStatus.Publishing);
        var part = Part(index);
        (part.ExternalId, part.ExternalUrl, part.ExternalCid) = (result.ExternalId, result.ExternalUrl, result.Cid);
        (part.State, part.ConfirmedAt, part.Error) = (PartState.Published, now, null);
        Changed(now);
    }

    /// <summary>
    /// A part did not land (<see cref="PartState.Failed"/>) or its answer was lost (<see cref="PartState.Unknown"/>); the
    /// post's own outcome (retry, failed, unconfirmed) is set next by the publishing run. A confirmed part stays confirmed.
    /// </summary>
    public void PartMissing(int index, PartState state, string error, DateTimeOffset now)
    {
        Expect("record a part", PostStatus.Publishing);
        var part = Part(index);
        if (part.State == PartState.Published || state is PartState.Published or PartState.Pending)
        {
            throw new InvalidOperationException($"Part {index} cannot move from {part.State} to {state} this way.");
        }

        (part.State, part.Error) = (state, error);
        Changed(now);
    }

    /// <summary>
    /// A part's success that arrived after someone else moved the post on: the platform has it, so it is never sent again
    /// (whatever the post's state now).
    /// </summary>
    public void KeepLatePart(int index, PublishResult result, DateTimeOffset now)
    {
        if (index == 0)
        {
            (ExternalId, ExternalUrl, ExternalCid) = (ExternalId ?? result.ExternalId, ExternalUrl ?? result.ExternalUrl, ExternalCid ?? result.Cid);
            Changed(now);
            return;
        }

        var part = Part(index);
        if (part.State != PartState.Published)
        {
            (part.ExternalId, part.ExternalUrl, part.ExternalCid) = (result.ExternalId, result.ExternalUrl, result.Cid);
            (part.State, part.ConfirmedAt, part.Error) = (PartState.Published, now, null);
            Changed(now);
        }
    }

    /// <summary>The first comment is about to go out (it is sent once: a state already set is never reset here).</summary>
    public bool StartFirstComment(DateTimeOffset now)
    {
        if (Status != PostStatus.Published || string.IsNullOrWhiteSpace(FirstComment) || FirstCommentState is not (null or PartState.Pending))
        {
            return false;
        }

        FirstCommentState = PartState.Unknown;
        FirstCommentError = "Sending…";
        Changed(now);
        return true;
    }

    /// <summary>What became of the first comment; the post stays Published whatever it was.</summary>
    public void SettleFirstComment(PartState state, string? externalId, string? error, DateTimeOffset now)
    {
        Expect("comment", PostStatus.Published);
        (FirstCommentState, FirstCommentExternalId, FirstCommentError) = (state, externalId, error);
        Changed(now);
    }

    /// <summary>
    /// Makes a failed first comment pending again, so it is sent once more; refused unless it failed (one that was sent,
    /// or may have been, is never sent twice).
    /// </summary>
    public void RetryFirstComment(DateTimeOffset now)
    {
        Expect("comment", PostStatus.Published);
        if (string.IsNullOrWhiteSpace(FirstComment) || FirstCommentState != PartState.Failed)
        {
            throw new ConflictException(FirstCommentState switch
            {
                _ when string.IsNullOrWhiteSpace(FirstComment) => "This post has no first comment.",
                PartState.Published => "The first comment is on the platform already.",
                PartState.Unknown => "The first comment may be on the platform already: check there before anything is sent again.",
                _ => "The first comment has not been sent yet.",
            }, Status.ToString());
        }

        (FirstCommentState, FirstCommentError) = (PartState.Pending, null);
        Changed(now);
    }

    /// <summary>It fell due while SocialOps was not running, and outside the grace window.</summary>
    public void MarkMissed(string reason, DateTimeOffset now)
    {
        Expect("miss", PostStatus.Scheduled);
        StatusReason = reason;
        Status = PostStatus.Missed;
        Changed(now);
    }

    /// <summary>
    /// The post is on the platform: from its publishing run, from a person or the platform settling an unknown outcome,
    /// or from a success that arrived after someone else had moved the post on (a success wins over any later guess).
    /// </summary>
    public void MarkPublished(string? externalId, string? externalUrl, DateTimeOffset publishedAt, string? reason, DateTimeOffset now)
    {
        if (Status == PostStatus.Published)
        {
            throw new ConflictException("This post is already published.", Status.ToString());
        }

        PublishedAt = publishedAt;
        (ExternalId, ExternalUrl) = (externalId ?? ExternalId, externalUrl ?? ExternalUrl);
        StatusReason = reason;
        RetryAt = null;
        InQueue = false;
        Status = PostStatus.Published;
        Changed(now);
    }

    /// <summary>A transient failure with attempts left: tried again at <paramref name="retryAt"/>.</summary>
    public void Retry(string reason, DateTimeOffset retryAt, DateTimeOffset now)
    {
        Expect("retry", PostStatus.Publishing);
        StatusReason = reason;
        RetryAt = retryAt;
        Status = PostStatus.Retrying;
        Changed(now);
    }

    /// <summary>It did not go out and will not by itself: from its run, or a person who checked the platform.</summary>
    public void MarkFailed(string reason, DateTimeOffset now)
    {
        Expect("fail", PostStatus.Publishing, PostStatus.Unconfirmed);
        StatusReason = reason;
        RetryAt = null;
        Status = PostStatus.Failed;
        Changed(now);
    }

    /// <summary>The platform was called but its answer was lost: it needs reconciling, never a blind retry.</summary>
    public void MarkUnconfirmed(string reason, DateTimeOffset now)
    {
        Expect("leave unconfirmed", PostStatus.Publishing);
        StatusReason = reason;
        Status = PostStatus.Unconfirmed;
        Changed(now);
    }

    /// <summary>Calls the post off; it leaves its queue.</summary>
    public void Cancel(string? reason, DateTimeOffset now)
    {
        Expect("cancel", Changeable);
        StatusReason = reason;
        RetryAt = null;
        InQueue = false;
        Status = PostStatus.Cancelled;
        Changed(now);
    }

    /// <summary>A draft is deleted: open pages drop it (the caller removes the row in the same save).</summary>
    public void Discard(DateTimeOffset now)
    {
        Expect("delete", PostStatus.Draft);
        Status = PostStatus.Cancelled;
        Changed(now);
    }

    public IReadOnlyList<IEvent> TakeEvents(EntityState before)
    {
        var events = new List<IEvent>(_raised.Count + 1);
        if (_changedAt is { } at)
        {
            events.Add(new PostStatusChanged(Id, Platform, Status, ScheduledFor, at));
        }
        else if (before == EntityState.Added)
        {
            events.Add(new PostStatusChanged(Id, Platform, Status, ScheduledFor, CreatedAt));
        }

        events.AddRange(_raised.Select(raise => raise(this)));
        _raised.Clear();
        _changedAt = null;
        return events;
    }

    private PostPart Part(int index) =>
        Parts.SingleOrDefault(p => p.Index == index) ?? throw new InvalidOperationException($"Post {Id} has no part {index}.");

    private void Changed(DateTimeOffset now)
    {
        UpdatedAt = now;
        _changedAt = now;
    }

    private void Expect(string action, params PostStatus[] from)
    {
        if (!from.Contains(Status))
        {
            throw new ConflictException($"This post is {Status}: it cannot {action} from there.", Status.ToString());
        }
    }
}

internal sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> b)
    {
        b.Property(p => p.Content).HasMaxLength(70_000);
        b.Property(p => p.ExternalId).HasMaxLength(300);
        b.Property(p => p.ExternalUrl).HasMaxLength(1000);
        b.Property(p => p.StatusReason).HasMaxLength(2000);
        b.Property(p => p.CreatedById).HasMaxLength(450);
        b.Property(p => p.ReviewComment).HasMaxLength(2000);
        b.Property(p => p.Campaign).HasMaxLength(100);
        b.Property(p => p.ExternalCid).HasMaxLength(200);
        b.Property(p => p.FirstComment).HasMaxLength(70_000);
        b.Property(p => p.FirstCommentExternalId).HasMaxLength(300);
        b.Property(p => p.FirstCommentError).HasMaxLength(2000);
        b.HasMany(p => p.Parts).WithOne().HasForeignKey(p => p.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.AccountId, p.InQueue, p.ScheduledFor });
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => new { p.Status, p.ScheduledFor });
        b.HasIndex(p => new { p.Platform, p.PublishedAt });

        // Analytics reads published posts by time over every platform: a range seek, never a scan of all posts.
        b.HasIndex(p => new { p.Status, p.PublishedAt });
        b.HasIndex(p => new { p.ScheduleId, p.OccurrenceAt }).IsUnique();
        b.HasOne(p => p.Account).WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(p => p.Schedule).WithMany(s => s.Posts).HasForeignKey(p => p.ScheduleId).OnDelete(DeleteBehavior.SetNull);
    }
}
