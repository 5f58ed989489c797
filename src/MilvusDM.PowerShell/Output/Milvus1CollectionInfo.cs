namespace MilvusDM.PowerShell;

/// <summary>One partition of a Milvus 1.x collection: its tag, the Milvus 2.x name it gets, its live rows by the metadata.</summary>
public sealed class Milvus1PartitionInfo
{
    public string Tag { get; init; } = "";
    public string MilvusName { get; init; } = "";
    public string TableId { get; init; } = "";
    public long Rows { get; init; }
    public int Segments { get; init; }

    public override string ToString() => Tag == MilvusName ? $"{Tag} ({Rows:N0})" : $"{Tag} → {MilvusName} ({Rows:N0})";
}

/// <summary>A live collection of a Milvus 1.x data path (Get-Milvus1Collection).</summary>
public sealed class Milvus1CollectionInfo
{
    public string Name { get; init; } = "";
    public string SourcePath { get; init; } = "";

    /// <summary>FloatVector or BinaryVector.</summary>
    public string VectorType { get; init; } = "";

    /// <summary>Dimension (bits for binary vectors).</summary>
    public int Dimension { get; init; }

    /// <summary>The Milvus 2.x metric.</summary>
    public string MetricType { get; init; } = "";
    public string IndexType { get; init; } = "";
    public string IndexParams { get; init; } = "";

    /// <summary>Live rows by the metadata (row_count).</summary>
    public long Rows { get; init; }
    public PrintableList<Milvus1PartitionInfo> Partitions { get; init; } = Array.Empty<Milvus1PartitionInfo>();
    public bool AutoIds { get; init; }
    public string Version { get; init; } = "";

    public override string ToString() => $"{Name} ({VectorType} {Dimension}, {MetricType}, {Rows:N0} rows)";
}
