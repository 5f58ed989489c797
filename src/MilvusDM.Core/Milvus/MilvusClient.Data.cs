using Milvus.Client.Grpc;
using Grpc.Core;
using MilvusDM.Core.Milvus.Wire;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Milvus;

public sealed partial class MilvusClient
{
    /// <summary>Inserts a batch (every column is sent; nullable columns compacted with valid_data).</summary>
    public Task<MutationOutcome> InsertAsync(string collection, VectorBatch batch, string? partition = null, CancellationToken ct = default) =>
        WriteAsync(WireMethods.Insert, collection, partition, batch.Columns.Select(FieldDataConverter.ToWire), (uint)batch.RowCount, ct);

    /// <summary>Inserts or replaces rows by primary key.</summary>
    public Task<MutationOutcome> UpsertAsync(string collection, VectorBatch batch, string? partition = null, CancellationToken ct = default) =>
        WriteAsync(WireMethods.Upsert, collection, partition, batch.Columns.Select(FieldDataConverter.ToWire), (uint)batch.RowCount, ct);

    /// <summary>Sends prepared columns with an explicit num_rows on Insert or Upsert.</summary>
    internal async Task<MutationOutcome> WriteAsync(Method<InsertRequestOut, MutationResult> method, string collection, string? partition,
        IEnumerable<FieldDataOut> fields, uint numRows, CancellationToken ct)
    {
        var request = new InsertRequestOut { DbName = Database, CollectionName = collection, PartitionName = partition ?? "", NumRows = numRows };
        request.FieldsData.AddRange(fields);
        return ToOutcome(await InvokeAsync(method.Name, o => _invoker.AsyncUnaryCall(method, null, o, request), x => x.Status, ct).ConfigureAwait(false));
    }

    /// <summary>Deletes the rows an expression selects (e.g. <c>id in [1,2,3]</c>).</summary>
    public async Task<MutationOutcome> DeleteAsync(string collection, string expression, string? partition = null, CancellationToken ct = default)
    {
        var request = new DeleteRequest { DbName = Database, CollectionName = collection, PartitionName = partition ?? "", Expr = expression };
        return ToOutcome(await InvokeAsync("Delete", o => _grpc.DeleteAsync(request, o), x => x.Status, ct).ConfigureAwait(false));
    }

    private static MutationOutcome ToOutcome(MutationResult r) => new(
        r.InsertCnt, r.UpsertCnt, r.DeleteCnt, r.Timestamp,
        r.IDs?.IdFieldCase == IDs.IdFieldOneofCase.IntId ? r.IDs.IntId.Data.ToArray() : null,
        r.IDs?.IdFieldCase == IDs.IdFieldOneofCase.StrId ? r.IDs.StrId.Data.ToArray() : null);

    /// <summary>Seals the collections' growing segments. Returns, per collection, the segment ids and flush timestamp to wait on.</summary>
    public async Task<IReadOnlyDictionary<string, (long[] SegmentIds, ulong FlushTs)>> FlushAsync(IEnumerable<string> collections, CancellationToken ct = default)
    {
        var request = new FlushRequest { DbName = Database };
        request.CollectionNames.AddRange(collections);
        var r = await InvokeAsync("Flush", o => _grpc.FlushAsync(request, o), x => x.Status, ct).ConfigureAwait(false);
        return request.CollectionNames.ToDictionary(
            n => n,
            n => (r.CollSegIDs.TryGetValue(n, out var ids) ? ids.Data.ToArray() : [], r.CollFlushTs.TryGetValue(n, out var ts) ? ts : 0UL));
    }

    public async Task<bool> GetFlushStateAsync(string collection, IEnumerable<long> segmentIds, ulong flushTs, CancellationToken ct = default)
    {
        var request = new GetFlushStateRequest { DbName = Database, CollectionName = collection, FlushTs = flushTs };
        request.SegmentIDs.AddRange(segmentIds);
        return (await InvokeAsync("GetFlushState", o => _grpc.GetFlushStateAsync(request, o), x => x.Status, ct).ConfigureAwait(false)).Flushed;
    }

    /// <summary>Flushes one collection and waits until the server reports it flushed ("sync flush").</summary>
    public async Task FlushAndWaitAsync(string collection, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var (segments, ts) = (await FlushAsync([collection], ct).ConfigureAwait(false))[collection];
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(10));
        while (!await GetFlushStateAsync(collection, segments, ts, ct).ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
                throw new Errors.MilvusDMException(Errors.MilvusDMErrorKind.Timeout, "MilvusFlushTimeout",
                    $"Collection '{collection}' did not finish flushing in time.", "Check the data nodes, then retry.");
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }
}
