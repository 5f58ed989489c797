namespace MilvusDM.Core.Faiss;

/// <summary>What a Faiss import accepts.</summary>
public sealed record FaissReadOptions
{
    /// <summary>Accept decoded approximations of lossy codes (SQ, PQ…).</summary>
    public bool AllowLossy { get; init; }

    /// <summary>Accept vectors in the transformed space of a non-invertible PreTransform chain.</summary>
    public bool AllowTransformed { get; init; }

    /// <summary>Keep repeated ids instead of failing.</summary>
    public bool AllowDuplicateIds { get; init; }

    /// <summary>Milvus metric to use instead of the index's own (needed for metrics Milvus lacks).</summary>
    public string? MetricType { get; init; }

    public string IdField { get; init; } = "id";
    public string VectorField { get; init; } = "embedding";
}
