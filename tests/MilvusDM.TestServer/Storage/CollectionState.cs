using Milvus.Client.Grpc;

namespace MilvusDM.TestServer.Storage;

/// <summary>
/// A collection held in memory: schema (with field ids), attributes, partitions, indexes, load state, rows.
/// Row values are in column order: the schema's fields, then its struct-array fields.
/// </summary>
internal sealed class CollectionState
{
    private Dictionary<string, int>? _columns;

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

    /// <summary>Whether the server honours allow_insert_auto_id (Milvus 2.6.3+).</summary>
    public bool AllowInsertAutoIdSupported { get; init; } = true;

    public FieldSchema PrimaryField => Schema.Fields.First(f => f.IsPrimaryKey);
    public FieldSchema? PartitionKeyField => Schema.Fields.FirstOrDefault(f => f.IsPartitionKey);
    public FieldSchema? Field(string name) => Schema.Fields.FirstOrDefault(f => f.Name == name);
    public StructArrayFieldSchema? Struct(string name) => Schema.StructArrayFields.FirstOrDefault(s => s.Name == name);
    public PartitionState? Partition(string name) => Partitions.FirstOrDefault(p => p.Name == name);

    /// <summary>Number of values per stored row.</summary>
    public int ColumnCount => Schema.Fields.Count + Schema.StructArrayFields.Count;

    /// <summary>The value index of a field or struct-array field; -1 when there is none.</summary>
    public int FieldIndex(string name)
    {
        _columns ??= Schema.Fields.Select(f => f.Name).Concat(Schema.StructArrayFields.Select(s => s.Name))
            .Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        return _columns.TryGetValue(name, out int i) ? i : -1;
    }

    /// <summary>The collection's timezone property (default UTC), used for Timestamptz strings.</summary>
    public string Timezone => Properties.TryGetValue("timezone", out var tz) && tz.Length > 0 ? tz : Validation.Timestamptz.DefaultTimezone;

    public HashSet<string> FunctionOutputs => new(Schema.Functions.SelectMany(f => f.OutputFieldNames), StringComparer.Ordinal);

    public bool AllowInsertAutoId => AllowInsertAutoIdSupported &&
        Properties.TryGetValue("allow_insert_auto_id", out var v) && bool.TryParse(v, out var b) && b;
}
