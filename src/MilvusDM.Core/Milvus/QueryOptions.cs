using MilvusDM.Core.Model;

namespace MilvusDM.Core.Milvus;

/// <summary>One Query RPC, as Milvus understands it (see milvus-protocol.md §2.7 and §6).</summary>
public sealed record QueryOptions
{
    public string Expression { get; init; } = "";
    public IReadOnlyList<string> OutputFields { get; init; } = [];
    public IReadOnlyList<string> Partitions { get; init; } = [];
    public long? Limit { get; init; }
    public long? Offset { get; init; }

    /// <summary>Sends iterator=True: ordered by primary key, snapshot pinned by <see cref="GuaranteeTimestamp"/>.</summary>
    public bool Iterator { get; init; }

    /// <summary>Lets the server return more rows than the limit when it can prove them complete.</summary>
    public bool ReduceStopForBest { get; init; }

    public long CollectionId { get; init; }
    public ulong GuaranteeTimestamp { get; init; }

    /// <summary>Null: the collection's own consistency level.</summary>
    public ConsistencyLevel? Consistency { get; init; }
}

/// <summary>One page of query results.</summary>
public sealed record QueryPage(VectorBatch? Batch, int RowCount, ulong SessionTimestamp, string PrimaryFieldName);
