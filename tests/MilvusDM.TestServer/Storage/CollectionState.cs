using Milvus.Client.Grpc;

namespace MilvusDM.TestServer.Storage;

/// <summary>A collection held in memory: schema (with field ids), attributes, partitions, indexes, load state, rows.</summary>
internal sealed class CollectionState
{
    public required string Name { get; init; }
    public required long Id { get; init; }
    public required CollectionSchema Schema { get; init; }
    public required int ShardsNum { get; init; }
    public required ConsistencyLevel Consistency { get; init; }
    public required long NumPartitions { get; init; }
    public required ulong CreatedTs { get; init; }
    public required byte[] CreateRequestFingerprint { get; init; }
    public ulong UpdateTs { get; set; }
    public Dictionary<string, string> Properties { get; } = new(StringComparer.Ordinal);
    public List<PartitionState> Partitions { get; } = [];
    public Dictionary<string, IndexInfo> Indexes { get; } = new(StringComparer.Ordinal);
    public required RowStore Rows { get; init; }

    public bool Loaded { get; set; }
    public DateTime LoadReadyUtc { get; set; }
    public DateTime LastFlushUtc { get; set; } = DateTime.MinValue;
    public int FlushCount { get; set; }

    public FieldSchema PrimaryField => Schema.Fields.First(f => f.IsPrimaryKey);
    public FieldSchema? PartitionKeyField => Schema.Fields.FirstOrDefault(f => f.IsPartitionKey);
    public FieldSchema? Field(string name) => Schema.Fields.FirstOrDefault(f => f.Name == name);
    public int FieldIndex(string name) => Schema.Fields.ToList().FindIndex(f => f.Name == name);
    public PartitionState? Partition(string name) => Partitions.FirstOrDefault(p => p.Name == name);

    public HashSet<string> FunctionOutputs => new(Schema.Functions.SelectMany(f => f.OutputFieldNames), StringComparer.Ordinal);

    public bool AllowInsertAutoId =>
        Properties.TryGetValue("allow_insert_auto_id", out var v) && bool.TryParse(v, out var b) && b;
}
