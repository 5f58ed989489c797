using Grpc.Core;
using Milvus.Client.Grpc;

namespace MilvusDM.TestServer.Service;

internal sealed partial class MilvusServiceImpl
{
    /// <summary>The loaded segments of a collection (as the query nodes report them): one entry per segment, sealed or growing.</summary>
    public override Task<GetQuerySegmentInfoResponse> GetQuerySegmentInfo(GetQuerySegmentInfoRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            var loaded = c.Partitions.Where(p => p.Loaded).Select(p => p.Id).ToHashSet();
            if (loaded.Count == 0) throw ServerError.CollectionNotLoaded(c.Name);
            var r = new GetQuerySegmentInfoResponse { Status = Ok.Status };
            foreach (var s in c.Rows.Segments.Where(s => loaded.Contains(s.PartitionId)))
            {
                var info = new QuerySegmentInfo
                {
                    SegmentID = s.Id, CollectionID = c.Id, PartitionID = s.PartitionId, NumRows = s.Count,
                    MemSize = s.Count * 64L, State = s.Sealed ? SegmentState.Sealed : SegmentState.Growing, NodeID = 1,
                };
                info.NodeIds.Add(1);
                r.Infos.Add(info);
            }
            return r;
        }, s => new GetQuerySegmentInfoResponse { Status = s });
}
