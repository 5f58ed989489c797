using Grpc.Core;
using Milvus.Client.Grpc;
using Status = Milvus.Client.Grpc.Status;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;
using MilvusDM.TestServer.Storage;
using MilvusDM.TestServer.Validation;

namespace MilvusDM.TestServer.Service;

internal sealed partial class MilvusServiceImpl
{
    private const int MaxDatabases = 64;

    public override Task<ListDatabasesResponse> ListDatabases(ListDatabasesRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var r = new ListDatabasesResponse { Status = Ok.Status };
            foreach (var db in State.Databases.Values.OrderBy(d => d.Id))
            {
                r.DbNames.Add(db.Name);
                r.CreatedTimestamp.Add(db.CreatedTs);
                r.DbIds.Add(db.Id);
            }
            return r;
        }, s => new ListDatabasesResponse { Status = s });

    public override Task<Status> CreateDatabase(CreateDatabaseRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            Names.Database(request.DbName);
            if (request.Properties.FirstOrDefault(p => p.Key == "timezone") is { } tz && Timestamptz.FindZone(tz.Value) is null)
                throw ServerError.Invalid($"unknown or invalid IANA Time Zone ID: {tz.Value}");
            if (State.Databases.ContainsKey(request.DbName)) throw new ServerError(65535, $"database already exist: {request.DbName}");
            if (State.Databases.Count >= MaxDatabases) throw new ServerError(801, $"exceeded the limit number of database[limit={MaxDatabases}]");
            State.Databases[request.DbName] = new DatabaseState(request.DbName, State.NewId(), State.Timestamps.Next());
        });

    public override Task<Status> DropDatabase(DropDatabaseRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            Names.Database(request.DbName);
            if (request.DbName == "default") throw ServerError.Unexpected("can not drop default database");
            if (!State.Databases.TryGetValue(request.DbName, out var db)) return;   // dropping a missing database succeeds
            if (db.Collections.Count > 0) throw ServerError.Unexpected($"database:{request.DbName} not empty, must drop all collections before drop database");
            State.Databases.Remove(request.DbName);
        });
}
