using System.Globalization;
using System.Reflection;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Jobs;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Parquet;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Backup;

/// <summary>What a backup of a Milvus server (or part of it) into a folder asks for.</summary>
public sealed record BackupOptions
{
    public required MilvusClient Source { get; init; }
    public required string Folder { get; init; }

    /// <summary>Databases to back up (wildcards; default all).</summary>
    public IReadOnlyList<string> Databases { get; init; } = [];

    /// <summary>Collections to back up (wildcards; default all).</summary>
    public IReadOnlyList<string> Collections { get; init; } = [];

    /// <summary>Partitions to back up (wildcards; default all). Partition-key collections are always backed up whole.</summary>
    public IReadOnlyList<string> Partitions { get; init; } = [];

    /// <summary>Continue an unfinished backup in the folder: finished files are kept, the rest is written.</summary>
    public bool Resume { get; init; }

    public long MaxFileSize { get; init; } = ParquetFileSink.DefaultMaxFileSize;

    /// <summary>Partitions of a collection backed up at the same time (each holds one row group in memory).</summary>
    public int ParallelPartitions { get; init; } = 4;

    /// <summary>Also record roles, privilege groups, grants and users (<see cref="BackupRbac"/>; passwords cannot be read).</summary>
    public bool IncludeRbac { get; init; }

    /// <summary>Row group size target (tests make it small to get several row groups and files).</summary>
    public long TargetRowGroupBytes { get; init; } = ParquetFileSink.DefaultTargetRowGroupBytes;

    public TransferOptions Transfer { get; init; } = new();
}

/// <summary>
/// Backs up collections into a folder: per partition (a partition-key collection: once, whole) a
/// <see cref="MilvusCollectionSource"/> streams into a <see cref="ParquetFileSink"/> under
/// <c>&lt;folder&gt;/&lt;db&gt;/&lt;collection&gt;/&lt;partition&gt;/</c> in Milvus's bulk-import layout; each finished
/// file is journaled (<see cref="BackupJournal"/>); when every collection is done the manifest is written, last.
/// </summary>
public static class BackupJob
{
    /// <summary>The folder of a partition-key collection's single group (such a collection has no partitions of its own to clash with).</summary>
    internal const string WholeCollectionFolder = "_all";

    public static async Task<IReadOnlyList<TransferResult>> RunAsync(BackupOptions o, JobHost host, CancellationToken ct)
    {
        string folder = Path.GetFullPath(o.Folder);
        CheckFolder(folder, o.Resume);
        using (new ParquetFileSink(folder, maxFileSize: o.MaxFileSize)) { }   // the size limit is checked before anything is written
        var selection = await SelectAsync(o, ct).ConfigureAwait(false);
        var rbac = o.IncludeRbac ? await RbacBackup.ReadAsync(o.Source, ct).ConfigureAwait(false) : null;   // read first: a refusal comes before any file
        var journal = o.Resume ? await BackupJournal.LoadAsync(folder, ct).ConfigureAwait(false) : new BackupJournal();
        var done = new Dictionary<(string, string), BackupCollection>();
        var units = selection.SelectMany(d => d.Collections.Select(name => new JobUnit($"{d.Name}/{name}",
            new WritePlan(folder, $"Back up collection '{name}' of database '{d.Name}' from {o.Source.Address}", WriteMode.Append),
            async (progress, c) =>
            {
                var (collection, results) = await BackupCollectionAsync(o, o.Source.WithDatabase(d.Name), d.Name, name, folder, journal, progress, c).ConfigureAwait(false);
                if (results.All(r => r.Status is TransferStatus.Succeeded or TransferStatus.Skipped)) done[(d.Name, name)] = collection;
                return results;
            }))).ToList();
        var all = await UnitLoop.RunAsync(units, host, ct).ConfigureAwait(false);
        if (done.Count == units.Count && (units.Count > 0 || rbac is not null) && !ct.IsCancellationRequested)
            await WriteManifestAsync(o, folder, selection, done, rbac, ct).ConfigureAwait(false);
        return all;
    }

