using System.Globalization;
using Grpc.Core;
using Milvus.Client.Grpc;
using Status = Milvus.Client.Grpc.Status;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;
using MilvusDM.TestServer.Storage;
using MilvusDM.TestServer.Validation;

namespace MilvusDM.TestServer.Service;

internal sealed partial class MilvusServiceImpl
{
    private const int MaxPartitions = 1024;

    public override Task<Status> CreatePartition(CreatePartitionRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            Names.Collection(request.CollectionName);
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            if (c.PartitionKeyField is not null) throw ServerError.Unexpected("disable create partition if partition key mode is used");
            Names.Partition(request.PartitionName, strict: true);
            if (c.Partition(request.PartitionName) is not null) return;   // idempotent, as Milvus
            if (c.Partitions.Count >= MaxPartitions)
                throw ServerError.Unexpected($"partition number ({c.Partitions.Count}) exceeds max configuration ({MaxPartitions}), collection: {c.Name}");
            c.Partitions.Add(new PartitionState(request.PartitionName, State.NewId(), State.Timestamps.Next()) { Loaded = c.Loaded });
        });

    public override Task<BoolResponse> HasPartition(HasPartitionRequest request, ServerCallContext context) =>
        Run(() =>
        {
            Names.Collection(request.CollectionName);
            Names.Partition(request.PartitionName, strict: true);
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            return new BoolResponse { Status = Ok.Status, Value = c.Partition(request.PartitionName) is not null };
        }, s => new BoolResponse { Status = s });

    public override Task<ShowPartitionsResponse> ShowPartitions(ShowPartitionsRequest request, ServerCallContext context) =>
        Run(() =>
        {
            Names.Collection(request.CollectionName);
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            var r = new ShowPartitionsResponse { Status = Ok.Status };
            foreach (var p in c.Partitions)
            {
                if (request.PartitionNames.Count > 0 && !request.PartitionNames.Contains(p.Name)) continue;
                r.PartitionNames.Add(p.Name);
                r.PartitionIDs.Add(p.Id);
                r.CreatedTimestamps.Add(p.CreatedTs);
                r.CreatedUtcTimestamps.Add(p.CreatedTs >> 18);
                r.InMemoryPercentages.Add(p.Loaded ? 100 : 0);
            }
            return r;
        }, s => new ShowPartitionsResponse { Status = s });

    public override Task<Status> DropPartition(DropPartitionRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            Names.Collection(request.CollectionName);
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            if (c.PartitionKeyField is not null) throw ServerError.Unexpected("disable drop partition if partition key mode is used");
            Names.Partition(request.PartitionName, strict: true);
            var p = c.Partition(request.PartitionName);
            if (p is null) return;
            if (p.Loaded) throw ServerError.Unexpected("partition cannot be dropped, partition is loaded, please release it first");
            if (request.PartitionName == "_default") throw ServerError.Unexpected("default partition cannot be deleted");
            c.Partitions.Remove(p);
            c.Rows.DropPartition(p.Id);
        });

    public override Task<GetPartitionStatisticsResponse> GetPartitionStatistics(GetPartitionStatisticsRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            var p = c.Partition(request.PartitionName) ?? throw ServerError.PartitionNotFound(request.PartitionName);
            var r = new GetPartitionStatisticsResponse { Status = Ok.Status };
            r.Stats.Add(new KeyValuePair { Key = "row_count", Value = p.FlushedRows.ToString(CultureInfo.InvariantCulture) });
            return r;
        }, s => new GetPartitionStatisticsResponse { Status = s });
}
