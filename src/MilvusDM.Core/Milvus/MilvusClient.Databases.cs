using Milvus.Client.Grpc;

namespace MilvusDM.Core.Milvus;

public sealed partial class MilvusClient
{
    public async Task<IReadOnlyList<string>> ListDatabasesAsync(CancellationToken ct = default) =>
        (await InvokeAsync("ListDatabases", o => _grpc.ListDatabasesAsync(new ListDatabasesRequest(), o), x => x.Status, ct).ConfigureAwait(false))
            .DbNames.ToArray();

    public Task CreateDatabaseAsync(string name, CancellationToken ct = default) => CreateDatabaseAsync(name, null, ct);

    /// <summary>Creates a database with properties (e.g. database.replica.number, timezone).</summary>
    public Task CreateDatabaseAsync(string name, IReadOnlyDictionary<string, string>? properties, CancellationToken ct = default)
    {
        var request = new CreateDatabaseRequest { DbName = name };
        foreach (var (k, v) in properties ?? new Dictionary<string, string>()) request.Properties.Add(SchemaConverter.Kv(k, v));
        return InvokeAsync("CreateDatabase", o => _grpc.CreateDatabaseAsync(request, o), ct);
    }

    /// <summary>A database's properties.</summary>
    public async Task<IReadOnlyDictionary<string, string>> DescribeDatabaseAsync(string name, CancellationToken ct = default) =>
        (await InvokeAsync("DescribeDatabase", o => _grpc.DescribeDatabaseAsync(new DescribeDatabaseRequest { DbName = name }, o), x => x.Status, ct).ConfigureAwait(false))
            .Properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public Task DropDatabaseAsync(string name, CancellationToken ct = default) =>
        InvokeAsync("DropDatabase", o => _grpc.DropDatabaseAsync(new DropDatabaseRequest { DbName = name }, o), ct);

    /// <summary>Creates this client's database when it does not exist (a copy or import into a new database); true when it was created.</summary>
    public async Task<bool> EnsureDatabaseAsync(CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(Database) || Database == "default") return false;
        IReadOnlyList<string> existing;
        try { existing = await ListDatabasesAsync(ct).ConfigureAwait(false); }
        catch (Errors.MilvusServerException) { return false; }   // not allowed to list (RBAC): assume it exists; a write will say otherwise
        if (existing.Contains(Database, StringComparer.Ordinal)) return false;
        await CreateDatabaseAsync(Database, ct).ConfigureAwait(false);
        return true;
    }
}
