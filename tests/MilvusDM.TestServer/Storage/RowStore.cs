namespace MilvusDM.TestServer.Storage;

/// <summary>
/// Row versions of one collection, held in segments as Milvus holds them, with MVCC visibility. A version is alive at
/// timestamp T when it was inserted at or before T and not deleted at or before T. Milvus does not de-duplicate
/// primary keys on insert: a key inserted twice is two entities (both counted by count(*)) until deleted, and a query
/// merges the segments' results returning each key once (the newest version wins the merge, as in Milvus's reduce).
/// </summary>
internal sealed class RowStore(int segmentRows, Func<long> newId)
{
    private readonly List<Segment> _segments = [];
    private readonly Dictionary<long, Segment> _growing = [];

    public IReadOnlyList<Segment> Segments => _segments;

    public static bool Alive(StoredRow r, ulong ts) => r.InsertTs <= ts && (r.DeleteTs == 0 || r.DeleteTs > ts);

    public void Add(StoredRow row)
    {
        if (!_growing.TryGetValue(row.PartitionId, out var s))
        {
            s = new Segment(newId(), row.PartitionId);
            _segments.Add(s);
            _growing[row.PartitionId] = s;
        }
        s.Add(row);
        if (s.Count >= segmentRows) Seal(s);
    }

    /// <summary>Rows of one import in new sealed segments of their partitions, as an import job writes them (it does not touch growing segments).</summary>
    public void AddSealed(IEnumerable<StoredRow> rows)
    {
        foreach (var part in rows.GroupBy(r => r.PartitionId))
        {
            var s = new Segment(newId(), part.Key) { Sealed = true };
            foreach (var r in part) s.Add(r);
            _segments.Add(s);
        }
    }

    /// <summary>Seals every growing segment (what Flush does).</summary>
    public void SealGrowing()
    {
        foreach (var s in _growing.Values.ToList()) Seal(s);
    }

    private void Seal(Segment s)
    {
        s.Sealed = true;
        _growing.Remove(s.PartitionId);
    }

    public void DropPartition(long partitionId)
    {
        _segments.RemoveAll(s => s.PartitionId == partitionId);
        _growing.Remove(partitionId);
    }

    /// <summary>Deletes every version of <paramref name="key"/> alive at <paramref name="ts"/> (in one partition when given).</summary>
    public void DeleteKey(object key, ulong ts, long? partitionId = null)
    {
        foreach (var s in _segments)
        {
            if (partitionId is { } p && s.PartitionId != p) continue;
            foreach (var r in s.VersionsOf(key))
                if (r.DeleteTs == 0 && r.InsertTs <= ts) r.DeleteTs = ts;
        }
    }

    /// <summary>Alive versions of the given keys (a primary-key lookup: binary search in each segment, no scan).</summary>
    public List<StoredRow> Lookup(IEnumerable<object> keys, ulong ts, IReadOnlySet<long> partitions)
    {
        var found = new List<StoredRow>();
        var scoped = _segments.Where(s => partitions.Contains(s.PartitionId)).ToArray();
        foreach (var key in keys.Distinct())
            foreach (var s in scoped)
                foreach (var r in s.VersionsOf(key))
                    if (Alive(r, ts)) found.Add(r);
        return found;
    }

    /// <summary>Entities alive at <paramref name="ts"/> in the partitions, matching the filter: what count(*) counts (repeated keys included).</summary>
    public long Count(ulong ts, IReadOnlySet<long> partitions, Func<StoredRow, bool>? match)
    {
        long n = 0;
        foreach (var s in _segments.Where(s => partitions.Contains(s.PartitionId)))
            foreach (var r in s.Rows)
                if (Alive(r, ts) && (match is null || match(r))) n++;
        return n;
    }

    /// <summary>
    /// A query as Milvus's segments answer it and its reduce merges them. Each segment returns, in key order, its alive
    /// versions with a key above <paramref name="after"/> that match, at most <paramref name="segmentLimit"/> of them,
    /// and says whether it had more. The merge takes the smallest key across the segment results (the newest version
    /// of a repeated key) and, with <paramref name="stopWhenDrained"/> (iterator + reduce_stop_for_best), stops as soon
    /// as a segment result that had more is used up: the prefix returned is complete and ordered, and may hold up to
    /// about segmentLimit × segments rows. Otherwise it stops after <paramref name="take"/> keys.
    /// </summary>
    public List<StoredRow> Query(ulong ts, object? after, IReadOnlySet<long> partitions, Func<StoredRow, bool>? match,
        int? segmentLimit, bool stopWhenDrained, long take = long.MaxValue)
    {
        var results = new List<(List<StoredRow> Rows, bool HasMore)>();
        foreach (var s in _segments.Where(s => partitions.Contains(s.PartitionId)))
        {
            var rows = new List<StoredRow>();
            bool more = false;
            foreach (var r in s.From(after))
            {
                if (!Alive(r, ts) || (match is not null && !match(r))) continue;
                if (rows.Count == segmentLimit) { more = true; break; }
                rows.Add(r);
            }
            if (rows.Count > 0) results.Add((rows, more));
        }

        var output = new List<StoredRow>();
        var cursors = new int[results.Count];
        var heads = new PriorityQueue<int, StoredRow>(HeadOrder.Instance);
        for (int i = 0; i < results.Count; i++) heads.Enqueue(i, results[i].Rows[0]);
        while (heads.TryDequeue(out int sel, out var row))
        {
            if (output.Count > 0 && KeyComparer.Instance.Compare(output[^1].Pk, row.Pk) == 0)
            {
                if (row.InsertTs > output[^1].InsertTs) output[^1] = row;   // a repeated key: the newest version stays
            }
            else
            {
                if (output.Count >= take) break;
                output.Add(row);
            }
            var (rows, hasMore) = results[sel];
            if (++cursors[sel] < rows.Count) heads.Enqueue(sel, rows[cursors[sel]]);
            else if (hasMore && stopWhenDrained) break;   // this segment may hold smaller keys than the others' next rows
        }
        return output;
    }

    /// <summary>Smallest key first; for one key the newest version first.</summary>
    private sealed class HeadOrder : IComparer<StoredRow>
    {
        public static readonly HeadOrder Instance = new();

        public int Compare(StoredRow? a, StoredRow? b)
        {
            int c = KeyComparer.Instance.Compare(a!.Pk, b!.Pk);
            return c != 0 ? c : b.InsertTs.CompareTo(a.InsertTs);
        }
    }
}
