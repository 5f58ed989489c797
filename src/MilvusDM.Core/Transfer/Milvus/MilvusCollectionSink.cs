using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// Writes batches into a Milvus collection: creates it from the source schema or checks the existing one,
/// applies the mode, creates the partition, inserts (or upserts) concurrently, and at the end flushes,
/// creates indexes and loads when asked.
/// </summary>
public sealed class MilvusCollectionSink(MilvusClient client, MilvusSinkOptions options) : IVectorSink, IResumableSink, IAbandonableSink
{
    private CollectionSpec? _target;
    private bool _resuming, _replaceUncertain, _created;

    /// <summary>The rest of an interrupted transfer: the collection keeps what it holds (Skip and Overwrite act as Append).</summary>
    public void PrepareForResume(bool replaceUncertain) => (_resuming, _replaceUncertain) = (true, replaceUncertain);

    private WriteMode Mode => _resuming && options.Mode is WriteMode.Skip or WriteMode.Overwrite ? WriteMode.Append : options.Mode;
    private HashSet<string> _send = [];
    private bool _dropKeys;
    private IReadOnlyList<IndexSpec> _indexes = options.Indexes;

    /// <summary>The partition written: the one asked for or, for a file import, the one the file's rows came from.</summary>
    public string? Partition { get; private set; } = options.PartitionName;

    public string Description => $"{client.Address}{client.Database}/{options.CollectionName}{(string.IsNullOrEmpty(options.PartitionName) ? "" : "/" + options.PartitionName)}";

    public MilvusClient Client => client;
    public MilvusSinkOptions Options => options;

