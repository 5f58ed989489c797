using Milvus.Client.Grpc;
using Grpc.Core;
using MilvusDM.Core.Milvus.Wire;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Milvus;

public sealed partial class MilvusClient
{
    /// <summary>Schemas that decide how columns are sent (which carry valid_data), by collection; refreshed by every describe.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CollectionSpec> _writeSchemas = new(StringComparer.Ordinal);

    /// <summary>
    /// Inserts a batch. Every column of a nullable or defaulted field carries valid_data (one flag per row, compact
    /// data), as Milvus requires; the collection's schema is described once and kept for that.
    /// </summary>
    public async Task<MutationOutcome> InsertAsync(string collection, VectorBatch batch, string? partition = null, CancellationToken ct = default) =>
        await WriteAsync(WireMethods.Insert, collection, partition, await ToWireAsync(collection, batch, ct).ConfigureAwait(false), (uint)batch.RowCount, ct).ConfigureAwait(false);

    /// <summary>Inserts or replaces rows by primary key (columns sent as by <see cref="InsertAsync"/>).</summary>
    public async Task<MutationOutcome> UpsertAsync(string collection, VectorBatch batch, string? partition = null, CancellationToken ct = default) =>
        await WriteAsync(WireMethods.Upsert, collection, partition, await ToWireAsync(collection, batch, ct).ConfigureAwait(false), (uint)batch.RowCount, ct).ConfigureAwait(false);

    private async Task<IEnumerable<FieldDataOut>> ToWireAsync(string collection, VectorBatch batch, CancellationToken ct)
    {
        if (!_writeSchemas.TryGetValue(collection, out var spec)) spec = await DescribeCollectionAsync(collection, ct).ConfigureAwait(false);
        return batch.Columns.Select(c => FieldDataConverter.ToWire(c, spec.Field(c.Name)));
    }

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
