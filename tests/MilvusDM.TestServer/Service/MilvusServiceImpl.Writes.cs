using Google.Protobuf.Collections;
using Grpc.Core;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Expressions;
using MilvusDM.TestServer.Storage;
using MilvusDM.TestServer.Validation;
using Status = Milvus.Client.Grpc.Status;

namespace MilvusDM.TestServer.Service;

internal sealed partial class MilvusServiceImpl
{
    public override Task<MutationResult> Insert(InsertRequest request, ServerCallContext context) =>
        Write(request.DbName, request.CollectionName, request.PartitionName, request.FieldsData, request.NumRows, request.SchemaTimestamp, upsert: false, context);

    public override Task<MutationResult> Upsert(UpsertRequest request, ServerCallContext context) =>
        Write(request.DbName, request.CollectionName, request.PartitionName, request.FieldsData, request.NumRows, request.SchemaTimestamp, upsert: true, context);

    private async Task<MutationResult> Write(string dbName, string collection, string partition, RepeatedField<FieldData> fields, uint numRows, ulong schemaTimestamp, bool upsert, ServerCallContext context)
    {
        switch (Faults.OnWrite())
        {
            case FaultInjection.Verdict.RateLimit:
                return new MutationResult { Status = ServerError.RateLimited(upsert ? "upsert" : "insert").ToStatus() };
            case FaultInjection.Verdict.Unavailable:
                throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "injected fault: server unavailable"));
            case FaultInjection.Verdict.Corrupt:
                if (fields.FirstOrDefault(f => f.Vectors?.FloatVector is { Data.Count: > 0 }) is { } v) v.Vectors.FloatVector.Data[0] += 1;
                break;
        }
        if (Faults.WriteDelay > TimeSpan.Zero) await Task.Delay(Faults.WriteDelay, context.CancellationToken).ConfigureAwait(false);
        return await Run(() =>
        {
            Names.Collection(collection);
            var c = Coll(Db(dbName, context), collection);
            if (schemaTimestamp != 0 && schemaTimestamp != c.UpdateTs) throw ServerError.SchemaMismatch(collection);
            var rows = RowBuilder.Build(c, fields, numRows, upsert, State, materialize: !Options.Discard, () => CheckTargetPartition(c, partition));
            var target = TargetPartition(c, partition);
            ulong ts = State.Timestamps.Next();
            var result = new MutationResult { Status = Ok.Status, Timestamp = ts, Acknowledged = true };
            if (Options.Discard)
            {
                if (target is not null) target.InsertedRows += numRows;
            }
            else
            {
                var partitionKey = c.PartitionKeyField;
                int pkeyIndex = partitionKey is null ? -1 : c.FieldIndex(partitionKey.Name);
                foreach (var row in rows)
                {
                    if (upsert) c.Rows.DeleteKey(row.Replaces ?? row.Pk, ts);
                    var p = target ?? c.Partitions[(int)(Hash(row.Values[pkeyIndex]) % (ulong)c.Partitions.Count)];
                    c.Rows.Add(new StoredRow(row.Pk, p.Id, ts, row.Values, row.Meta));
                    p.InsertedRows++;
                }
                result.IDs = Ids(c.PrimaryField, rows.Select(r => r.Pk));
            }
            for (uint i = 0; i < numRows; i++) result.SuccIndex.Add(i);
            if (upsert) result.UpsertCnt = numRows; else result.InsertCnt = numRows;
            Faults.Accepted(numRows);
            return result;
        }, s => new MutationResult { Status = s }).ConfigureAwait(false);
    }

    /// <summary>The proxy's partition checks before the column checks: none named in partition-key mode, else a valid name.</summary>
    private static void CheckTargetPartition(CollectionState c, string name)
    {
        if (c.PartitionKeyField is not null)
        {
            if (!string.IsNullOrEmpty(name)) throw ServerError.Unexpected("not support manually specifying the partition names if partition key mode is used");
            return;
        }
        Names.Partition(string.IsNullOrEmpty(name) ? "_default" : name, strict: true);
    }

    /// <summary>The partition named on the request, or null when a partition key routes each row.</summary>
    private static PartitionState? TargetPartition(CollectionState c, string name)
    {
        if (c.PartitionKeyField is not null) return null;
        name = string.IsNullOrEmpty(name) ? "_default" : name;
        return c.Partition(name) ?? throw ServerError.PartitionNotFound(name);
    }

    private static ulong Hash(object? key) => key switch
    {
        long l => (ulong)l,
        string s => s.Aggregate(14695981039346656037UL, (h, ch) => (h ^ ch) * 1099511628211UL),
        _ => 0,
    };

    private static IDs Ids(FieldSchema pk, IEnumerable<object> keys)
    {
        var ids = new IDs();
        if (pk.DataType == DataType.VarChar) { ids.StrId = new StringArray(); ids.StrId.Data.AddRange(keys.Cast<string>()); }
        else { ids.IntId = new LongArray(); ids.IntId.Data.AddRange(keys.Cast<long>()); }
        return ids;
    }

    public override Task<MutationResult> Delete(DeleteRequest request, ServerCallContext context) =>
        Run(() =>
        {
            Names.Collection(request.CollectionName);
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            var expr = PlanOf(c, request.Expr, request.ExprTemplateValues, "delete");
            if (expr is null) throw ServerError.Invalid($"delete plan can't be empty or always true : {request.Expr}");
            var accessor = new RowAccessor(c);
            if (c.PartitionKeyField is not null && !string.IsNullOrEmpty(request.PartitionName))
                throw ServerError.Unexpected("not support manually specifying the partition names if partition key mode is used");
            if (!string.IsNullOrEmpty(request.PartitionName)) Names.Partition(request.PartitionName, strict: true);
            long? partitionId = string.IsNullOrEmpty(request.PartitionName) ? null
                : (c.Partition(request.PartitionName) ?? throw ServerError.PartitionNotFound(request.PartitionName)).Id;
            ulong ts = State.Timestamps.Next();
            var scope = c.Partitions.Where(p => partitionId is null || p.Id == partitionId).Select(p => p.Id).ToHashSet();
            var matched = c.Rows.Query(ts, null, scope, r =>
            {
                accessor.Row = r;
                return Values.Truth(expr.Eval(accessor));
            }, segmentLimit: null, stopWhenDrained: false).Select(r => r.Pk).ToList();
            foreach (var pk in matched) c.Rows.DeleteKey(pk, ts, partitionId);
            return new MutationResult { Status = Ok.Status, DeleteCnt = matched.Count, Timestamp = ts, IDs = Ids(c.PrimaryField, matched) };
        }, s => new MutationResult { Status = s });

    public override Task<FlushResponse> Flush(FlushRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var db = Db(request.DbName, context);
            var colls = request.CollectionNames.Select(n => Coll(db, n)).ToList();
            var now = DateTime.UtcNow;
            var limited = colls.FirstOrDefault(c => now - c.LastFlushUtc < Options.FlushMinInterval);
            if (limited is not null) throw ServerError.RateLimited($"flush of collection {limited.Name}, at most one per {Options.FlushMinInterval.TotalSeconds:0.#} s");
            ulong ts = State.Timestamps.Next();
            var r = new FlushResponse { Status = Ok.Status, DbName = db.Name };
            foreach (var (c, name) in colls.Zip(request.CollectionNames))
            {
                c.LastFlushUtc = now;
                c.FlushCount++;
                foreach (var p in c.Partitions) p.FlushedRows = p.InsertedRows;
                c.Rows.SealGrowing();
                var segments = new LongArray();
                segments.Data.Add(c.Id * 1000 + c.FlushCount);
                r.CollSegIDs[name] = segments;
                r.FlushCollSegIDs[name] = segments;
                r.CollSealTimes[name] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                r.CollFlushTs[name] = ts;
            }
            return r;
        }, s => new FlushResponse { Status = s });

    public override Task<GetFlushStateResponse> GetFlushState(GetFlushStateRequest request, ServerCallContext context) =>
        Run(() =>
        {
            if (!string.IsNullOrEmpty(request.CollectionName))
            {
                Names.Collection(request.CollectionName);
                Coll(Db(request.DbName, context), request.CollectionName);
            }
            return new GetFlushStateResponse { Status = Ok.Status, Flushed = request.FlushTs <= State.Timestamps.Current };
        }, s => new GetFlushStateResponse { Status = s });
}
