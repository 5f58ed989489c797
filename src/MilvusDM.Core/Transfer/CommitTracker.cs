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
