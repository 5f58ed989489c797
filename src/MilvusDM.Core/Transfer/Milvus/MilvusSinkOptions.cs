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

    /// <summary>
    /// A file import: with no <see cref="Indexes"/>, the vector index comes from the source's description — the index
    /// definitions a MilvusDM export carries, or <see cref="IndexType"/> (default AUTOINDEX) with the source's metric —
    /// and rows exported from one partition go back to it unless <see cref="PartitionName"/> names one.
    /// </summary>
    public bool FollowSource { get; init; }

    /// <summary>With <see cref="FollowSource"/>: the index type asked for (null: the file's own, or AUTOINDEX).</summary>
    public string? IndexType { get; init; }
}
