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
            try { SchemaRules.ValidateName(request.DbName, "database"); }
            catch (ServerError e) { throw new ServerError(802, e.Message); }
            if (State.Databases.ContainsKey(request.DbName)) throw new ServerError(65535, $"database already exist: {request.DbName}");
            if (State.Databases.Count >= MaxDatabases) throw new ServerError(801, $"database number ({State.Databases.Count}) exceeds max configuration ({MaxDatabases})");
            State.Databases[request.DbName] = new DatabaseState(request.DbName, State.NewId(), State.Timestamps.Next());
        });

    public override Task<Status> DropDatabase(DropDatabaseRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            if (request.DbName == "default") throw ServerError.Invalid("can not drop default database");
            if (!State.Databases.TryGetValue(request.DbName, out var db)) return;   // dropping a missing database succeeds
            if (db.Collections.Count > 0) throw ServerError.Invalid($"can not drop database {request.DbName}: it still has {db.Collections.Count} collection(s)");
            State.Databases.Remove(request.DbName);
        });
}
