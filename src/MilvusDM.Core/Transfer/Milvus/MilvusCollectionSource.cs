using System.Runtime.CompilerServices;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>What to read from a Milvus collection.</summary>
public sealed record MilvusSourceOptions
{
    /// <summary>One partition to read (null: the whole collection).</summary>
    public string? Partition { get; init; }

    /// <summary>Fields to read (the primary key is always added); null: every field but function outputs, plus $meta.</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    public string Filter { get; init; } = "";

    /// <summary>The largest limit per query page (0: sized from the row width and the loaded segments).</summary>
    public int PageSize { get; init; }
}

/// <summary>
/// A Milvus 2.x collection (or one partition) as a transfer source: primary-key-ordered pages under one snapshot,
/// every field but function outputs (the target regenerates those), nullable columns and $meta included.
/// Loads the collection when it must (it needs an index on every vector field) and releases it afterwards.
/// </summary>
public sealed class MilvusCollectionSource(MilvusClient client, string collection, MilvusSourceOptions? options = null) : IVectorSource, ISourceNotes
{
    private readonly MilvusSourceOptions _o = options ?? new MilvusSourceOptions();
    private CollectionSpec? _spec;
    private bool _loadedByUs;
    private ulong _snapshot;

    public string Identity => $"milvus:{client.Address}{client.Database}/{collection}/{_o.Partition}";
    public string Description => $"{client.Address}{client.Database}/{collection}{(_o.Partition is null ? "" : "/" + _o.Partition)}";
    public long? TotalRows { get; private set; }

    /// <summary>Whether the collection was loaded before this source touched it.</summary>
    public bool WasLoaded { get; private set; }

    /// <summary>Things worth telling the user (loading, releasing).</summary>
    private readonly List<string> _notes = [];
    public IReadOnlyList<string> Notes => _notes;

    public async Task<CollectionSpec> DescribeAsync(CancellationToken ct)
    {
        _spec = await client.DescribeCollectionFullAsync(collection, ct).ConfigureAwait(false);
        var state = await client.GetLoadStateAsync(collection, ct: ct).ConfigureAwait(false);
        WasLoaded = state == LoadState.Loaded;
        if (!WasLoaded)
        {
            CheckLoadable(_spec);
            await client.LoadCollectionAsync(collection, ct: ct).ConfigureAwait(false);
            await client.WaitForLoadedAsync(collection, ct: ct).ConfigureAwait(false);
            _loadedByUs = true;
            _notes.Add($"Loaded source collection '{collection}' to read it; it is released again afterwards.");
        }
        // The count and the pages share one snapshot: a live collection gets exactly the rows it had then.
        _snapshot = await new MilvusQueryIterator(client, collection, IteratorOptions(null)).PinSnapshotAsync(ct).ConfigureAwait(false);
        TotalRows = await client.CountAsync(collection, _o.Filter, _o.Partition is null ? null : [_o.Partition], ct, _snapshot).ConfigureAwait(false);
        return _spec;
    }

    /// <summary>Milvus loads a collection only when every vector field has an index; said before trying.</summary>
    internal static void CheckLoadable(CollectionSpec spec)
    {
        var unindexed = spec.VectorFields.Where(v => spec.Indexes.All(i => i.FieldName != v.Name)).Select(v => v.Name).ToList();
        if (unindexed.Count > 0)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidOperation, "MilvusCollectionNotLoadable",
                $"Collection '{spec.Name}' is not loaded and cannot be: vector field(s) {string.Join(", ", unindexed)} have no index, and Milvus only reads loaded collections.",
                "Create an index on every vector field of the source collection (or load it), then retry.");
    }

    private QueryIteratorOptions IteratorOptions(object? startAfter) => new()
    {
        Fields = _o.Fields,
        Partitions = _o.Partition is null ? [] : [_o.Partition],
        Filter = _o.Filter,
        StartAfterKey = startAfter,
    };

    public async IAsyncEnumerable<VectorBatch> ReadAsync(SourcePosition? resumeAfter, int batchRows, [EnumeratorCancellation] CancellationToken ct)
    {
        if (_spec is null) await DescribeAsync(ct).ConfigureAwait(false);
        MilvusQueryIterator? iterator = null;
        try
        {
            // Pages are sized by the iterator (row width, loaded segments); the engine cuts them into batches.
            iterator = new MilvusQueryIterator(client, collection, IteratorOptions(resumeAfter?.LastKey) with
            {
                StartOffset = resumeAfter?.Offset ?? 0,
                PageSize = _o.PageSize,
                SnapshotTimestamp = _snapshot,
            });
            await foreach (var page in iterator.ReadAsync(ct).ConfigureAwait(false)) yield return page;
        }
        finally
        {
            if (iterator is not null) _notes.AddRange(iterator.Notes);
            if (_loadedByUs)
            {
                await client.ReleaseCollectionAsync(collection, CancellationToken.None).ConfigureAwait(false);
                _loadedByUs = false;
            }
        }
    }
}
