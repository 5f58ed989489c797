using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>What Copy-MilvusCollection asks for.</summary>
public sealed record CollectionCopyOptions
{
    public required string Name { get; init; }

    /// <summary>Target collection name (default: the source's).</summary>
    public string? DestinationName { get; init; }

    /// <summary>Partitions to copy (default: all).</summary>
    public IReadOnlyList<string> Partitions { get; init; } = [];

    public WriteMode Mode { get; init; } = WriteMode.Append;
    public TransferOptions Transfer { get; init; } = new();

    /// <summary>Also create the source's aliases on the target (an alias that already exists there is left alone).</summary>
    public bool IncludeAliases { get; init; }

    /// <summary>Compare target with source afterwards: once for the whole collection, or per partition when partitions are named.</summary>
    public bool Verify { get; init; }
}

/// <summary>
/// M2M for Milvus 2.x: recreates the collection on the target (fields with every attribute, functions, dynamic
/// field, properties, consistency level, shards, partition count), its partitions and index definitions, copies
/// each partition through the engine (one result per partition), flushes once, and loads the target when the
/// source was loaded.
/// </summary>
public static class CollectionCopy
{
    /// <summary>Throws CopyOntoItself when the destination is the source itself (for a caller that asks before copying).</summary>
    public static async Task CheckNotOntoItselfAsync(MilvusClient source, string name, MilvusClient destination, string target, WriteMode mode, CancellationToken ct)
    {
        MilvusCollectionSink.CheckNames(destination, target, null);
        await SameCollectionGuard.ThrowIfSameAsync(await source.DescribeCollectionAsync(name, ct).ConfigureAwait(false), destination, target, mode, ct).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<TransferResult>> RunAsync(MilvusClient source, MilvusClient destination, CollectionCopyOptions o,
        IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        string target = o.DestinationName ?? o.Name;
        MilvusCollectionSink.CheckNames(destination, target, null);
        foreach (var partition in o.Partitions) NameRules.CheckPartition(partition);
        var spec = await source.DescribeCollectionFullAsync(o.Name, ct).ConfigureAwait(false);
        await SameCollectionGuard.ThrowIfSameAsync(spec, destination, target, o.Mode, ct).ConfigureAwait(false);
        bool sourceLoaded = await source.GetLoadStateAsync(o.Name, ct: ct).ConfigureAwait(false) == LoadState.Loaded;
        var notes = new List<string>();
        // Partition-key collections spread rows themselves: one transfer for the whole collection.
        IReadOnlyList<string?> parts = spec.HasPartitionKey ? [null] : (o.Partitions.Count > 0 ? o.Partitions : spec.Partitions).Cast<string?>().ToList();
        MilvusCollectionSink SinkFor(string? partition) => new(destination, new MilvusSinkOptions
        {
            CollectionName = target,
            PartitionName = partition,
            Mode = o.Mode == WriteMode.Upsert ? WriteMode.Upsert : WriteMode.Append,
            Flush = false,   // once at the end: Milvus rate-limits flushes per collection
        });
        bool resuming = Checkpoints.AnyStored(o.Transfer, parts.Select(p => (new MilvusCollectionSource(source, o.Name, new MilvusSourceOptions { Partition = p }).Identity, SinkFor(p).Description)));
        var state = await CopyTarget.PrepareAsync(destination, spec with { Name = target }, o.Mode, resuming, notes, ct,
                spec.PrimaryField.AutoId ? create => KeepAutoIdKeysAsync(destination, create, notes, ct) : null).ConfigureAwait(false);
        if (state == CopyTargetState.Skip)
        {
            List<TransferResult> skipped = [CopyTarget.Skipped(o.Name, target)];
            return o.Verify ? await VerifyAsync(source, o.Name, destination, target, perPartition: false, skipped, ct).ConfigureAwait(false) : skipped;
        }

        var results = new List<TransferResult>();
        foreach (var partition in parts)
        {
            var src = new MilvusCollectionSource(source, o.Name, new MilvusSourceOptions { Partition = partition });
            var sink = SinkFor(partition);
            var result = await new TransferEngine(o.Transfer).RunAsync(src, sink, progress, ct).ConfigureAwait(false);
            results.Add(result with { Partition = partition, Notes = [.. notes, .. result.Notes] });
            notes.Clear();
            if (result.Status is TransferStatus.Failed or TransferStatus.Cancelled)   // a unit skipped on resume goes on
            {
                await CopyTarget.AbandonIfEmptyAsync(destination, target, state, results).ConfigureAwait(false);
                return results;
            }
        }
        await destination.FlushAndWaitAsync(target, ct: ct).ConfigureAwait(false);
        if (o.IncludeAliases && results.Count > 0)
            results[^1] = results[^1] with { Notes = [.. results[^1].Notes, .. await CopyAliasesAsync(destination, spec.Aliases, target, ct).ConfigureAwait(false)] };
        if (sourceLoaded)
        {
            await destination.LoadCollectionAsync(target, ct: ct).ConfigureAwait(false);
            await destination.WaitForLoadedAsync(target, ct: ct).ConfigureAwait(false);
        }
        return o.Verify ? await VerifyAsync(source, o.Name, destination, target, o.Partitions.Count > 0, results, ct).ConfigureAwait(false) : results;
    }

    /// <summary>
    /// Compares the copy with its source: per partition when the copy named partitions, else once for the whole
    /// collection (the verdict on every result, the report on the first, so it is told once).
    /// </summary>
    private static async Task<IReadOnlyList<TransferResult>> VerifyAsync(MilvusClient source, string name, MilvusClient destination, string target, bool perPartition,
        List<TransferResult> results, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (!perPartition)
        {
            var c = await CollectionComparison.CompareAsync(source, name, destination, target, 20, ct).ConfigureAwait(false);
            return results.Select((r, i) => r with { Verified = c.Equal, Verification = i == 0 ? c.Describe() : null, VerificationElapsed = clock.Elapsed }).ToList();
        }
        var verified = new List<TransferResult>();
        foreach (var r in results)
        {
            clock.Restart();
            var c = await CollectionComparison.CompareAsync(source, name, destination, target, 20, ct, r.Partition).ConfigureAwait(false);
            verified.Add(r with { Verified = c.Equal, Verification = c.Describe(), VerificationElapsed = clock.Elapsed });
        }
        return verified;
    }

    /// <summary>
    /// An auto-id source keeps its keys when the target server takes given keys (allow_insert_auto_id, Milvus 2.6.3+);
    /// otherwise the target assigns new keys and the sink says so.
    /// </summary>
    private static async Task<CollectionSpec> KeepAutoIdKeysAsync(MilvusClient destination, CollectionSpec create, List<string> notes, CancellationToken ct)
    {
        string version = await destination.GetVersionAsync(ct).ConfigureAwait(false);
        if (!ServerInfo.AllowsInsertAutoId(version))
        {
            notes.Add($"The target server ({version}) cannot take the source's auto-id keys (Milvus 2.6.3+ can): the copy gets new primary keys and no mapping is kept.");
            return create;
        }
        notes.Add($"Set allow_insert_auto_id on '{create.Name}' so the source's auto-id keys are kept; new inserts there may now also carry their own keys.");
        return create with { Properties = new Dictionary<string, string>(create.Properties) { ["allow_insert_auto_id"] = "true" } };
    }

    /// <summary>Creates each alias for the target unless it exists (then it is left alone, and a note says so); restores use it too.</summary>
    internal static async Task<List<string>> CopyAliasesAsync(MilvusClient destination, IEnumerable<string> aliases, string target, CancellationToken ct)
    {
        var notes = new List<string>();
        foreach (var alias in aliases)
        {
            string? current = null;
            try { current = await destination.DescribeAliasAsync(alias, ct).ConfigureAwait(false); }
            catch (Errors.MilvusServerException e) when (e.ErrorId == "MilvusAliasNotFound") { }
            if (current is null)
            {
                await destination.CreateAliasAsync(target, alias, ct).ConfigureAwait(false);
                notes.Add($"Created alias '{alias}' for '{target}'.");
            }
            else if (current != target)
                notes.Add($"Alias '{alias}' already exists on the target for collection '{current}'; it was left unchanged.");
        }
        return notes;
    }
}
