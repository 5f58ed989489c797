using Grpc.Core;
using Milvus.Client.Grpc;
using Status = Milvus.Client.Grpc.Status;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;

namespace MilvusDM.TestServer.Service;

internal sealed partial class MilvusServiceImpl
{
    private long _nextIdentifier;

    /// <summary>Connect checks the database named in the dbname header (default "default"): unknown → 800.</summary>
    public override Task<ConnectResponse> Connect(ConnectRequest request, ServerCallContext context) =>
        Run(() =>
        {
            string db = context.RequestHeaders.GetValue("dbname") is { Length: > 0 } h ? h : "default";
            if (!State.Databases.ContainsKey(db)) throw ServerError.DatabaseNotFound(db);
            return new ConnectResponse
            {
                Status = Ok.Status,
                ServerInfo = new ServerInfo { BuildTags = Options.Version, DeployMode = "STANDALONE", BuildTime = "test", GoVersion = "n/a" },
                Identifier = Interlocked.Increment(ref _nextIdentifier),
            };
        }, s => new ConnectResponse { Status = s });

    public override Task<GetVersionResponse> GetVersion(GetVersionRequest request, ServerCallContext context) =>
        Run(() => new GetVersionResponse { Status = Ok.Status, Version = Options.Version }, s => new GetVersionResponse { Status = s });

    public override Task<CheckHealthResponse> CheckHealth(CheckHealthRequest request, ServerCallContext context) =>
        Run(() => new CheckHealthResponse { Status = Ok.Status, IsHealthy = true }, s => new CheckHealthResponse { Status = s });

    public override Task<AllocTimestampResponse> AllocTimestamp(AllocTimestampRequest request, ServerCallContext context) =>
        Run(() => new AllocTimestampResponse { Status = Ok.Status, Timestamp = State.Timestamps.Next() }, s => new AllocTimestampResponse { Status = s });
}
