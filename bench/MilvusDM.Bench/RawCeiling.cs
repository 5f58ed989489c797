using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using MilvusDM.Core.Milvus.Wire;
using Milvus.Client.Grpc;

namespace MilvusDM.Bench;

/// <summary>
/// The ceiling: the same rows, in the same batch sizes and concurrency, sent by a bare generated gRPC client
/// that prepares every request the cheapest way possible: vector blocks pre-encoded to bytes once, wrapped
/// without copying, no engine, no batch objects, no conversion layer, no deadlines or headers.
/// </summary>
internal static class RawCeiling
{
    public static async Task<long> RunAsync(Uri address, string collection, long rows, int dim, int batchRows, int concurrency, float[][] blocks)
    {
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        var invoker = channel.CreateCallInvoker();
        var insert = new Method<InsertRequestOut, MutationResult>(MethodType.Unary, "milvus.proto.milvus.MilvusService", "Insert",
            Marshallers.Create<InsertRequestOut>((r, c) => { c.SetPayloadLength(r.CalculateSize()); r.WriteTo(c.GetBufferWriter()); c.Complete(); },
                c => InsertRequestOut.Parser.ParseFrom(c.PayloadAsReadOnlySequence())),
            Marshallers.Create<MutationResult>((r, c) => { c.SetPayloadLength(r.CalculateSize()); r.WriteTo(c.GetBufferWriter()); c.Complete(); },
                c => MutationResult.Parser.ParseFrom(c.PayloadAsReadOnlySequence())));
        var encoded = blocks.Select(b => System.Runtime.InteropServices.MemoryMarshal.AsBytes(b.AsSpan()).ToArray()).ToArray();
        long next = 0, sent = 0;
        async Task Worker()
        {
            var ids = new long[batchRows];
            while (true)
            {
                long start = Interlocked.Add(ref next, batchRows) - batchRows;
                if (start >= rows) return;
                int n = (int)Math.Min(batchRows, rows - start);
                for (int i = 0; i < n; i++) ids[i] = start + i;
                var vectors = encoded[(int)(start / batchRows % encoded.Length)];
                var request = new InsertRequestOut { DbName = "default", CollectionName = collection, NumRows = (uint)n };
                var pk = new FieldDataOut { FieldName = "id", Type = DataType.Int64, Scalars = new ScalarField { LongData = new LongArray() } };
                pk.Scalars.LongData.Data.AddRange(n == batchRows ? ids : ids[..n]);
                var bytes = UnsafeByteOperations.UnsafeWrap(vectors.AsMemory(0, n * dim * 4));
                var vec = new FieldDataOut { FieldName = "embedding", Type = DataType.FloatVector, Vectors = new VectorFieldOut { Dim = dim, FloatVector = new PackedFloats { Data = bytes } } };
                request.FieldsData.Add(pk);
                request.FieldsData.Add(vec);
                var r = await invoker.AsyncUnaryCall(insert, null, default, request);
                if (r.Status.Code != 0) throw new InvalidOperationException(r.Status.Reason);
                Interlocked.Add(ref sent, n);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)));
        return sent;
    }
}
