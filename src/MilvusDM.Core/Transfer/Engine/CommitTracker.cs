using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// Batches are acknowledged out of order when several writes are in flight; the checkpoint may only move
/// over a gap-free prefix. Tracks sequence numbers and advances the watermark as the prefix grows.
/// </summary>
internal sealed class CommitTracker
{
    private readonly SortedDictionary<long, (SourcePosition? Position, int Rows)> _done = [];
    private readonly object _gate = new();
    private long _next;

    public long RowsCommitted { get; private set; }
    public SourcePosition? Watermark { get; private set; }

    /// <summary>End offset of the furthest batch handed to a writer: rows up to it may have landed.</summary>
    public long? HighWater { get; private set; }

    /// <summary>Records that a batch ending at <paramref name="endOffset"/> is about to be written.</summary>
    public void Dispatch(long? endOffset)
    {
        lock (_gate)
            if (endOffset is { } end && (HighWater is null || end > HighWater)) HighWater = end;
    }

    /// <summary>Watermark, rows committed and high water, read together.</summary>
    public (SourcePosition? Watermark, long Rows, long? HighWater) Snapshot()
    {
        lock (_gate) return (Watermark, RowsCommitted, HighWater);
    }

    /// <summary>Records batch <paramref name="sequence"/> as acknowledged; true when the watermark moved.</summary>
    public bool Acknowledge(long sequence, SourcePosition? position, int rows)
    {
        lock (_gate)
        {
            _done[sequence] = (position, rows);
            bool moved = false;
            while (_done.Remove(_next, out var d))
            {
                _next++;
                RowsCommitted += d.Rows;
                if (d.Position is not null) Watermark = d.Position;
                moved = true;
            }
            return moved;
        }
    }
}
