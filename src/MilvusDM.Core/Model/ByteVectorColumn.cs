namespace MilvusDM.Core.Model;

/// <summary>
/// Dense vectors stored as raw bytes: binary (dim bits → dim/8 bytes), float16 and bfloat16
/// (2 bytes per element, little-endian), int8 (1 signed byte per element).
/// </summary>
public sealed class ByteVectorColumn : ColumnData
{
    public ByteVectorColumn(string name, MilvusDataType dataType, int dimension, byte[] data, bool[]? validity = null)
        : base(name, dataType, CheckedRows(name, dataType, dimension, data.Length), validity)
    {
        Dimension = dimension;
        Data = data;
    }

    public int Dimension { get; }
    public byte[] Data { get; }
    public int BytesPerRow => DataType.BytesPerRow(Dimension);

    public override long ByteSize => Data.Length;

    public ReadOnlySpan<byte> GetVector(int row) => Data.AsSpan(row * BytesPerRow, BytesPerRow);

    public override object? GetValue(int row) => IsNull(row) ? null : GetVector(row).ToArray();

    public override ColumnData Slice(int start, int count) =>
        new ByteVectorColumn(Name, DataType, Dimension, Data.AsSpan(start * BytesPerRow, count * BytesPerRow).ToArray(), SliceValidity(start, count));

    private static int CheckedRows(string name, MilvusDataType type, int dimension, int length)
    {
        if (!type.IsDenseVector() || type == MilvusDataType.FloatVector)
            throw new ArgumentException($"Column '{name}': {type} is not a byte-encoded vector type.");
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), $"Column '{name}': dimension must be positive.");
        if (type == MilvusDataType.BinaryVector && dimension % 8 != 0)
            throw new ArgumentException($"Column '{name}': binary vector dimension {dimension} is not a multiple of 8.");
        int per = type.BytesPerRow(dimension);
        if (length % per != 0) throw new ArgumentException($"Column '{name}': {length} bytes is not a multiple of {per} bytes per row.");
        return length / per;
    }
}
