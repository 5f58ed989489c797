namespace MilvusDM.Core.Model;

/// <summary>
/// The vectors of an ArrayOfVector sub-field of a struct array: per row, that row's vectors back to back (float[] of
/// count × dim for float vectors, byte[] of count × bytes-per-vector for the byte-encoded types).
/// </summary>
public sealed class VectorArrayColumn : ColumnData
{
    public VectorArrayColumn(string name, MilvusDataType elementType, int dimension, Array[] rows)
        : base(name, MilvusDataType.ArrayOfVector, rows.Length, null)
    {
        if (!elementType.IsDenseVector()) throw new ArgumentException($"Column '{name}': {elementType} cannot be an ArrayOfVector element.");
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), $"Column '{name}': dimension must be positive.");
        foreach (var r in rows)
            if ((elementType == MilvusDataType.FloatVector ? r is not float[] : r is not byte[]) || r.Length % ElementWidth(elementType, dimension) != 0)
                throw new ArgumentException($"Column '{name}': a row is not whole {elementType} vectors of dimension {dimension}.");
        ElementType = elementType;
        Dimension = dimension;
        Rows = rows;
    }

    public MilvusDataType ElementType { get; }
    public int Dimension { get; }
    public Array[] Rows { get; }

    /// <summary>Array elements of one vector: floats for FloatVector, bytes otherwise.</summary>
    public static int ElementWidth(MilvusDataType type, int dim) => type == MilvusDataType.FloatVector ? dim : type.BytesPerRow(dim);

    /// <summary>Vectors in one row.</summary>
    public int CountOf(int row) => Rows[row].Length / ElementWidth(ElementType, Dimension);

    public override long ByteSize => Rows.Sum(r => (long)r.Length * (r is float[] ? 4 : 1));

    /// <summary>The row's vectors, one array each (float[][] or byte[][]).</summary>
    public override object? GetValue(int row)
    {
        int width = ElementWidth(ElementType, Dimension), n = CountOf(row);
        return Rows[row] switch
        {
            float[] f => Enumerable.Range(0, n).Select(i => f.AsSpan(i * width, width).ToArray()).ToArray(),
            byte[] b => (object)Enumerable.Range(0, n).Select(i => b.AsSpan(i * width, width).ToArray()).ToArray(),
            _ => null,
        };
    }

    public override ColumnData Slice(int start, int count) => new VectorArrayColumn(Name, ElementType, Dimension, Rows.AsSpan(start, count).ToArray());
}
