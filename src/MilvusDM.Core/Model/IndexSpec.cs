namespace MilvusDM.Core.Model;

/// <summary>An index definition on one field (vector or scalar).</summary>
public sealed record IndexSpec
{
    public required string FieldName { get; init; }
    public string IndexName { get; init; } = "";

    /// <summary>e.g. HNSW, IVF_FLAT, AUTOINDEX, INVERTED.</summary>
    public required string IndexType { get; init; }

    /// <summary>e.g. L2, IP, COSINE, HAMMING, JACCARD, BM25; empty for scalar indexes.</summary>
    public string MetricType { get; init; } = "";

    /// <summary>Build parameters (e.g. M=16, efConstruction=200), values as JSON scalars' text.</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = FieldSpec.EmptyParams;

    public long IndexedRows { get; init; }
    public long TotalRows { get; init; }
    public string State { get; init; } = "";
}
