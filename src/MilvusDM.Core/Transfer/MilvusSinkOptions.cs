using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>Where and how <see cref="MilvusCollectionSink"/> writes.</summary>
public sealed record MilvusSinkOptions
{
    public required string CollectionName { get; init; }

    /// <summary>Target partition; created when missing. Null or empty: the default partition.</summary>
    public string? PartitionName { get; init; }

    public WriteMode Mode { get; init; } = WriteMode.Append;

    /// <summary>Indexes to create at the end when the collection has none on that field (empty field name: the first vector field).</summary>
    public IReadOnlyList<IndexSpec> Indexes { get; init; } = [];

    /// <summary>Load the collection at the end (creating a default index on unindexed vector fields first).</summary>
    public bool Load { get; init; }

    /// <summary>Flush at the end so statistics show the rows.</summary>
    public bool Flush { get; init; } = true;

    /// <summary>Properties, consistency level, shards or partitions for a collection this sink creates.</summary>
    public Func<CollectionSpec, CollectionSpec>? AdjustCreatedSpec { get; init; }
}
