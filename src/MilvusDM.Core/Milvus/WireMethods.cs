using Grpc.Core;
using Google.Protobuf;
using Milvus.Client.Grpc;
using MilvusDM.Core.Milvus.Wire;

namespace MilvusDM.Core.Milvus;

/// <summary>The official Insert and Upsert methods, sending MilvusDM's wire-identical request messages.</summary>
internal static class WireMethods
{
    private const string Service = "milvus.proto.milvus.MilvusService";

    public static readonly Method<InsertRequestOut, MutationResult> Insert = new(MethodType.Unary, Service, "Insert", Marshaller(InsertRequestOut.Parser), Marshaller(MutationResult.Parser));
    public static readonly Method<InsertRequestOut, MutationResult> Upsert = new(MethodType.Unary, Service, "Upsert", Marshaller(InsertRequestOut.Parser), Marshaller(MutationResult.Parser));

    // Serializes straight into the transport's buffer, as generated code does.
    private static Marshaller<T> Marshaller<T>(MessageParser<T> parser) where T : IMessage<T> =>
        Marshallers.Create<T>(
            (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
}
