using Milvus.Client.Grpc;

namespace MilvusDM.Core.Milvus;

public sealed partial class MilvusClient
{
    public Task CreatePartitionAsync(string collection, string partition, CancellationToken ct = default) =>
        InvokeAsync("CreatePartition", o => _grpc.CreatePartitionAsync(
            new CreatePartitionRequest { DbName = Database, CollectionName = collection, PartitionName = partition }, o), ct);

    public async Task<bool> HasPartitionAsync(string collection, string partition, CancellationToken ct = default) =>
        (await InvokeAsync("HasPartition", o => _grpc.HasPartitionAsync(
            new HasPartitionRequest { DbName = Database, CollectionName = collection, PartitionName = partition }, o), x => x.Status, ct).ConfigureAwait(false)).Value;

    public async Task<IReadOnlyList<string>> ListPartitionsAsync(string collection, CancellationToken ct = default) =>
        (await InvokeAsync("ShowPartitions", o => _grpc.ShowPartitionsAsync(
            new ShowPartitionsRequest { DbName = Database, CollectionName = collection }, o), x => x.Status, ct).ConfigureAwait(false)).PartitionNames.ToArray();

    public Task DropPartitionAsync(string collection, string partition, CancellationToken ct = default) =>
        InvokeAsync("DropPartition", o => _grpc.DropPartitionAsync(
            new DropPartitionRequest { DbName = Database, CollectionName = collection, PartitionName = partition }, o), ct);
}
