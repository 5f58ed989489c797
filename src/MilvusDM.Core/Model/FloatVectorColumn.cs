namespace MilvusDM.Core.Model;

/// <summary>Float32 vectors, row-major in one flat array (rows × dimension).</summary>
public sealed class FloatVectorColumn : ColumnData
{
    public FloatVectorColumn(string name, int dimension, float[] data, bool[]? validity = null)
        : base(name, MilvusDataType.FloatVector, CheckedRows(name, dimension, data.Length), validity)
    {
        Dimension = dimension;
        Data = data;
    }

    public int Dimension { get; }
    public float[] Data { get; }

    public override long ByteSize => (long)Data.Length * 4;

    public ReadOnlySpan<float> GetVector(int row) => Data.AsSpan(row * Dimension, Dimension);

    public override object? GetValue(int row) => IsNull(row) ? null : GetVector(row).ToArray();

    public override ColumnData Slice(int start, int count) =>
        new FloatVectorColumn(Name, Dimension, Data.AsSpan(start * Dimension, count * Dimension).ToArray(), SliceValidity(start, count));

    private static int CheckedRows(string name, int dimension, int length)
    {
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), $"Column '{name}': dimension must be positive.");
        if (length % dimension != 0) throw new ArgumentException($"Column '{name}': {length} floats is not a multiple of dimension {dimension}.");
        return length / dimension;
    }
}
