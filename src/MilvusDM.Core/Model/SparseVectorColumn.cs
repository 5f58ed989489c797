using System.Buffers.Binary;

namespace MilvusDM.Core.Model;

/// <summary>
/// Sparse float vectors in Milvus's row encoding: per row, pairs of (uint32 index, float32 value),
/// little-endian, indices ascending. Kept verbatim so copies are exact.
/// </summary>
public sealed class SparseVectorColumn : ColumnData
{
    public SparseVectorColumn(string name, byte[][] rows, bool[]? validity = null)
        : base(name, MilvusDataType.SparseFloatVector, rows.Length, validity)
    {
        foreach (var r in rows)
            if (r.Length % 8 != 0) throw new ArgumentException($"Column '{name}': a sparse row of {r.Length} bytes is not a multiple of 8.");
        Rows = rows;
    }

    public byte[][] Rows { get; }

    public override long ByteSize => Rows.Sum(r => (long)r.Length + 8);

    /// <summary>Encodes one row from (index, value) pairs, sorting by index.</summary>
    public static byte[] EncodeRow(IEnumerable<KeyValuePair<uint, float>> pairs)
    {
        var sorted = pairs.OrderBy(p => p.Key).ToArray();
        var bytes = new byte[sorted.Length * 8];
        for (int i = 0; i < sorted.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 8), sorted[i].Key);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 8 + 4), sorted[i].Value);
        }
        return bytes;
    }

    /// <summary>Decodes one row into an index → value dictionary.</summary>
    public IReadOnlyDictionary<uint, float> DecodeRow(int row)
    {
        var r = Rows[row];
        var d = new SortedDictionary<uint, float>();
        for (int i = 0; i + 8 <= r.Length; i += 8)
            d[BinaryPrimitives.ReadUInt32LittleEndian(r.AsSpan(i))] = BinaryPrimitives.ReadSingleLittleEndian(r.AsSpan(i + 4));
        return d;
    }

    public override object? GetValue(int row) => IsNull(row) ? null : DecodeRow(row);

    public override ColumnData Slice(int start, int count) =>
        new SparseVectorColumn(Name, Rows.AsSpan(start, count).ToArray(), SliceValidity(start, count));
}
