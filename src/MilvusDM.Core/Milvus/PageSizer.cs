using MilvusDM.Core.Model;

namespace MilvusDM.Core.Milvus;

/// <summary>
/// Chooses the limit of each iterator page so the reduced result stays far under Milvus's maxOutputSize (100 MB):
/// with reduce_stop_for_best a page can hold up to limit × loaded segments rows (milvus-protocol.md §6.2, §11.1).
/// It starts from the row width and the segment count, grows while pages come back small (keys inserted in order
/// fill a page from few segments), halves when they come back large, and shrinks to a quarter when the server
/// refuses a page, never growing back to a refused size.
/// </summary>
internal sealed class PageSizer
{
    /// <summary>The page size aimed at: a fifth of the 100 MB that Milvus refuses.</summary>
    public const long TargetPageBytes = 20L << 20;

    private readonly long _rowBytes;
    private readonly int _segments;
    private int _ceiling;

    public PageSizer(long rowBytes, int segments, int maxLimit)
    {
        _rowBytes = Math.Max(1, rowBytes);
        _segments = Math.Max(1, segments);
        _ceiling = maxLimit > 0 ? Math.Min(maxLimit, MilvusQueryIterator.MaxPageSize) : MilvusQueryIterator.MaxPageSize;
        Limit = (int)Math.Clamp(TargetPageBytes / (_rowBytes * _segments), 1, _ceiling);
    }

    public int Limit { get; private set; }

    public string Describe() =>
        $"Query pages: limit {Limit} rows (about {_rowBytes} bytes a row, {_segments} loaded segment(s); a page can hold up to limit × segments rows).";

    /// <summary>Adapts the limit to a page of <paramref name="rows"/> rows.</summary>
    public void Observe(int rows)
    {
        long bytes = rows * _rowBytes;
        if (bytes < TargetPageBytes / 4) Limit = Math.Min(_ceiling, Limit * 2);
        else if (bytes > TargetPageBytes * 2) Limit = Math.Max(1, Limit / 2);
    }

    /// <summary>After a refused page: a quarter of the limit, and no growing back to it. False when it cannot shrink.</summary>
    public bool Shrink()
    {
        if (Limit <= 1) return false;
        _ceiling = Math.Max(1, Limit / 2);
        Limit = Math.Max(1, Limit / 4);
        return true;
    }

    /// <summary>
    /// The reduce refused the result ("query results exceed the maxOutputSize Limit N", code 65535, raw from the proxy
    /// or wrapped by "fail to Query on QueryNode"), or segcore did before filling it (code 2019, "… exceed the limit size").
    /// </summary>
    public static bool IsResultTooLarge(Errors.MilvusServerException e) =>
        e.Reason.Contains("maxOutputSize", StringComparison.OrdinalIgnoreCase)
        || e.Reason.Contains("query results exceed the limit size", StringComparison.OrdinalIgnoreCase)
        || e.Code == 2019;

    /// <summary>Bytes one row of <paramref name="fields"/> takes in a result (vectors dominate).</summary>
    public static long RowBytes(CollectionSpec spec, IReadOnlyList<string> fields)
    {
        long rowBytes = 16;
        foreach (var f in spec.Fields.Where(f => fields.Contains(f.Name)))
            rowBytes += f.DataType switch
            {
                _ when f.DataType.IsDenseVector() => f.DataType.BytesPerRow(f.Dimension ?? 1),
                MilvusDataType.VarChar or MilvusDataType.String => Math.Min(f.MaxLength ?? 256, 1024),
                MilvusDataType.Json or MilvusDataType.Array or MilvusDataType.SparseFloatVector or MilvusDataType.Text or MilvusDataType.Geometry => 512,
                _ => 8,
            };
        if (fields.Contains("$meta")) rowBytes += 256;
        return rowBytes;
    }
}
