using MilvusDM.Core.Model;

namespace MilvusDM.PowerShell;

/// <summary>
/// A block of rows moving through the pipeline (keys, vectors, scalar fields). Scripts can inspect it:
/// <c>$b.Count</c>, <c>$b.Dimension</c>, <c>$b.Columns</c>, <c>$b.GetVector(0)</c>, <c>$b.GetValue('title', 0)</c>.
/// </summary>
public sealed class MilvusVectorBatch
{
    internal MilvusVectorBatch(VectorBatch inner) => Inner = inner;

    internal VectorBatch Inner { get; }

    public int Count => Inner.RowCount;

    /// <summary>Dimension of the first vector column (bits for binary vectors), 0 when there is none.</summary>
    public int Dimension => Inner.Columns.Select(c => c switch { FloatVectorColumn f => f.Dimension, ByteVectorColumn b => b.Dimension, _ => 0 }).FirstOrDefault(d => d > 0);

    public PrintableList<string> Columns => Inner.Columns.Select(c => c.Name).ToArray();

    /// <summary>Column name → Milvus data type.</summary>
    public PrintableList<string> ColumnTypes => Inner.Columns.Select(c => $"{c.Name}:{c.DataType}").ToArray();

    public long Bytes => Inner.ByteSize;

    public string? Position => Inner.Position?.ToString();

    /// <summary>Row <paramref name="row"/> of the first vector column (float[] for float vectors, byte[] otherwise).</summary>
    public object? GetVector(int row) => Inner.Columns.First(c => c.DataType.IsVector()).GetValue(row);

    public object? GetValue(string column, int row) => (Inner[column] ?? throw new ArgumentException($"No column '{column}'. Columns: {string.Join(", ", Columns)}.")).GetValue(row);

    public override string ToString() => $"{Count} rows [{string.Join(", ", ColumnTypes)}]";
}
