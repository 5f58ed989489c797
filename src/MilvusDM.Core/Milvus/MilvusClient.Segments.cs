using Milvus.Client.Grpc;

namespace MilvusDM.Core.Milvus;

/// <summary>One loaded segment as the query nodes report it.</summary>
public sealed record LoadedSegment(long SegmentId, long PartitionId, long RowCount, bool Sealed);

public sealed partial class MilvusClient
{
    /// <summary>The loaded segments of a collection (GetQuerySegmentInfo); the collection must be loaded.</summary>
    public async Task<IReadOnlyList<LoadedSegment>> GetLoadedSegmentsAsync(string collection, CancellationToken ct = default)
    {
        var request = new GetQuerySegmentInfoRequest { DbName = Database, CollectionName = collection };
        var r = await InvokeAsync("GetQuerySegmentInfo", o => _grpc.GetQuerySegmentInfoAsync(request, o), x => x.Status, ct).ConfigureAwait(false);
        return r.Infos.Select(i => new LoadedSegment(i.SegmentID, i.PartitionID, i.NumRows, i.State != SegmentState.Growing)).ToArray();
    }
}
