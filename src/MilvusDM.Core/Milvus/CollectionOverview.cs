using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Milvus;

/// <summary>A collection's full description with its size and load state, read in one call.</summary>
public sealed record CollectionOverview(CollectionSpec Spec, long RowCount, LoadState LoadState)
{
    public static async Task<CollectionOverview> ReadAsync(MilvusClient client, string name, CancellationToken ct)
    {
        var spec = await client.DescribeCollectionFullAsync(name, ct).ConfigureAwait(false);
        long rows = await client.GetCollectionRowCountAsync(name, ct).ConfigureAwait(false);
        var load = await client.GetLoadStateAsync(name, ct: ct).ConfigureAwait(false);
        return new CollectionOverview(spec, rows, load);
    }

    /// <summary>Creates a collection (refusing an existing name) with its indexes and returns its overview.</summary>
    public static async Task<CollectionOverview> CreateAsync(MilvusClient client, CollectionSpec spec, IEnumerable<IndexSpec> indexes, CancellationToken ct)
    {
        if (await client.HasCollectionAsync(spec.Name, ct).ConfigureAwait(false))
            throw new MilvusDMException(MilvusDMErrorKind.AlreadyExists, "CollectionAlreadyExists",
                $"Collection '{spec.Name}' already exists in database '{client.Database}'.", "Choose another name, or remove the existing collection first.");
        await client.CreateCollectionAsync(spec, ct).ConfigureAwait(false);
        foreach (var index in indexes) await client.CreateIndexAsync(spec.Name, index, ct).ConfigureAwait(false);
        return await ReadAsync(client, spec.Name, ct).ConfigureAwait(false);
    }
}
