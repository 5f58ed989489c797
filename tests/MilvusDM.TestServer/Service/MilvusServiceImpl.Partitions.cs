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
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            if (c.PartitionKeyField is not null) throw ServerError.Invalid("disable create partition if partition key mode is used");
            SchemaRules.ValidateName(request.PartitionName, "partition");
            if (c.Partition(request.PartitionName) is not null) return;   // idempotent, as Milvus
            if (c.Partitions.Count >= MaxPartitions) throw ServerError.Invalid($"partition number ({c.Partitions.Count}) exceeds max configuration ({MaxPartitions})");
            c.Partitions.Add(new PartitionState(request.PartitionName, State.NewId(), State.Timestamps.Next()) { Loaded = c.Loaded });
        });

    public override Task<BoolResponse> HasPartition(HasPartitionRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            return new BoolResponse { Status = Ok.Status, Value = c.Partition(request.PartitionName) is not null };
        }, s => new BoolResponse { Status = s });

    public override Task<ShowPartitionsResponse> ShowPartitions(ShowPartitionsRequest request, ServerCallContext context) =>
        Run(() =>
        {
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
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            if (c.PartitionKeyField is not null) throw ServerError.Invalid("disable drop partition if partition key mode is used");
            if (request.PartitionName == "_default") throw ServerError.Invalid("default partition cannot be deleted");
            var p = c.Partition(request.PartitionName);
            if (p is null) return;
            if (p.Loaded) throw ServerError.Invalid("partition cannot be dropped, partition is loaded, please release it first");
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
