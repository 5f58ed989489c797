namespace MilvusDM.PowerShell;

/// <summary>What a Faiss index file holds (Get-FaissIndexInfo).</summary>
public sealed class MilvusFaissIndexInfo
{
    public string Path { get; init; } = "";
    public long FileSize { get; init; }

    /// <summary>The nesting of index types, outermost first, e.g. "IndexIDMap > IndexHNSW > IndexFlat".</summary>
    public string Type { get; init; } = "";

    public PrintableList<string> Fourccs { get; init; } = Array.Empty<string>();
    public int Dimension { get; init; }
    public long Count { get; init; }
    public string Metric { get; init; } = "";

    /// <summary>The Milvus metric the import uses (null when Milvus has none: pass -MetricType).</summary>
    public string? MilvusMetric { get; init; }

    /// <summary>FloatVector or BinaryVector.</summary>
    public string VectorType { get; init; } = "";

    /// <summary>Exact, Approximate (needs -AllowLossy), Transformed or None.</summary>
    public string Recoverability { get; init; } = "";

    public string Reason { get; init; } = "";

    public override string ToString() => $"{Path}: {Type}, {Count} × {Dimension}";
}
