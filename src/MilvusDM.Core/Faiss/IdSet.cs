namespace MilvusDM.Core.Faiss;

/// <summary>
/// A set of int64 ids for duplicate-id detection over a whole file. While every id is larger than the one before (the
/// usual order of a file's ids), none can repeat: the ids are only kept as arithmetic runs (first, step, count), a few
/// bytes for a sequence 0, 1, 2… or 1, 4, 7…, so a large file costs no memory. The first id out of order (or too many
/// runs) turns the runs into a hash set in one flat array with open addressing (about 11 bytes per id at most ¾ full,
/// against ~40 for HashSet&lt;long&gt;).
/// </summary>
internal sealed class IdSet
{
    private const long Empty = long.MinValue;
    private const int MaxRuns = 1 << 16;
    private readonly List<(long First, long Step, long Count)> _runs = [];
    private long _last, _ascending;
    private long[]? _slots;   // null while the ids ascend
    private bool _hasEmptyValue;
    private int _count;

    public int Count => (int)_ascending + _count + (_hasEmptyValue ? 1 : 0);

    /// <summary>Adds <paramref name="id"/>; false when it was already there.</summary>
    public bool Add(long id)
    {
        if (_slots is null)
        {
            if (_ascending == 0 || id > _last)
            {
                Append(id);
                return true;
            }
            Materialize();
        }
        return AddHashed(id);
    }

    private void Append(long id)
    {
        // Differences wrap consistently, so a run replays its exact ids even across the whole int64 range.
        long step = unchecked(id - _last);
        if (_runs.Count > 0 && _runs[^1] is var r && (r.Count == 1 || step == r.Step))
            _runs[^1] = (r.First, step, r.Count + 1);
        else
            _runs.Add((id, 0, 1));
        _last = id;
        _ascending++;
        if (_runs.Count > MaxRuns) Materialize();
    }

    private void Materialize()
    {
        _slots = NewSlots((int)Math.Max(1 << 16, System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)(_ascending * 4 / 3 + 1))));
        _ascending = 0;
        foreach (var (first, step, count) in _runs)
            for (long k = 0; k < count; k++) AddHashed(unchecked(first + k * step));
        _runs.Clear();
    }

    private bool AddHashed(long id)
    {
        if (id == Empty)
        {
            if (_hasEmptyValue) return false;
            return _hasEmptyValue = true;
        }
        if ((_count + 1) * 4L > _slots!.Length * 3L) Grow();
        return Insert(_slots!, id);
    }

    private bool Insert(long[] slots, long id)
    {
        int mask = slots.Length - 1;
        for (int i = Slot(id, slots.Length); ; i = (i + 1) & mask)
        {
            if (slots[i] == id) return false;
            if (slots[i] == Empty)
            {
                slots[i] = id;
                if (ReferenceEquals(slots, _slots)) _count++;
                return true;
            }
        }
    }

    private void Grow()
    {
        var old = _slots!;
        _slots = NewSlots(old.Length * 2);
        _count = 0;
        foreach (var id in old)
            if (id != Empty) Insert(_slots, id);
    }

    /// <summary>Fibonacci hashing spreads sequential ids (the common case) over the table.</summary>
    private static int Slot(long id, int size) => (int)((ulong)(id * unchecked((long)0x9E3779B97F4A7C15)) >> (64 - System.Numerics.BitOperations.Log2((uint)size)));

    private static long[] NewSlots(int size)
    {
        var slots = new long[size];
        Array.Fill(slots, Empty);
        return slots;
    }
}
