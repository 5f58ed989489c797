using Grpc.Core;
using Milvus.Client.Grpc;
using Status = Milvus.Client.Grpc.Status;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;
using MilvusDM.TestServer.Storage;

namespace MilvusDM.TestServer.Service;

/// <summary>
/// The in-memory MilvusService. Each RPC resolves the database (request db_name, else the dbname header,
/// else "default"), runs under the state lock, and answers Milvus errors in the response's Status.
/// </summary>
internal sealed partial class MilvusServiceImpl(ServerState state, TestServerOptions options, FaultInjection faults) : MilvusService.MilvusServiceBase
{
    private ServerState State { get; } = state;
    private TestServerOptions Options { get; } = options;
    private FaultInjection Faults { get; } = faults;

    /// <summary>Runs <paramref name="body"/> under the lock; a <see cref="ServerError"/> becomes a failed Status in the response.</summary>
    private async Task<T> Run<T>(Func<T> body, Func<Status, T> failed)
    {
        if (Faults.ResponseDelay > TimeSpan.Zero) await Task.Delay(Faults.ResponseDelay).ConfigureAwait(false);
        try
        {
            lock (State.Gate) return body();
        }
        catch (ServerError e)
        {
            return failed(e.ToStatus());
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("TESTSERVER_DEBUG") == "1")
        {
            return failed(new ServerError(65535, e.ToString()).ToStatus());
        }
    }

    private Task<Status> RunStatus(Action body) => Run(() => { body(); return Ok.Status; }, s => s);

    private DatabaseState Db(string requestDb, ServerCallContext ctx)
    {
        string name = !string.IsNullOrEmpty(requestDb) ? requestDb : ctx.RequestHeaders.GetValue("dbname") is { Length: > 0 } h ? h : "default";
        return State.Databases.TryGetValue(name, out var db) ? db : throw ServerError.DatabaseNotFound(name);
    }

    /// <summary>A collection by name or alias.</summary>
    private static CollectionState Coll(DatabaseState db, string name)
    {
        if (db.Collections.TryGetValue(name, out var c)) return c;
        if (db.Aliases.TryGetValue(name, out var target) && db.Collections.TryGetValue(target, out c)) return c;
        throw ServerError.CollectionNotFound(db.Name, name);
    }

    private static string[] AliasesOf(DatabaseState db, CollectionState c) =>
        db.Aliases.Where(a => a.Value == c.Name).Select(a => a.Key).OrderBy(a => a, StringComparer.Ordinal).ToArray();
}
