using Milvus.Client.Grpc;

namespace MilvusDM.TestServer.Service;

internal static class Ok
{
    public static Status Status => new();
}
