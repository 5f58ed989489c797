using Milvus.Client.Grpc;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Milvus;

public sealed partial class MilvusClient
{
    /// <summary>Starts loading a collection (or some partitions). Loading is asynchronous: see <see cref="WaitForLoadedAsync"/>.</summary>
    public Task LoadCollectionAsync(string collection, IReadOnlyCollection<string>? partitions = null, bool refresh = false, CancellationToken ct = default)
    {
        if (partitions is { Count: > 0 })
        {
            var lp = new LoadPartitionsRequest { DbName = Database, CollectionName = collection, Refresh = refresh };
            lp.PartitionNames.AddRange(partitions);
            return InvokeAsync("LoadPartitions", o => _grpc.LoadPartitionsAsync(lp, o), ct);
        }
        return InvokeAsync("LoadCollection", o => _grpc.LoadCollectionAsync(
            new LoadCollectionRequest { DbName = Database, CollectionName = collection, Refresh = refresh }, o), ct);
    }

    public Task ReleaseCollectionAsync(string collection, CancellationToken ct = default) =>
        InvokeAsync("ReleaseCollection", o => _grpc.ReleaseCollectionAsync(
            new ReleaseCollectionRequest { DbName = Database, CollectionName = collection }, o), ct);

    public Task ReleasePartitionsAsync(string collection, IReadOnlyCollection<string> partitions, CancellationToken ct = default)
    {
        var request = new ReleasePartitionsRequest { DbName = Database, CollectionName = collection };
        request.PartitionNames.AddRange(partitions);
        return InvokeAsync("ReleasePartitions", o => _grpc.ReleasePartitionsAsync(request, o), ct);
    }

    public async Task<Model.LoadState> GetLoadStateAsync(string collection, IReadOnlyCollection<string>? partitions = null, CancellationToken ct = default)
    {
        var request = new GetLoadStateRequest { DbName = Database, CollectionName = collection };
        if (partitions is not null) request.PartitionNames.AddRange(partitions);
        var r = await InvokeAsync("GetLoadState", o => _grpc.GetLoadStateAsync(request, o), x => x.Status, ct).ConfigureAwait(false);
        return (Model.LoadState)r.State;
    }

    /// <summary>Loading progress, 0–100.</summary>
    public async Task<long> GetLoadingProgressAsync(string collection, IReadOnlyCollection<string>? partitions = null, CancellationToken ct = default)
    {
        var request = new GetLoadingProgressRequest { DbName = Database, CollectionName = collection };
        if (partitions is not null) request.PartitionNames.AddRange(partitions);
        var r = await InvokeAsync("GetLoadingProgress", o => _grpc.GetLoadingProgressAsync(request, o), x => x.Status, ct).ConfigureAwait(false);
        return r.Progress;
    }

    /// <summary>Polls the load state until the collection (or partitions) is loaded or the timeout passes.</summary>
    public async Task WaitForLoadedAsync(string collection, IReadOnlyCollection<string>? partitions = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(10));
        var delay = TimeSpan.FromMilliseconds(50);
        while (await GetLoadStateAsync(collection, partitions, ct).ConfigureAwait(false) != Model.LoadState.Loaded)
        {
            if (DateTime.UtcNow > deadline)
                throw new Errors.MilvusDMException(Errors.MilvusDMErrorKind.Timeout, "MilvusLoadTimeout",
                    $"Collection '{collection}' did not finish loading in time.", "Check the query nodes' resources, then retry.");
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }
}
