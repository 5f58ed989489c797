using Milvus.Client.Grpc;

namespace MilvusDM.Core.Milvus;

public sealed partial class MilvusClient
{
    public Task CreateAliasAsync(string collection, string alias, CancellationToken ct = default) =>
        InvokeAsync("CreateAlias", o => _grpc.CreateAliasAsync(new CreateAliasRequest { DbName = Database, CollectionName = collection, Alias = alias }, o), ct);

    public Task AlterAliasAsync(string collection, string alias, CancellationToken ct = default) =>
        InvokeAsync("AlterAlias", o => _grpc.AlterAliasAsync(new AlterAliasRequest { DbName = Database, CollectionName = collection, Alias = alias }, o), ct);

    public Task DropAliasAsync(string alias, CancellationToken ct = default) =>
        InvokeAsync("DropAlias", o => _grpc.DropAliasAsync(new DropAliasRequest { DbName = Database, Alias = alias }, o), ct);

    /// <summary>Aliases of one collection, or of every collection in the database when <paramref name="collection"/> is empty.</summary>
    public async Task<IReadOnlyList<string>> ListAliasesAsync(string collection = "", CancellationToken ct = default) =>
        (await InvokeAsync("ListAliases", o => _grpc.ListAliasesAsync(new ListAliasesRequest { DbName = Database, CollectionName = collection }, o), x => x.Status, ct)
            .ConfigureAwait(false)).Aliases.ToArray();

    /// <summary>The collection an alias points to.</summary>
    public async Task<string> DescribeAliasAsync(string alias, CancellationToken ct = default) =>
        (await InvokeAsync("DescribeAlias", o => _grpc.DescribeAliasAsync(new DescribeAliasRequest { DbName = Database, Alias = alias }, o), x => x.Status, ct)
            .ConfigureAwait(false)).Collection;
}
