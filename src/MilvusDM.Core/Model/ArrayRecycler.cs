namespace MilvusDM.Core.Model;

/// <summary>
/// Reuses the large arrays of one read's batches, so a transfer's memory stays flat instead of the large-object heap
/// growing with the file. Ownership is explicit: a source rents the arrays and puts into a <see cref="BatchLease"/>
/// only arrays no one else holds; the transfer engine alone returns a lease, once the destination acknowledged the
/// write and keeps nothing of it. A batch handed to anyone else (Read-* cmdlets, a slice, a failed write) is simply
/// never returned and goes to the garbage collector. Arrays are matched by exact length (a source's batches are all
/// the same size but the last), and at most <c>capacity</c> wait here, so odd sizes cannot pile up.
/// </summary>
internal sealed class ArrayRecycler(int capacity = 16)
{
    private readonly List<Array> _free = [];

    /// <summary>An array of exactly <paramref name="length"/> elements, reused or new; its contents are not cleared.</summary>
    public T[] Rent<T>(int length)
    {
        lock (_free)
            for (int i = _free.Count - 1; i >= 0; i--)
                if (_free[i].GetType() == typeof(T[]) && _free[i].Length == length)
                {
                    var found = (T[])_free[i];
                    _free.RemoveAt(i);
                    return found;
                }
        return new T[length];
    }

    public BatchLease Lease(params Array?[] arrays) => new(this, arrays);

    /// <summary>Takes arrays back; the caller must hold the only reference to each.</summary>
    public void Return(params Array?[] arrays)
    {
        lock (_free)
            foreach (var a in arrays)
                if (a is { Length: > 0 } && _free.Count < capacity) _free.Add(a);
    }
}

/// <summary>The recyclable arrays of one batch; returned at most once.</summary>
internal sealed class BatchLease(ArrayRecycler owner, Array?[] arrays)
{
    private int _returned;

    public void Return()
    {
        if (Interlocked.Exchange(ref _returned, 1) == 0) owner.Return(arrays);
    }
}
