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
            var db = new DatabaseState(request.DbName, State.NewId(), State.Timestamps.Next());
            foreach (var p in request.Properties) db.Properties[p.Key] = p.Value;
            State.Databases[request.DbName] = db;
        });

    public override Task<Status> DropDatabase(DropDatabaseRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            Names.Database(request.DbName);
            if (request.DbName == "default") throw ServerError.Unexpected("can not drop default database");
            // rootcoord CheckIfDatabaseDroppable (2.6): a missing database is an error, not a no-op.
            if (!State.Databases.TryGetValue(request.DbName, out var db)) throw ServerError.DatabaseNotFound(request.DbName);
            if (db.Collections.Count > 0) throw ServerError.Unexpected($"database:{request.DbName} not empty, must drop all collections before drop database");
            State.Databases.Remove(request.DbName);
        });

    /// <summary>rootcoord describeDBTask: no name validation in the proxy; an empty name is "default"; a missing database is 800.</summary>
    public override Task<DescribeDatabaseResponse> DescribeDatabase(DescribeDatabaseRequest request, ServerCallContext context) =>
        Run(() =>
        {
            string name = string.IsNullOrEmpty(request.DbName) ? "default" : request.DbName;
            var db = State.Databases.TryGetValue(name, out var d) ? d : throw ServerError.DatabaseNotFound(name);
            var r = new DescribeDatabaseResponse { Status = Ok.Status, DbName = db.Name, DbID = db.Id, CreatedTimestamp = db.CreatedTs };
            r.Properties.AddRange(db.Properties.Select(p => new KeyValuePair { Key = p.Key, Value = p.Value }));
            return r;
        }, s => new DescribeDatabaseResponse { Status = s });
}
