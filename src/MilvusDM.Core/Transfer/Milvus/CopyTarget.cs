using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// The target of a collection copy (Milvus 2.x or 1.x source), made ready once before its partitions are copied:
/// its database exists; an existing collection is kept (resume, Append, Upsert), left alone (Skip) or dropped
/// (Overwrite); a missing one is created with its index definitions.
/// </summary>
internal enum CopyTargetState { Skip, Kept, Created }

internal static class CopyTarget
{
    /// <param name="create">The collection to create when missing (its name is the target's; indexes are created after it).</param>
    /// <param name="adjust">Last changes to a collection about to be created (e.g. keeping auto-id keys).</param>
    /// <returns>Skip when the target exists and the mode is Skip (nothing is to be copied); Created when this run made it.</returns>
    public static async Task<CopyTargetState> PrepareAsync(MilvusClient destination, CollectionSpec create, WriteMode mode, bool resuming, List<string> notes, CancellationToken ct,
        Func<CollectionSpec, Task<CollectionSpec>>? adjust = null)
    {
        string target = create.Name;
        MilvusCollectionSink.CheckNames(destination, target, null);
        foreach (var partition in create.Partitions) NameRules.CheckPartition(partition);
        await ServerFeatures.CheckAsync(destination, [create], ct).ConfigureAwait(false);
        if (await destination.EnsureDatabaseAsync(ct).ConfigureAwait(false)) notes.Add($"Created database '{destination.Database}'.");
        if (resuming) notes.Add($"Resuming the copy into '{target}': it keeps what it holds.");
        else if (await destination.HasCollectionAsync(target, ct).ConfigureAwait(false))
        {
            if (mode == WriteMode.Skip) return CopyTargetState.Skip;
            if (mode == WriteMode.Overwrite)
            {
                long dropped = await destination.GetCollectionRowCountAsync(target, ct).ConfigureAwait(false);
                await destination.DropCollectionAsync(target, ct).ConfigureAwait(false);
                notes.Add($"Dropped collection '{target}' ({dropped:N0} rows) and recreated it (mode Overwrite).");
            }
        }
        if (!await destination.HasCollectionAsync(target, ct).ConfigureAwait(false))
        {
            var spec = create with { Partitions = [], Indexes = [], Aliases = [] };
            if (adjust is not null) spec = await adjust(spec).ConfigureAwait(false);
            await destination.CreateCollectionAsync(spec, ct).ConfigureAwait(false);
            try
            {
                foreach (var index in create.Indexes)
                    await destination.CreateIndexAsync(target, index, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A collection without the source's indexes is not the copy asked for: it goes, and the error tells.
                await destination.DropCollectionAsync(target, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            notes.Add($"Created collection '{target}' with {create.Fields.Count} fields, {create.Indexes.Count} index(es){string.Concat(create.Indexes.Select(i => $", {i.FieldName}: {i.IndexType}"))}.");
            return CopyTargetState.Created;
        }
        return CopyTargetState.Kept;
    }

    /// <summary>
    /// After a unit failed: a target this run created and into which no row was ever committed is dropped (it would be
    /// left empty), and the last result says so.
    /// </summary>
    public static async Task AbandonIfEmptyAsync(MilvusClient destination, string target, CopyTargetState state, List<TransferResult> results)
    {
        if (state != CopyTargetState.Created || results.Count == 0 || results[^1].Status != TransferStatus.Failed) return;
        if (results.Any(r => r.Rows > 0 || r.Checkpoint is { RowsCommitted: > 0 } || r.Status == TransferStatus.Succeeded)) return;
        string note;
        try
        {
            await destination.DropCollectionAsync(target, CancellationToken.None).ConfigureAwait(false);
            note = $"Dropped collection '{target}', which this run had created: no row was written to it.";
        }
        catch (Exception e) { note = $"Collection '{target}', which this run created, is left empty: it could not be dropped ({e.Message})."; }
        results[^1] = results[^1] with { Notes = [.. results[^1].Notes, note] };
    }

    public static TransferResult Skipped(string source, string target) =>
        new() { Source = source, Destination = target, Status = TransferStatus.Skipped, Notes = [$"Collection '{target}' already exists (mode Skip)."] };
}
