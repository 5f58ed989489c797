using Grpc.Core;
using Milvus.Client.Grpc;
using Status = Milvus.Client.Grpc.Status;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;
using MilvusDM.TestServer.Storage;
using MilvusDM.TestServer.Validation;

namespace MilvusDM.TestServer.Service;

internal sealed partial class MilvusServiceImpl
{
    public override Task<Status> LoadCollection(LoadCollectionRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            Names.Collection(request.CollectionName);
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            // refresh (to see bulk-imported segments) needs a loaded collection: querycoordv2 services.go refreshCollection.
            if (request.Refresh)
            {
                if (!c.Loaded) throw new ServerError(101, $"collection not loaded[collection={c.Id}]");
                if (DateTime.UtcNow < c.LoadReadyUtc) throw new ServerError(101, $"collection not fully loaded: collection not loaded[collection={c.Id}]");
                return;
            }
            Load(c, null);
        });

    public override Task<Status> LoadPartitions(LoadPartitionsRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            Names.Collection(request.CollectionName);
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            if (c.PartitionKeyField is not null) throw ServerError.Unexpected("disable load partitions if partition key mode is used");
            if (request.PartitionNames.Count == 0) throw ServerError.Invalid("partition names should not be empty");
            var parts = request.PartitionNames.Select(n => c.Partition(n) ?? throw ServerError.PartitionNotFound(n)).ToList();
            Load(c, parts);
        });

    /// <summary>Milvus refuses to load a collection while any vector field (struct vector sub-fields too) lacks an index.</summary>
    private void Load(CollectionState c, List<PartitionState>? partitions)
    {
        var missing = VectorFields(c).FirstOrDefault(f => !c.Indexes.ContainsKey(f.Name));
        if (missing is not null)
            throw ServerError.IndexNotFound($"collection={c.Name}]: there is no vector index on field: [{missing.Name}], please create index firstly: collection={c.Name}");
        var targets = partitions ?? c.Partitions;
        if (targets.Any(p => !p.Loaded)) c.LoadReadyUtc = DateTime.UtcNow + Options.LoadDelay;
        foreach (var p in targets) p.Loaded = true;
        c.Loaded = c.Partitions.All(p => p.Loaded);
    }

    public override Task<Status> ReleaseCollection(ReleaseCollectionRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            Names.Collection(request.CollectionName);
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            c.Loaded = false;
            c.LoadReadyUtc = default;
            foreach (var p in c.Partitions) p.Loaded = false;
        });

    public override Task<Status> ReleasePartitions(ReleasePartitionsRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            Names.Collection(request.CollectionName);
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            if (c.PartitionKeyField is not null) throw ServerError.Unexpected("disable release partitions if partition key mode is used");
            foreach (var n in request.PartitionNames) (c.Partition(n) ?? throw ServerError.PartitionNotFound(n)).Loaded = false;
            c.Loaded = false;
            if (c.Partitions.All(p => !p.Loaded)) c.LoadReadyUtc = default;
        });

    private Storage.LoadStateOf LoadStateOf(CollectionState c, IEnumerable<string> partitionNames)
    {
        var names = partitionNames.ToList();
        var parts = names.Count == 0 ? c.Partitions : names.Select(n => c.Partition(n) ?? throw ServerError.PartitionNotFound(n)).ToList();
        if (parts.Count == 0 || parts.All(p => !p.Loaded)) return Storage.LoadStateOf.NotLoad;
        if (!parts.All(p => p.Loaded)) return names.Count == 0 ? Storage.LoadStateOf.Loaded : Storage.LoadStateOf.NotLoad;
        return DateTime.UtcNow < c.LoadReadyUtc ? Storage.LoadStateOf.Loading : Storage.LoadStateOf.Loaded;
    }

    public override Task<GetLoadStateResponse> GetLoadState(GetLoadStateRequest request, ServerCallContext context) =>
        Run(() =>
        {
            Names.Collection(request.CollectionName);
            var db = Db(request.DbName, context);
            if (!db.Collections.ContainsKey(request.CollectionName) && !db.Aliases.ContainsKey(request.CollectionName))
                return new GetLoadStateResponse { Status = Ok.Status, State = LoadState.NotExist };
            var state = LoadStateOf(Coll(db, request.CollectionName), request.PartitionNames);
            return new GetLoadStateResponse { Status = Ok.Status, State = (LoadState)(int)state };
        }, s => new GetLoadStateResponse { Status = s });

    public override Task<GetLoadingProgressResponse> GetLoadingProgress(GetLoadingProgressRequest request, ServerCallContext context) =>
        Run(() =>
        {
            Names.Collection(request.CollectionName);
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            var state = LoadStateOf(c, request.PartitionNames);
            if (state == Storage.LoadStateOf.NotLoad) throw ServerError.CollectionNotLoaded(c.Name);
            long progress = state == Storage.LoadStateOf.Loaded ? 100
                : (long)Math.Clamp(100 - (c.LoadReadyUtc - DateTime.UtcNow).TotalMilliseconds * 100 / Math.Max(1, Options.LoadDelay.TotalMilliseconds), 0, 99);
            return new GetLoadingProgressResponse { Status = Ok.Status, Progress = progress, RefreshProgress = progress };
        }, s => new GetLoadingProgressResponse { Status = s });

    /// <summary>Every vector field: the schema's, then the struct-array vector sub-fields under their "struct[sub]" names.</summary>
    private static IEnumerable<FieldSchema> VectorFields(CollectionState c) =>
        c.Schema.Fields.Where(f => TypeNames.IsVector(f.DataType)).Concat(c.Schema.StructArrayFields.SelectMany(s =>
            s.Fields.Where(f => TypeNames.IsVector(f.DataType)).Select(f => new FieldSchema(f) { Name = $"{s.Name}[{f.Name}]" })));
}
