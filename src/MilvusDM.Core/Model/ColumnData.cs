namespace MilvusDM.Core.Model;

/// <summary>
/// One column of a <see cref="VectorBatch"/>. Columns are always row-aligned (one slot per row);
/// a nullable column marks null rows in <see cref="Validity"/> and keeps a placeholder in the data.
/// </summary>
public abstract class ColumnData
{
    protected ColumnData(string name, MilvusDataType dataType, int rowCount, bool[]? validity)
    {
        if (validity is not null && validity.Length != rowCount)
            throw new ArgumentException($"Column '{name}': validity has {validity.Length} entries for {rowCount} rows.", nameof(validity));
        Name = name;
        DataType = dataType;
        RowCount = rowCount;
        Validity = validity;
    }

    public string Name { get; }
    public MilvusDataType DataType { get; }
    public int RowCount { get; }

    /// <summary>Null when every row has a value; otherwise false marks a null row.</summary>
    public bool[]? Validity { get; }

    /// <summary>True for the dynamic <c>$meta</c> JSON column.</summary>
    public bool IsDynamic { get; init; }

    public bool IsNull(int row) => Validity is not null && !Validity[row];

    /// <summary>Approximate payload bytes, used to cut batches under the request limit.</summary>
    public abstract long ByteSize { get; }

    /// <summary>The value of one row as a plain .NET object (null for a null row).</summary>
    public abstract object? GetValue(int row);

    /// <summary>A copy of rows [start, start+count).</summary>
    public abstract ColumnData Slice(int start, int count);

    protected bool[]? SliceValidity(int start, int count) => Validity?.AsSpan(start, count).ToArray();
}
