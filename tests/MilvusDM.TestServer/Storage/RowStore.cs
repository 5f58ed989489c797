namespace MilvusDM.TestServer.Storage;

/// <summary>
/// Row versions of one collection with MVCC visibility. Inserts append; a key-ordered index is rebuilt lazily
/// when a read needs it. At timestamp T a key shows its newest version inserted at or before T, unless that
/// version was deleted at or before T (deleting a key deletes all its older versions too, as upsert does).
/// </summary>
internal sealed class RowStore
{
    private readonly List<StoredRow> _rows = [];
    private int[] _order = [];
    private bool _dirty;

    public int VersionCount => _rows.Count;

    public void Add(StoredRow row)
    {
        _rows.Add(row);
        _dirty = true;
    }

    /// <summary>Visible rows at <paramref name="ts"/>, ascending by key, starting after <paramref name="after"/> when given.</summary>
    /// <param name="scope">Rows outside it (other partitions) are not searched: as in Milvus, a key repeated in another
    /// partition does not hide this partition's row when a query names its partitions.</param>
    public IEnumerable<StoredRow> Visible(ulong ts, object? after = null, Func<StoredRow, bool>? scope = null)
    {
        var order = Order();
        int i = after is null ? 0 : UpperBound(order, after);
        while (i < order.Length)
        {
            var key = _rows[order[i]].Pk;
            StoredRow? newest = null;
            for (; i < order.Length && KeyComparer.Instance.Compare(_rows[order[i]].Pk, key) == 0; i++)
            {
                var r = _rows[order[i]];
                if (r.InsertTs <= ts && (scope is null || scope(r))) newest = r;   // versions of one key are ordered by insert ts
            }
            if (newest is not null && (newest.DeleteTs == 0 || newest.DeleteTs > ts)) yield return newest;
        }
    }

    /// <summary>Deletes every version of <paramref name="key"/> alive at <paramref name="ts"/>.</summary>
    public void DeleteKey(object key, ulong ts)
    {
        var order = Order();
        for (int i = LowerBound(order, key); i < order.Length && KeyComparer.Instance.Compare(_rows[order[i]].Pk, key) == 0; i++)
        {
            var r = _rows[order[i]];
            if (r.DeleteTs == 0 && r.InsertTs <= ts) r.DeleteTs = ts;
        }
    }

    private int[] Order()
    {
        if (!_dirty) return _order;
        var order = new int[_rows.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            int c = KeyComparer.Instance.Compare(_rows[a].Pk, _rows[b].Pk);
            if (c == 0) c = _rows[a].InsertTs.CompareTo(_rows[b].InsertTs);
            return c != 0 ? c : a.CompareTo(b);
        });
        _order = order;
        _dirty = false;
        return order;
    }

    private int LowerBound(int[] order, object key) => Bound(order, key, strict: false);

    private int UpperBound(int[] order, object key) => Bound(order, key, strict: true);

    // First position whose key is > key (strict) or >= key (not strict).
    private int Bound(int[] order, object key, bool strict)
    {
        int lo = 0, hi = order.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = KeyComparer.Instance.Compare(_rows[order[mid]].Pk, key);
            if (c < 0 || (strict && c == 0)) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
