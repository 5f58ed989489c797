namespace MilvusDM.TestServer.Storage;

/// <summary>
/// One segment of one partition, as Milvus keeps rows: inserts go to the partition's growing segment, which seals
/// when it reaches the configured row count (or on flush). Each segment answers a query on its own, in key order.
/// </summary>
internal sealed class Segment(long id, long partitionId)
{
    private readonly List<StoredRow> _rows = [];
    private int[] _order = [];
    private bool _dirty;

    public long Id { get; } = id;
    public long PartitionId { get; } = partitionId;
    public bool Sealed { get; set; }
    public int Count => _rows.Count;
    public IReadOnlyList<StoredRow> Rows => _rows;

    public void Add(StoredRow row)
    {
        _rows.Add(row);
        _dirty = true;
    }

    /// <summary>Row versions with a key greater than <paramref name="after"/> (all when null), ascending by key then insert ts.</summary>
    public IEnumerable<StoredRow> From(object? after)
    {
        var order = Order();
        for (int i = after is null ? 0 : Bound(order, after, strict: true); i < order.Length; i++) yield return _rows[order[i]];
    }

    /// <summary>Every version of <paramref name="key"/>.</summary>
    public IEnumerable<StoredRow> VersionsOf(object key)
    {
        var order = Order();
        for (int i = Bound(order, key, strict: false); i < order.Length && KeyComparer.Instance.Compare(_rows[order[i]].Pk, key) == 0; i++)
            yield return _rows[order[i]];
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
