namespace MilvusDM.Core.Model;

/// <summary>
/// The unit that moves through MilvusDM: a columnar block of rows (primary key, vectors, scalars,
/// optional dynamic <c>$meta</c>), all columns with the same row count.
/// </summary>
public sealed class VectorBatch
{
    private readonly Dictionary<string, ColumnData> _byName;

    public VectorBatch(IReadOnlyList<ColumnData> columns, SourcePosition? position = null)
    {
        if (columns.Count == 0) throw new ArgumentException("A batch needs at least one column.", nameof(columns));
        int rows = columns[0].RowCount;
        _byName = new Dictionary<string, ColumnData>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            if (c.RowCount != rows)
                throw new ArgumentException($"Column '{c.Name}' has {c.RowCount} rows, column '{columns[0].Name}' has {rows}.", nameof(columns));
            if (!_byName.TryAdd(c.Name, c))
                throw new ArgumentException($"Column '{c.Name}' appears twice.", nameof(columns));
        }
        Columns = columns;
        RowCount = rows;
        Position = position;
    }

    public int RowCount { get; }
    public IReadOnlyList<ColumnData> Columns { get; }
    public SourcePosition? Position { get; init; }

    public ColumnData? this[string name] => _byName.GetValueOrDefault(name);

    /// <summary>The pooled arrays behind this batch's columns, when its source rented them (see <see cref="ArrayRecycler"/>).</summary>
    internal BatchLease? Lease { get; init; }

    /// <summary>Gives the pooled arrays back for reuse; only for the batch's last holder (the transfer engine).</summary>
    internal void Release() => Lease?.Return();

    public long ByteSize => Columns.Sum(c => c.ByteSize);

    /// <summary>A copy of rows [start, start+count) with the same columns.</summary>
    public VectorBatch Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (count < 0 || start + count > RowCount) throw new ArgumentOutOfRangeException(nameof(count));
        var pos = Position is null ? null : Position with { Offset = Position.Offset + start, LastKey = null };
        return new VectorBatch(Columns.Select(c => c.Slice(start, count)).ToArray(), pos);
    }

    /// <summary>The same rows with some columns replaced or added.</summary>
    public VectorBatch WithColumns(IEnumerable<ColumnData> replacements)
    {
        var list = Columns.ToList();
        foreach (var r in replacements)
        {
            int i = list.FindIndex(c => c.Name == r.Name);
            if (i >= 0) list[i] = r; else list.Add(r);
        }
        return new VectorBatch(list, Position);
    }

    /// <summary>The batch without the named columns.</summary>
    public VectorBatch WithoutColumns(IEnumerable<string> names)
    {
        var drop = new HashSet<string>(names, StringComparer.Ordinal);
        return new VectorBatch(Columns.Where(c => !drop.Contains(c.Name)).ToArray(), Position);
    }
}
