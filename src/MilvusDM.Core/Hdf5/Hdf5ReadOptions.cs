namespace MilvusDM.Core.Hdf5;

/// <summary>Which datasets to read and how to name the fields.</summary>
public sealed record Hdf5ReadOptions
{
    /// <summary>Vector dataset; default: embeddings (MilvusDM layout) or train (ann-benchmarks).</summary>
    public string? Dataset { get; init; }

    /// <summary>Id dataset; default: ids when present. Without one, ids are generated from <see cref="FirstId"/>.</summary>
    public string? IdDataset { get; init; }

    /// <summary>Extra 1-D datasets of the same length, imported as scalar fields of the same name.</summary>
    public IReadOnlyList<string> ScalarDatasets { get; init; } = [];

    /// <summary>First generated id when the file has no ids.</summary>
    public long FirstId { get; init; }

    /// <summary>Milvus metric to use instead of the file's (ann-benchmarks distance attribute).</summary>
    public string? MetricType { get; init; }

    /// <summary>Import files whose ids repeat (Milvus then holds every row, each key more than once) instead of failing.</summary>
    public bool AllowDuplicateIds { get; init; }

    public string IdField { get; init; } = "id";
    public string VectorField { get; init; } = "embedding";
}
