namespace MilvusDM.Core.Model;

/// <summary>
/// A collection's schema and everything needed to recreate it elsewhere: fields, functions,
/// properties, consistency, shards, partitions, indexes, aliases.
/// </summary>
public sealed record CollectionSpec
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required IReadOnlyList<FieldSpec> Fields { get; init; }
    public bool EnableDynamicField { get; init; }
    public IReadOnlyList<FunctionSpec> Functions { get; init; } = [];
    public IReadOnlyDictionary<string, string> Properties { get; init; } = FieldSpec.EmptyParams;
    public ConsistencyLevel ConsistencyLevel { get; init; } = ConsistencyLevel.Bounded;

    /// <summary>0 = server default.</summary>
    public int ShardsNum { get; init; }

    /// <summary>Partition-key collections only; 0 = server default.</summary>
    public long NumPartitions { get; init; }

    public IReadOnlyList<string> Partitions { get; init; } = [];
    public IReadOnlyList<IndexSpec> Indexes { get; init; } = [];
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Server-assigned id (0 for a spec not read from a server).</summary>
    public long CollectionId { get; init; }

    public string DatabaseName { get; init; } = "";

    public FieldSpec PrimaryField => Fields.FirstOrDefault(f => f.IsPrimaryKey)
        ?? throw new InvalidOperationException($"Collection '{Name}' has no primary key field.");

    public IEnumerable<FieldSpec> VectorFields => Fields.Where(f => f.DataType.IsVector());

    public FieldSpec? Field(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    public bool HasPartitionKey => Fields.Any(f => f.IsPartitionKey);
}
