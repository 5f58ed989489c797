using System.Globalization;
using Google.Protobuf;
using Milvus.Client.Grpc;
using MilvusDM.Core.Model;
using static MilvusDM.Core.Milvus.SchemaConverter;

namespace MilvusDM.Core.Milvus;

public sealed partial class MilvusClient
{
    public async Task<bool> HasCollectionAsync(string name, CancellationToken ct = default) =>
        (await InvokeAsync("HasCollection", o => _grpc.HasCollectionAsync(new HasCollectionRequest { DbName = Database, CollectionName = name }, o), x => x.Status, ct)
            .ConfigureAwait(false)).Value;

    /// <summary>Creates a collection from a spec: schema, functions, consistency, shards, properties, partition count.</summary>
    public Task CreateCollectionAsync(CollectionSpec spec, CancellationToken ct = default)
    {
        var request = new CreateCollectionRequest
        {
            DbName = Database,
            CollectionName = spec.Name,
            Schema = ByteString.CopyFrom(SerializeSchema(spec)),
            ShardsNum = spec.ShardsNum,
            ConsistencyLevel = (global::Milvus.Client.Grpc.ConsistencyLevel)spec.ConsistencyLevel,
            NumPartitions = spec.HasPartitionKey ? spec.NumPartitions : 0,
        };
        foreach (var (k, v) in spec.Properties) request.Properties.Add(Kv(k, v));
        _writeSchemas.TryRemove(spec.Name, out _);
        return InvokeAsync("CreateCollection", o => _grpc.CreateCollectionAsync(request, o), ct);
    }

    /// <summary>The collection's schema and attributes (partitions and indexes are read separately).</summary>
    public async Task<CollectionSpec> DescribeCollectionAsync(string name, CancellationToken ct = default)
    {
        var r = await InvokeAsync("DescribeCollection",
            o => _grpc.DescribeCollectionAsync(new DescribeCollectionRequest { DbName = Database, CollectionName = name }, o), x => x.Status, ct).ConfigureAwait(false);
        var spec = FromDescribe(r);
        spec = string.IsNullOrEmpty(spec.DatabaseName) ? spec with { DatabaseName = Database } : spec;
        _writeSchemas[name] = spec;
        return spec;
    }

    /// <summary>Schema plus partitions and index definitions: everything needed to recreate the collection.</summary>
    public async Task<CollectionSpec> DescribeCollectionFullAsync(string name, CancellationToken ct = default)
    {
        var spec = await DescribeCollectionAsync(name, ct).ConfigureAwait(false);
        var partitions = await ListPartitionsAsync(spec.Name, ct).ConfigureAwait(false);
        var indexes = await DescribeIndexesAsync(spec.Name, ct).ConfigureAwait(false);
        return spec with { Partitions = partitions, Indexes = indexes };
    }

    public Task DropCollectionAsync(string name, CancellationToken ct = default)
    {
        _writeSchemas.TryRemove(name, out _);
        return InvokeAsync("DropCollection", o => _grpc.DropCollectionAsync(new DropCollectionRequest { DbName = Database, CollectionName = name }, o), ct);
    }

    public async Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken ct = default) =>
        (await InvokeAsync("ShowCollections", o => _grpc.ShowCollectionsAsync(new ShowCollectionsRequest { DbName = Database }, o), x => x.Status, ct)
            .ConfigureAwait(false)).CollectionNames.ToArray();

    /// <summary>Sets and/or deletes collection properties (e.g. collection.ttl.seconds).</summary>
    public Task AlterCollectionPropertiesAsync(string name, IReadOnlyDictionary<string, string> set, IEnumerable<string>? deleteKeys = null, CancellationToken ct = default)
    {
        var request = new AlterCollectionRequest { DbName = Database, CollectionName = name };
        foreach (var (k, v) in set) request.Properties.Add(Kv(k, v));
        if (deleteKeys is not null) request.DeleteKeys.AddRange(deleteKeys);
        return InvokeAsync("AlterCollection", o => _grpc.AlterCollectionAsync(request, o), ct);
    }

    /// <summary>row_count as the server's statistics report it (flushed segments; deletes not subtracted).</summary>
    /// <summary>The rows a collection holds by its statistics (flushed rows), or null when it does not exist: what an overwrite would drop.</summary>
    public async Task<long?> ExistingRowCountAsync(string name, CancellationToken ct = default)
    {
        try
        {
            return await HasCollectionAsync(name, ct).ConfigureAwait(false) ? await GetCollectionRowCountAsync(name, ct).ConfigureAwait(false) : null;
        }
        catch (Errors.MilvusServerException e) when (e.ErrorId == "MilvusDatabaseNotFound")
        {
            return null;   // a database a copy will create holds nothing to drop
        }
    }

    public async Task<long> GetCollectionRowCountAsync(string name, CancellationToken ct = default)
    {
        var r = await InvokeAsync("GetCollectionStatistics",
            o => _grpc.GetCollectionStatisticsAsync(new GetCollectionStatisticsRequest { DbName = Database, CollectionName = name }, o), x => x.Status, ct).ConfigureAwait(false);
        return RowCountOf(r.Stats);
    }

    public async Task<long> GetPartitionRowCountAsync(string collection, string partition, CancellationToken ct = default)
    {
        var r = await InvokeAsync("GetPartitionStatistics",
            o => _grpc.GetPartitionStatisticsAsync(new GetPartitionStatisticsRequest { DbName = Database, CollectionName = collection, PartitionName = partition }, o),
            x => x.Status, ct).ConfigureAwait(false);
        return RowCountOf(r.Stats);
    }

    private static long RowCountOf(IEnumerable<global::Milvus.Client.Grpc.KeyValuePair> stats) =>
        stats.Where(s => s.Key == "row_count").Select(s => long.Parse(s.Value, CultureInfo.InvariantCulture)).FirstOrDefault();
}
