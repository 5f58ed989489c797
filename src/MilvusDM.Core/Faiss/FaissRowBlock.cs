namespace MilvusDM.Core.Faiss;

/// <summary>A block of extracted rows: ids, and float vectors (Count × Dimension) or binary vectors (Count × Dimension/8 bytes).</summary>
internal sealed record FaissRowBlock(long[] Ids, float[]? Floats, byte[]? Bytes, int Dimension, string Part, long Offset)
{
    public int Count => Ids.Length;
}