    private static void CheckFolder(string folder, bool resume)
    {
        if (File.Exists(Path.Combine(folder, BackupManifest.FileName)))
            throw new MilvusDMException(MilvusDMErrorKind.InvalidOperation, "BackupExists",
                $"'{folder}' already holds a finished backup.", "Back up into another (or an empty) folder, or delete the old backup first.");
        if (!resume && File.Exists(Path.Combine(folder, BackupJournal.FileName)))
            throw new MilvusDMException(MilvusDMErrorKind.InvalidOperation, "BackupUnfinished",
                $"'{folder}' holds an unfinished backup.", "Continue it with {Resume}, or back up into another folder.");
    }

    private sealed record SelectedDatabase(string Name, IReadOnlyList<string> Collections);

    /// <summary>Databases and collections the patterns select; a pattern that selects nothing is an error, before anything is written.</summary>
    private static async Task<List<SelectedDatabase>> SelectAsync(BackupOptions o, CancellationToken ct)
    {
        var databases = NamePattern.Select(o.Databases, await o.Source.ListDatabasesAsync(ct).ConfigureAwait(false));
        var selected = new List<SelectedDatabase>();
        foreach (var db in databases)
        {
            var client = o.Source.WithDatabase(db);
            var names = NamePattern.Select(o.Collections, await client.ListCollectionsAsync(ct).ConfigureAwait(false)).ToList();
            // With partitions named, a collection that has none of them is left out rather than failed.
            if (o.Partitions.Count > 0)
                foreach (var name in names.ToList())
                    if (NamePattern.Select(o.Partitions, await client.ListPartitionsAsync(name, ct).ConfigureAwait(false)).Count == 0) names.Remove(name);
            if (names.Count > 0 || o.Collections.Count == 0) selected.Add(new SelectedDatabase(db, names.Order(StringComparer.Ordinal).ToList()));
        }
        var unmatched = o.Databases.Where(p => !databases.Any(d => NamePattern.IsMatch(p, d)))
            .Concat(o.Collections.Where(p => !selected.Any(d => d.Collections.Any(c => NamePattern.IsMatch(p, c)))))
            .Concat(o.Partitions.Count > 0 && selected.All(d => d.Collections.Count == 0) ? o.Partitions : []).ToList();
        if (unmatched.Count > 0)
            throw new MilvusDMException(MilvusDMErrorKind.NotFound, "BackupNothingSelected",
                $"Nothing on {o.Source.Address} matches {string.Join(", ", unmatched.Select(p => $"'{p}'"))}.", "Run Get-MilvusDatabase and Get-MilvusCollection to list what there is.");
        return selected;
    }

