using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// Cuts source batches so no write exceeds the row or byte limit, keeping positions exact. An uncut batch keeps its
/// lease; cut pieces are copies without one, so the source batch's arrays are free once it is cut.
/// </summary>
internal static class BatchCutter
{
    public static IEnumerable<VectorBatch> Cut(VectorBatch batch, int maxRows, long maxBytes, string? primaryKey)
    {
        if (batch.RowCount == 0) yield break;
        long bytesPerRow = Math.Max(1, (batch.ByteSize + batch.RowCount - 1) / batch.RowCount);
        int rows = (int)Math.Clamp(maxBytes / bytesPerRow, 1, maxRows);
        if (rows >= batch.RowCount && batch.ByteSize <= maxBytes)
        {
            yield return WithLastKey(batch, primaryKey);
            yield break;
        }
        for (int start = 0; start < batch.RowCount; start += rows)
            yield return WithLastKey(batch.Slice(start, Math.Min(rows, batch.RowCount - start)), primaryKey);
    }

    /// <summary>
    /// Rows to ask the source for, so batches of fixed-width rows arrive within the byte limit and are not cut into
    /// copies (the estimate counts 8 bytes for any scalar; wider rows, e.g. long strings, are still cut).
    /// </summary>
    public static int RowsThatFit(CollectionSpec spec, int maxRows, long maxBytes)
    {
        long perRow = 0;
        foreach (var f in spec.Fields)
            perRow += f is { DataType: MilvusDataType.FloatVector or MilvusDataType.BinaryVector or MilvusDataType.Float16Vector
                or MilvusDataType.BFloat16Vector or MilvusDataType.Int8Vector, Dimension: int dim } ? f.DataType.BytesPerRow(dim) : 8;
        return (int)Math.Clamp(maxBytes / Math.Max(1, perRow), 1, maxRows);
    }

    private static VectorBatch WithLastKey(VectorBatch b, string? primaryKey)
    {
        if (primaryKey is null || b[primaryKey] is not { } pk || b.Position is null || b.Position.LastKey is not null) return b;
        return new VectorBatch(b.Columns, b.Position with { LastKey = pk.GetValue(b.RowCount - 1) }) { Lease = b.Lease };   // the same arrays
    }
}