    public async Task<SinkPreparation> PrepareAsync(CollectionSpec source, CancellationToken ct)
    {
        var notes = new List<string>();
        string name = options.CollectionName;
        if (options.FollowSource) FollowSource(source);
        // Before anything exists: Milvus would refuse these only after the collection was made or every row was written.
        CheckNames(client, name, Partition);
        IndexRules.Check(source, _indexes);
        if (await client.EnsureDatabaseAsync(ct).ConfigureAwait(false)) notes.Add($"Created database '{client.Database}'.");
        bool exists = await client.HasCollectionAsync(name, ct).ConfigureAwait(false);
        if (exists && Mode == WriteMode.Skip)
            return SinkPreparation.Skipped($"Collection '{name}' already exists (mode Skip).");
        if (exists && Mode == WriteMode.Overwrite)
        {
            long dropped = await client.GetCollectionRowCountAsync(name, ct).ConfigureAwait(false);
            await client.DropCollectionAsync(name, ct).ConfigureAwait(false);
            notes.Add($"Dropped collection '{name}' ({dropped:N0} rows) and recreated it (mode Overwrite).");
            exists = false;
        }
        if (!exists)
        {
            var create = source with { Name = name, Partitions = [], Indexes = [], Aliases = [], CollectionId = 0, DatabaseName = "" };
            await client.CreateCollectionAsync(create, ct).ConfigureAwait(false);
            _created = true;
            if (Mode != WriteMode.Overwrite) notes.Add($"Created collection '{name}'.");
        }
        _target = await client.DescribeCollectionAsync(name, ct).ConfigureAwait(false);
        SchemaCompatibility.Check(source, _target);

        var pk = _target.PrimaryField;
        _dropKeys = pk.AutoId && source.Field(pk.Name) is not null && _target.Properties.GetValueOrDefault("allow_insert_auto_id") != "true";
        if (_dropKeys && Mode == WriteMode.Upsert)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "UpsertIntoAutoIdCollection",
                $"Collection '{name}' assigns its own primary keys (auto-id): rows cannot be upserted by the source keys.", "Use {Mode Append}, or a collection whose primary key is not auto-id.");
        if (_dropKeys) notes.Add($"Collection '{name}' has an auto-id primary key: the source keys are not kept and the server assigns new ones.");
        if (_dropKeys && _replaceUncertain)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidOperation, "ResumeNotExact",
                $"The earlier run into '{name}' was cut while rows were in flight, and '{name}' assigns its own keys: they cannot be sent again without doubling some, nor found to be deleted.",
                "Start the transfer over into an empty collection (mode Overwrite), or into a collection whose primary key is not auto-id.");
        _send = _target.Fields.Where(f => !f.IsFunctionOutput && !(f.IsPrimaryKey && _dropKeys)).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        if (_target.EnableDynamicField) _send.Add("$meta");

        if (!string.IsNullOrEmpty(Partition) && !await client.HasPartitionAsync(name, Partition, ct).ConfigureAwait(false))
        {
            await client.CreatePartitionAsync(name, Partition, ct).ConfigureAwait(false);
            notes.Add($"Created partition '{Partition}'.");
        }
        return new SinkPreparation(false, notes);
    }

    /// <summary>See <see cref="MilvusSinkOptions.FollowSource"/>.</summary>
    private void FollowSource(CollectionSpec source)
    {
        string? metric = source.Indexes.FirstOrDefault(i => source.VectorFields.Any(v => v.Name == i.FieldName))?.MetricType;
        if (options.Indexes.Count == 0)
            _indexes = options.IndexType is null && source.Indexes.Count > 0
                ? source.Indexes.Select(i => i with { IndexedRows = 0, TotalRows = 0, State = "" }).ToArray()
                : [new IndexSpec { FieldName = "", IndexType = options.IndexType ?? "AUTOINDEX", MetricType = metric ?? "" }];
        if (string.IsNullOrEmpty(options.PartitionName) && source.Partitions.Count == 1) Partition = source.Partitions[0];
    }

    public async Task WriteAsync(VectorBatch batch, CancellationToken ct)
    {
        if (_target is null) throw new InvalidOperationException("PrepareAsync must run before WriteAsync.");
        var columns = batch.Columns.Where(c => _send.Contains(c.Name)).ToArray();
        var send = columns.Length == batch.Columns.Count ? batch : new VectorBatch(columns, batch.Position);
        if (Mode == WriteMode.Upsert)
            await client.UpsertAsync(options.CollectionName, send, Partition, ct).ConfigureAwait(false);
        else
            await client.InsertAsync(options.CollectionName, send, Partition, ct).ConfigureAwait(false);
    }

    /// <summary>Rows an earlier, cut run may already have written: upserted by key, so each is stored once.</summary>
    public async Task WriteReplacingAsync(VectorBatch batch, CancellationToken ct)
    {
        if (_target is null) throw new InvalidOperationException("PrepareAsync must run before WriteReplacingAsync.");
        var columns = batch.Columns.Where(c => _send.Contains(c.Name)).ToArray();
        await client.UpsertAsync(options.CollectionName, columns.Length == batch.Columns.Count ? batch : new VectorBatch(columns, batch.Position), Partition, ct).ConfigureAwait(false);
    }

    /// <summary>The target's database, collection and partition names, by Milvus's rules.</summary>
    public static void CheckNames(MilvusClient client, string collection, string? partition)
    {
        if (!string.IsNullOrEmpty(client.Database)) NameRules.CheckDatabase(client.Database);
        NameRules.CheckCollection(collection);
        if (partition is not null) NameRules.CheckPartition(partition);
    }

    /// <summary>A run that failed before any row was committed drops the collection it created (it would be left empty).</summary>
    public async Task<string?> AbandonAsync(CancellationToken ct)
    {
        if (!_created) return null;
        await client.DropCollectionAsync(options.CollectionName, ct).ConfigureAwait(false);
        _created = false;
        return $"Dropped collection '{options.CollectionName}', which this run had created: no row was written to it.";
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        string name = options.CollectionName;
        if (options.Flush) await client.FlushAndWaitAsync(name, ct: ct).ConfigureAwait(false);
        var existing = (await client.DescribeIndexesAsync(name, ct).ConfigureAwait(false)).Select(i => i.FieldName).ToHashSet(StringComparer.Ordinal);
        // An index without a field name goes on the first vector field.
        var wanted = _indexes.Select(i => i.FieldName.Length == 0 && _target?.VectorFields.FirstOrDefault() is { } v ? i with { FieldName = v.Name } : i);
        foreach (var index in wanted.Where(i => !existing.Contains(i.FieldName)))
            await client.CreateIndexAsync(name, index, ct).ConfigureAwait(false);
        if (options.Load) await LoadAsync(client, name, ct).ConfigureAwait(false);
    }

    /// <summary>The end of writes that flushed nothing themselves (several files into one collection): one flush, and the load when asked.</summary>
    public static async Task FinishAsync(MilvusClient client, string name, bool load, CancellationToken ct)
    {
        await client.FlushAndWaitAsync(name, ct: ct).ConfigureAwait(false);
        if (load) await LoadAsync(client, name, ct).ConfigureAwait(false);
    }

    /// <summary>Loads the collection, first giving AUTOINDEX to vector fields without an index (Milvus loads only indexed ones).</summary>
    private static async Task LoadAsync(MilvusClient client, string name, CancellationToken ct)
    {
        var target = await client.DescribeCollectionAsync(name, ct).ConfigureAwait(false);
        var existing = (await client.DescribeIndexesAsync(name, ct).ConfigureAwait(false)).Select(i => i.FieldName).ToHashSet(StringComparer.Ordinal);
        foreach (var v in target.VectorFields.Where(v => !existing.Contains(v.Name)))
            await client.CreateIndexAsync(name, new IndexSpec { FieldName = v.Name, IndexType = "AUTOINDEX" }, ct).ConfigureAwait(false);
        await client.LoadCollectionAsync(name, ct: ct).ConfigureAwait(false);
        await client.WaitForLoadedAsync(name, ct: ct).ConfigureAwait(false);
    }
}
