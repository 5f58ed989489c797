using Milvus.Client.Grpc;

namespace MilvusDM.Core.Milvus;

public sealed partial class MilvusClient
{
    public async Task<IReadOnlyList<string>> ListDatabasesAsync(CancellationToken ct = default) =>
        (await InvokeAsync("ListDatabases", o => _grpc.ListDatabasesAsync(new ListDatabasesRequest(), o), x => x.Status, ct).ConfigureAwait(false))
            .DbNames.ToArray();

    public Task CreateDatabaseAsync(string name, CancellationToken ct = default) =>
        InvokeAsync("CreateDatabase", o => _grpc.CreateDatabaseAsync(new CreateDatabaseRequest { DbName = name }, o), ct);

    public Task DropDatabaseAsync(string name, CancellationToken ct = default) =>
        InvokeAsync("DropDatabase", o => _grpc.DropDatabaseAsync(new DropDatabaseRequest { DbName = name }, o), ct);
}
