using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>Cuts source batches so no write exceeds the row or byte limit, keeping positions exact.</summary>
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

    private static VectorBatch WithLastKey(VectorBatch b, string? primaryKey)
    {
        if (primaryKey is null || b[primaryKey] is not { } pk || b.Position is null || b.Position.LastKey is not null) return b;
        return new VectorBatch(b.Columns, b.Position with { LastKey = pk.GetValue(b.RowCount - 1) });
    }
}