    private static async Task<(BackupCollection, IReadOnlyList<TransferResult>)> BackupCollectionAsync(BackupOptions o, MilvusClient client, string db, string name,
        string folder, BackupJournal journal, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var spec = await client.DescribeCollectionFullAsync(name, ct).ConfigureAwait(false);
        var loadState = await client.GetLoadStateAsync(name, ct: ct).ConfigureAwait(false);
        var partitionRows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var p in spec.Partitions) partitionRows[p] = await client.GetPartitionRowCountAsync(name, p, ct).ConfigureAwait(false);
        // Partition-key collections spread rows themselves: one group for the whole collection, as a copy does.
        IReadOnlyList<string?> parts = spec.HasPartitionKey ? [null] : SelectPartitions(o.Partitions, spec, db);
        var (groups, results) = await BackupGroupsAsync(o, client, db, spec, loadState, parts, folder, journal, progress, ct).ConfigureAwait(false);
        var collection = new BackupCollection
        {
            Spec = spec with { CollectionId = 0 },
            LoadState = loadState == LoadState.Loading ? LoadState.Loaded : loadState,
            PartitionRows = partitionRows,
            Groups = groups,
        };
        return (collection, results);
    }

    /// <summary>
    /// Several partitions at once (<see cref="BackupOptions.ParallelPartitions"/>), each into its own folder, told as one
    /// progress; one that fails stops those not yet started. Results in partition order.
    /// </summary>
    private static async Task<(List<BackupFileGroup>, List<TransferResult>)> BackupGroupsAsync(BackupOptions o, MilvusClient client, string db, CollectionSpec spec,
        LoadState loadState, IReadOnlyList<string?> parts, string folder, BackupJournal journal, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        string name = spec.Name;
        var outcomes = new (BackupFileGroup Group, TransferResult Result)?[parts.Count];
        var combined = progress is null ? null : new CombinedProgress($"{db}/{name}", Path.Combine(folder, db, name), progress);
        bool failed = false;
        // Partitions read at the same time share one load: a source that loaded the collection itself would release it under the others.
        string RelativeOf(string? partition) => $"{db}/{name}/{partition ?? WholeCollectionFolder}";
        int toDo = parts.Count(p => !(journal.Groups.TryGetValue(RelativeOf(p), out var known) && known.Done));
        bool loadForAll = loadState != LoadState.Loaded && toDo > 1 && o.ParallelPartitions > 1;
        if (loadForAll)
        {
            MilvusCollectionSource.CheckLoadable(spec);
            await client.LoadCollectionAsync(name, ct: ct).ConfigureAwait(false);
            await client.WaitForLoadedAsync(name, ct: ct).ConfigureAwait(false);
        }
        try
        {
            // Not given the caller's token: a cancelled loop would throw instead of returning the partitions' Cancelled results.
            await Parallel.ForEachAsync(Enumerable.Range(0, parts.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.ParallelPartitions) },
                async (i, _) =>
                {
                    if (Volatile.Read(ref failed) || ct.IsCancellationRequested) return;
                    var (group, result) = await BackupGroupAsync(o, client, name, parts[i], RelativeOf(parts[i]), folder, journal, combined?.For(i), ct).ConfigureAwait(false);
                    outcomes[i] = (group, result with { Source = $"{db}/{name}", Partition = parts[i] });
                    if (result.Status is TransferStatus.Failed or TransferStatus.Cancelled) Volatile.Write(ref failed, true);
                }).ConfigureAwait(false);
        }
        finally
        {
            if (loadForAll) await client.ReleaseCollectionAsync(name, CancellationToken.None).ConfigureAwait(false);
        }
        var done = outcomes.OfType<(BackupFileGroup Group, TransferResult Result)>().ToList();
        var results = done.Select(x => x.Result).ToList();
        if (loadForAll && results.Count > 0)
            results[0] = results[0] with { Notes = [$"Loaded collection '{name}' to read its partitions at the same time; it is released again afterwards.", .. results[0].Notes] };
        return (done.Select(x => x.Group).ToList(), results);
    }

    private static IReadOnlyList<string?> SelectPartitions(IReadOnlyList<string> patterns, CollectionSpec spec, string db)
    {
        var selected = NamePattern.Select(patterns, spec.Partitions);
        if (selected.Count == 0)
            throw new MilvusDMException(MilvusDMErrorKind.NotFound, "MilvusPartitionNotFound",
                $"No partition of collection '{spec.Name}' in database '{db}' matches {string.Join(", ", patterns.Select(p => $"'{p}'"))}.", "Run Get-MilvusPartition to list them.");
        return selected;
    }

    /// <summary>One partition into its folder; its journaled files kept on resume, the transfer continuing after the last one's key.</summary>
    private static async Task<(BackupFileGroup, TransferResult)> BackupGroupAsync(BackupOptions o, MilvusClient client, string name, string? partition, string relative,
        string folder, BackupJournal journal, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        string directory = Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));
        if (journal.Groups.TryGetValue(relative, out var known) && known.Done)
            return (new BackupFileGroup { Partition = partition, Folder = relative, Files = known.Files },
                new TransferResult { Source = name, Destination = directory, Status = TransferStatus.Skipped, Rows = 0, Notes = [$"'{relative}' was backed up before ({known.Files.Count} file(s))."] });

        var finished = known?.Files ?? [];
        // Without a last key (an auto-id key is not written) the rest cannot be found: the group starts over.
        if (finished.Count > 0 && finished[^1].LastKey is null) finished = [];
        RemoveStrays(directory, finished);
        var entry = new JournalGroup { Files = [.. finished] };
        await journal.UpdateAsync(folder, () => journal.Groups[relative] = entry, ct).ConfigureAwait(false);
        using var sink = new ParquetFileSink(directory, "part", o.MaxFileSize, finished.Select(f => ToEntry(f, relative)), o.TargetRowGroupBytes, rowDigests: true);
        var journaling = new JournalingSink(sink, (files, c) => journal.UpdateAsync(folder, () =>
        {
            entry.Files.Clear();
            entry.Files.AddRange(files.Select(f => FromEntry(f, relative)));
        }, c));
        // One writer keeps the files in key order, so the last journaled key is where a resumed run goes on.
        // Partitions run side by side, so each keeps only two batches queued ahead of its writer.
        var transfer = o.Transfer with { ThrottleLimit = 1, ChannelCapacity = 2, Checkpoints = null, Resume = false };
        string after = finished.Count > 0 ? await AfterKeyAsync(client, name, finished[^1].LastKey!, ct).ConfigureAwait(false) : "";
        var source = new MilvusCollectionSource(client, name, new MilvusSourceOptions { Partition = partition, Filter = after });
        var result = await new TransferEngine(transfer).RunAsync(source, journaling, progress, ct).ConfigureAwait(false);
        if (result.Status == TransferStatus.Succeeded) await journal.UpdateAsync(folder, () => entry.Done = true, ct).ConfigureAwait(false);
        var group = new BackupFileGroup { Partition = partition, Folder = relative, Files = [.. entry.Files] };
        return (group, result with
        {
            Destination = directory,
            Notes = finished.Count > 0 ? [$"Resumed '{relative}' after {finished.Count} finished file(s).", .. result.Notes] : result.Notes,
        });
    }

    /// <summary>The filter that reads the rows after <paramref name="key"/>: the primary key is greater.</summary>
    private static async Task<string> AfterKeyAsync(MilvusClient client, string name, object key, CancellationToken ct)
    {
        string pk = (await client.DescribeCollectionAsync(name, ct).ConfigureAwait(false)).PrimaryField.Name;
        return key is string s ? $"{pk} > {ExpressionLiterals.Quote(s)}" : string.Create(CultureInfo.InvariantCulture, $"{pk} > {key}");
    }

    /// <summary>Files a cut run left that the journal does not know (an unfinished file, one finished but not yet journaled).</summary>
    private static void RemoveStrays(string directory, IReadOnlyList<BackupFile> keep)
    {
        if (!Directory.Exists(directory)) return;
        var known = keep.Select(f => Path.GetFileName(f.Path)).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "part-*"))
            if (!known.Contains(Path.GetFileName(file))) File.Delete(file);
    }

    private static ParquetFileEntry ToEntry(BackupFile f, string relative) =>
        new(f.Path[(relative.Length + 1)..], f.Rows, f.Bytes, f.Sha256, f.FirstKey, f.LastKey, f.RowDigest);

    private static BackupFile FromEntry(ParquetFileEntry f, string relative) =>
        new($"{relative}/{f.Path}", f.Rows, f.Bytes, f.Sha256, f.FirstKey, f.LastKey, f.RowDigest);

    private static async Task WriteManifestAsync(BackupOptions o, string folder, List<SelectedDatabase> selection,
        Dictionary<(string, string), BackupCollection> done, BackupRbac? rbac, CancellationToken ct)
    {
        var databases = new List<BackupDatabase>();
        foreach (var d in selection)
            databases.Add(new BackupDatabase
            {
                Name = d.Name,
                Properties = await o.Source.DescribeDatabaseAsync(d.Name, ct).ConfigureAwait(false),
                Collections = d.Collections.Select(c => done[(d.Name, c)]).ToList(),
            });
        var manifest = new BackupManifest
        {
            ToolVersion = typeof(BackupJob).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            ServerVersion = await o.Source.GetVersionAsync(ct).ConfigureAwait(false),
            ServerAddress = new UriBuilder(o.Source.Address) { UserName = "", Password = "" }.Uri.ToString(),
            CreatedUtc = DateTime.UtcNow,
            Databases = databases,
            Rbac = rbac,
        };
        Directory.CreateDirectory(folder);
        await BackupJson.WriteAtomicallyAsync(Path.Combine(folder, BackupManifest.FileName), manifest, ct).ConfigureAwait(false);
        File.Delete(Path.Combine(folder, BackupJournal.FileName));   // the manifest supersedes it
    }
}
