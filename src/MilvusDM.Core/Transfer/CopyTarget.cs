using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// The target of a collection copy (Milvus 2.x or 1.x source), made ready once before its partitions are copied:
/// its database exists; an existing collection is kept (resume, Append, Upsert), left alone (Skip) or dropped
/// (Overwrite); a missing one is created with its index definitions.
/// </summary>
internal static class CopyTarget
{
    /// <param name="create">The collection to create when missing (its name is the target's; indexes are created after it).</param>
    /// <param name="adjust">Last changes to a collection about to be created (e.g. keeping auto-id keys).</param>
    /// <returns>False when the target exists and the mode is Skip: nothing is to be copied.</returns>
    public static async Task<bool> PrepareAsync(MilvusClient destination, CollectionSpec create, WriteMode mode, bool resuming, List<string> notes, CancellationToken ct,
        Func<CollectionSpec, Task<CollectionSpec>>? adjust = null)
    {
        string target = create.Name;
        if (await destination.EnsureDatabaseAsync(ct).ConfigureAwait(false)) notes.Add($"Created database '{destination.Database}'.");
        if (resuming) notes.Add($"Resuming the copy into '{target}': it keeps what it holds.");
        else if (await destination.HasCollectionAsync(target, ct).ConfigureAwait(false))
        {
            if (mode == WriteMode.Skip) return false;
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
            foreach (var index in create.Indexes)
                await destination.CreateIndexAsync(target, index, ct).ConfigureAwait(false);
            notes.Add($"Created collection '{target}' with {create.Fields.Count} fields, {create.Indexes.Count} index(es){string.Concat(create.Indexes.Select(i => $", {i.FieldName}: {i.IndexType}"))}.");
        }
        return true;
    }

    public static TransferResult Skipped(string source, string target) =>
        new() { Source = source, Destination = target, Status = TransferStatus.Skipped, Notes = [$"Collection '{target}' already exists (mode Skip)."] };
}
