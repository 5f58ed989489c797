using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Milvus1;

/// <summary>Which Milvus 1.x collection (and partitions) to read, and where its metadata is.</summary>
public sealed record Milvus1SourceOptions
{
    /// <summary>The storage.path of the Milvus 1.x server (holding db/), or its db folder.</summary>
    public required string Path { get; init; }

    /// <summary>Metadata in MySQL instead of db/meta.sqlite.</summary>
    public string? MySqlConnectionString { get; init; }

    public required string Collection { get; init; }

    /// <summary>Partition tags (or their 2.x names); empty: every partition including _default.</summary>
    public IReadOnlyList<string> Partitions { get; init; } = [];
}

/// <summary>
/// The old MilvusDM's M2M and M2H for Milvus 1.x data paths: a collection (all partitions or the named ones) into a
/// Milvus 2.x collection with the same partitions (tags renamed where 2.x forbids them) and the matching index, or
/// into one HDF5 file per partition with the H2M task file beside it. One result per partition.
/// </summary>
public static class Milvus1Transfer
{
    public static async Task<(Milvus1DataPath Path, Milvus1Catalog Catalog)> OpenAsync(string path, string? mysql, CancellationToken ct)
    {
        var data = Milvus1DataPath.Open(path, !string.IsNullOrEmpty(mysql));
        return (data, await Milvus1Metadata.ReadAsync(data, mysql, ct).ConfigureAwait(false));
    }

    /// <param name="verify">After each partition, look every source row up in the target (<see cref="ImportVerification"/>).</param>
    public static async Task<IReadOnlyList<TransferResult>> CopyAsync(Milvus1SourceOptions o, MilvusClient destination, string? destinationName, WriteMode mode,
        TransferOptions transfer, IProgress<TransferProgress>? progress, CancellationToken ct, bool verify = false)
    {
        var (path, catalog) = await OpenAsync(o.Path, o.MySqlConnectionString, ct).ConfigureAwait(false);
        var collection = catalog.Collection(o.Collection);
        var partitions = Milvus1Catalog.Select(collection, o.Partitions);
        string target = destinationName ?? collection.Name;
        var notes = NotesFor(catalog, collection);
        MilvusCollectionSink SinkFor(Milvus1Partition p) => new(destination, new MilvusSinkOptions
        {
            CollectionName = target,
            PartitionName = p.Name == "_default" ? null : p.Name,
            Mode = mode == WriteMode.Upsert ? WriteMode.Upsert : WriteMode.Append,
            Flush = false,   // once at the end
        });
        bool resuming = Checkpoints.AnyStored(transfer, partitions.Select(p => (new Milvus1Source(path, collection, p).Identity, SinkFor(p).Description)));
        var state = await CopyTarget.PrepareAsync(destination, Milvus1Source.SpecFor(collection) with { Name = target }, mode, resuming, notes, ct).ConfigureAwait(false);
        if (state == CopyTargetState.Skip)
            return [CopyTarget.Skipped(collection.Name, target)];

        var results = new List<TransferResult>();
        foreach (var p in partitions)
        {
            var source = new Milvus1Source(path, collection, p);
            var sink = SinkFor(p);
            var result = await new TransferEngine(transfer).RunAsync(source, sink, progress, ct).ConfigureAwait(false);
            results.Add(result with { Partition = p.Name, Notes = [.. notes, .. result.Notes] });
            notes.Clear();
            if (result.Status is TransferStatus.Failed or TransferStatus.Cancelled)   // a unit skipped on resume goes on
            {
                await CopyTarget.AbandonIfEmptyAsync(destination, target, state, results).ConfigureAwait(false);
                return results;
            }
        }
        await destination.FlushAndWaitAsync(target, ct: ct).ConfigureAwait(false);
        if (!verify || results.Any(r => r.Status is not (TransferStatus.Succeeded or TransferStatus.Skipped))) return results;
        for (int i = 0; i < results.Count; i++)
        {
            var check = await ImportVerification.VerifyAsync(new Milvus1Source(path, collection, partitions[i]), destination, target,
                partitions[i].Name == "_default" ? null : partitions[i].Name, ct: ct, progress: progress).ConfigureAwait(false);
            results[i] = results[i] with { Verified = check.Equal, Verification = check.Describe(target), VerificationElapsed = check.Elapsed };
        }
        return results;
    }

    public static async Task<IReadOnlyList<TransferResult>> ExportAsync(Milvus1SourceOptions o, string folder, bool overwrite,
        TransferOptions transfer, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var (path, catalog) = await OpenAsync(o.Path, o.MySqlConnectionString, ct).ConfigureAwait(false);
        var collection = catalog.Collection(o.Collection);
        var spec = Milvus1Source.SpecFor(collection);
        var notes = NotesFor(catalog, collection);
        var results = new List<TransferResult>();
        foreach (var p in Milvus1Catalog.Select(collection, o.Partitions))
        {
            var source = new Milvus1Source(path, collection, p);
            var result = await CollectionExport.ExportOneAsync(source, folder, collection.Name, p.Name, spec, collection.Metric, overwrite, transfer, progress, ct).ConfigureAwait(false);
            results.Add(result with { Notes = [.. notes, .. result.Notes] });
            notes.Clear();
            if (result.Status != TransferStatus.Succeeded) break;
        }
        return results;
    }

    private static List<string> NotesFor(Milvus1Catalog catalog, Milvus1Collection c)
    {
        var notes = catalog.Renamed.Where(r => r.StartsWith($"Collection '{c.Name}':", StringComparison.Ordinal)).ToList();
        if (Milvus1Codes.IndexFor(c.EngineType, c.IndexParams, Milvus1Source.VectorField, c.Metric).Note is { } note) notes.Add(note);
        if (c.MetricType == 5) notes.Add("TANIMOTO (Milvus 1.x) is JACCARD in Milvus 2.x: the same ranking on binary vectors.");
        notes.Add($"Milvus 1.x keeps unflushed rows in its WAL: this copy holds what {c.Name} had flushed to db/tables when the files were copied.");
        return notes;
    }
}
