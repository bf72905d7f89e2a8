using System.Threading.Channels;

namespace SocialOps.Core.Sentiment.Engine;

/// <summary>
/// Coalesces texts from concurrent callers into batches of at most <c>maxBatch</c>, waiting at most
/// <c>maxWait</c> for a batch to fill after an idle spell. One reader runs the batches, so the session never runs more than one at a
/// time (its intra-op threads use the cores). Each batch is sorted by length before it is padded.
/// </summary>
public sealed class MicroBatcher : IDisposable
{
    public delegate void BatchRunner(ReadOnlySpan<int[]> batch, Span<SentimentScores> results);

    private readonly Channel<Slot> _queue = Channel.CreateUnbounded<Slot>(new UnboundedChannelOptions { SingleReader = true });
    private readonly BatchRunner _run;
    private readonly int _maxBatch;
    private readonly TimeSpan _maxWait;
    private readonly TimeProvider _time;
    private readonly Task _loop;
    private volatile bool _closing;

    public MicroBatcher(BatchRunner run, int maxBatch, TimeSpan maxWait, TimeProvider time)
    {
        (_run, _maxBatch, _maxWait, _time) = (run, maxBatch, maxWait, time);
        _loop = Task.Factory.StartNew(LoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public Task<SentimentScores[]> SubmitAsync(int[][] encoded, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var request = new Request(encoded.Length);
        if (encoded.Length == 0)
        {
            return Task.FromResult(request.Results);
        }

        // Longest-first within a request, so that a request larger than one batch is split into batches of similar lengths.
        var order = Enumerable.Range(0, encoded.Length).OrderByDescending(i => encoded[i].Length).ToArray();
        foreach (var i in order)
        {
            ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(new Slot(request, i, encoded[i])), this);
        }

        return request.Done.Task.WaitAsync(ct);
    }

    /// <summary>
    /// Refuses new texts, lets the batch in flight finish (its callers get their answers, and the session is not
    /// disposed under it) and fails the texts still queued with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        _closing = true;
        _queue.Writer.TryComplete();
        _loop.Wait();
    }

    private async Task LoopAsync()
    {
        var items = new List<Slot>(_maxBatch);
        var ids = new int[_maxBatch][];
        var results = new SentimentScores[_maxBatch];
        var reader = _queue.Reader;
        while (true)
        {
            // Waiting for company only pays after an idle spell: under load the queue refills while a batch runs, and
            // the rest of a large request is already queued, so a wait there would only add latency.
            var wasIdle = !reader.TryPeek(out _);
            if (!await reader.WaitToReadAsync())
            {
                break;
            }

            if (_closing)
            {
                while (reader.TryRead(out var queued))
                {
                    queued.Fail(new ObjectDisposedException(nameof(MicroBatcher), "the sentiment engine is shutting down"));
                }

                continue;
            }

            items.Clear();
            Drain(reader, items);
            if (wasIdle && items.Count < _maxBatch && _maxWait > TimeSpan.Zero)
            {
                await Task.Delay(_maxWait, _time);
                Drain(reader, items);
            }

            items.Sort((a, b) => a.Length.CompareTo(b.Length));
            for (var i = 0; i < items.Count; i++)
            {
                ids[i] = items[i].Ids;
            }

            try
            {
                _run(ids.AsSpan(0, items.Count), results.AsSpan(0, items.Count));
                for (var i = 0; i < items.Count; i++)
                {
                    items[i].Complete(results[i]);
                }
            }
#pragma warning disable CA1031 // The failure goes to every caller of the batch; the loop must survive it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var item in items)
                {
                    item.Fail(ex);
                }
            }
        }
    }

    private void Drain(ChannelReader<Slot> reader, List<Slot> items)
    {
        while (items.Count < _maxBatch && reader.TryRead(out var slot))
        {
            items.Add(slot);
        }
    }

    /// <summary>One caller's texts: results fill in as their batches finish.</summary>
    private sealed class Request(int count)
    {
        public int Remaining = count;
        public int Failed;

        public SentimentScores[] Results { get; } = new SentimentScores[count];

        public TaskCompletionSource<SentimentScores[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One queued text.</summary>
    private readonly record struct Slot(Request Owner, int Index, int[] Ids)
    {
        public int Length => Ids.Length;

        public void Complete(SentimentScores scores)
        {
            Owner.Results[Index] = scores;
            if (Interlocked.Decrement(ref Owner.Remaining) == 0)
            {
                Owner.Done.TrySetResult(Owner.Results);
            }
        }

        public void Fail(Exception ex)
        {
            if (Interlocked.Exchange(ref Owner.Failed, 1) == 0)
            {
                Owner.Done.TrySetException(ex);
            }
        }
    }
}
