namespace MilvusDM.Core.Faiss;

/// <summary>
/// A set of int64 ids in one flat array with open addressing (about 11 bytes per id at most ¾ full, against ~40 for
/// HashSet&lt;long&gt;): duplicate-id detection over a whole Faiss file without a per-id object.
/// </summary>
internal sealed class IdSet
{
    private const long Empty = long.MinValue;
    private long[] _slots = NewSlots(1 << 16);
    private bool _hasEmptyValue;
    private int _count;

    public int Count => _count + (_hasEmptyValue ? 1 : 0);

    /// <summary>Adds <paramref name="id"/>; false when it was already there.</summary>
    public bool Add(long id)
    {
        if (id == Empty)
        {
            if (_hasEmptyValue) return false;
            return _hasEmptyValue = true;
        }
        if ((_count + 1) * 4L > _slots.Length * 3L) Grow();
        return Insert(_slots, id);
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
        var old = _slots;
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
