using MilvusDM.Core.Errors;
using MilvusDM.Core.Jobs;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Parquet;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Backup;

/// <summary>What a restore of a backup folder (or a selection of it) into a Milvus server asks for.</summary>
public sealed record RestoreOptions
{
    public required MilvusClient Destination { get; init; }
    public required string Folder { get; init; }

    /// <summary>Databases, collections and partitions of the backup to restore (wildcards; default all).</summary>
    public IReadOnlyList<string> Databases { get; init; } = [];
    public IReadOnlyList<string> Collections { get; init; } = [];
    public IReadOnlyList<string> Partitions { get; init; } = [];

    /// <summary>Restore every selected collection into this database instead of its own.</summary>
    public string? DestinationDatabase { get; init; }

    /// <summary>New names for collections (old name → new name).</summary>
    public IReadOnlyDictionary<string, string> Rename { get; init; } = new Dictionary<string, string>();

    public WriteMode Mode { get; init; } = WriteMode.Append;
    public bool IncludeAliases { get; init; }

    /// <summary>Restore into an older Milvus without the fields its release cannot hold (a note names each); otherwise that is an error before anything is created.</summary>
    public bool DropUnsupported { get; init; }

    /// <summary>
    /// Also restore the backup's roles, privilege groups, grants and role bindings (<see cref="RbacRestore"/>): what the
    /// target lacks is created after the collections; users are not created (no passwords), only bound when they exist.
    /// </summary>
    public bool IncludeRbac { get; init; }

    /// <summary>Afterwards, count and digest each restored partition and compare with the manifest.</summary>
    public bool Verify { get; init; }

    /// <summary>
    /// Let the server read the backup's files itself (Milvus bulk import) instead of sending their rows; the backup
    /// folder must be in the server's storage, at <see cref="StoragePath"/>.
    /// </summary>
    public bool BulkImport { get; init; }

    /// <summary>The backup folder as the server sees it: relative to its bucket or storage root, e.g. <c>backups/dump1</c>.</summary>
    public string? StoragePath { get; init; }

    public TransferOptions Transfer { get; init; } = new();
}

/// <summary>
/// Restores a backup: per collection its database (with properties), the collection with the same schema and index
/// definitions (<see cref="CopyTarget"/>, as a copy makes it), its partitions, then each partition's files through the
/// engine (<see cref="ParquetVectorSource"/> with the manifest's schema → <see cref="MilvusCollectionSink"/>) and one
/// flush, or with <see cref="RestoreOptions.BulkImport"/> through Milvus's own import (<see cref="BulkImportRestore"/>,
/// no flush needed); then aliases when asked, and the load state the collection had.
/// </summary>
public static class RestoreJob
{
    /// <param name="Spec">The collection as it is created: the backup's, less the fields the target cannot hold when asked (<see cref="Dropped"/> says which).</param>
    private sealed record Selected(BackupDatabase Database, BackupCollection Collection, IReadOnlyList<BackupFileGroup> Groups, string TargetDatabase, string TargetName)
    {
        public CollectionSpec Spec { get; init; } = Collection.Spec;
        public IReadOnlyList<string> Dropped { get; init; } = [];
    }

    public static async Task<IReadOnlyList<TransferResult>> RunAsync(RestoreOptions o, JobHost host, CancellationToken ct)
    {
        string folder = Path.GetFullPath(o.Folder);
        var manifest = await BackupFolder.ReadManifestAsync(folder, ct).ConfigureAwait(false);
        BulkImportRestore.Check(o);
        var selection = Select(manifest, o);
        CheckBeforeWriting(folder, selection);
        if (o.DropUnsupported) selection = await WithoutUnsupportedAsync(o.Destination, selection, ct).ConfigureAwait(false);
        await ServerFeatures.CheckAsync(o.Destination, selection.Select(s => s.Spec), ct, canDrop: true).ConfigureAwait(false);
        var rbac = o.IncludeRbac ? await RbacRestore.PrepareAsync(manifest, o, folder,
            selection.Select(s => new RestoredCollection(s.Database.Name, s.Collection.Spec.Name, s.TargetDatabase, s.TargetName)).ToList(), ct).ConfigureAwait(false) : null;
        var units = selection.Select(s =>
        {
            var client = o.Destination.WithDatabase(s.TargetDatabase);
            string name = s.Collection.Spec.Name;
            return new JobUnit($"{s.Database.Name}/{name}",
                new WritePlan(CollectionJobs.InWords(client, s.TargetName), $"Restore collection '{name}' of database '{s.Database.Name}' from backup {folder} (mode {o.Mode}): {PlanOf(s, o)}", o.Mode,
                    c => client.ExistingRowCountAsync(s.TargetName, c)),
                (progress, c) => RestoreCollectionAsync(o, folder, s, client, progress, c));
        }).ToList();
        if (rbac is not null) units.Add(rbac);   // after the collections: grants name them
        return await UnitLoop.RunAsync(units, host, ct).ConfigureAwait(false);
    }

    /// <summary>Each collection less what the target's release cannot hold (a newer dump into an older Milvus), as asked.</summary>
    private static async Task<List<Selected>> WithoutUnsupportedAsync(MilvusClient target, List<Selected> selection, CancellationToken ct)
    {
        if (ServerFeatures.Parse(await target.GetVersionAsync(ct).ConfigureAwait(false)) is not { } version) return selection;
        var reduced = selection.Select(s => ServerFeatures.WithoutMissing(s.Collection.Spec, version) is var (spec, notes) ? s with { Spec = spec, Dropped = notes } : s).ToList();
        foreach (var s in reduced.Where(s => s.Dropped.Count > 0 && !s.Spec.Fields.Any(f => f.DataType.IsVector())))
            throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "RestoreNoVectorLeft",
                $"Without the fields Milvus {version} cannot hold, collection '{s.Collection.Spec.Name}' would have no vector field, and Milvus needs one. Nothing was created.",
                "Restore it into a newer Milvus, or leave it out (name the others with {CollectionName}).");
        return reduced;
    }

    /// <summary>What -WhatIf tells besides the target: what is created and loaded.</summary>
    private static string PlanOf(Selected s, RestoreOptions o)
    {
        var spec = s.Spec;
        string parts = spec.HasPartitionKey ? "partition key" : $"partition(s) {string.Join(", ", s.Groups.Select(g => g.Partition))}";
        return $"{s.Groups.Sum(g => g.Rows):N0} rows in {parts}{(o.BulkImport ? $" through Milvus bulk import from '{o.StoragePath}'" : "")}, {spec.Indexes.Count} index(es)"
            + (o.IncludeAliases && spec.Aliases.Count > 0 ? $", alias(es) {string.Join(", ", spec.Aliases)}" : "")
            + (s.Collection.LoadState == LoadState.Loaded ? ", loaded afterwards" : "")
            + (s.Dropped.Count > 0 ? $"; {string.Join(" ", s.Dropped)}" : "");
    }

    private static List<Selected> Select(BackupManifest manifest, RestoreOptions o)
    {
        var selected = new List<Selected>();
        foreach (var (db, c) in manifest.Collections)
        {
            if (o.Databases.Count > 0 && !o.Databases.Any(p => NamePattern.IsMatch(p, db.Name))) continue;
            if (o.Collections.Count > 0 && !o.Collections.Any(p => NamePattern.IsMatch(p, c.Spec.Name))) continue;
            // A partition-key collection is one group: the server routes its rows, so partitions cannot be picked.
            var groups = o.Partitions.Count == 0 || c.Spec.HasPartitionKey ? c.Groups
                : c.Groups.Where(g => g.Partition is { } p && o.Partitions.Any(x => NamePattern.IsMatch(x, p))).ToList();
            if (groups.Count == 0) continue;
            selected.Add(new Selected(db, c, groups, o.DestinationDatabase ?? db.Name, o.Rename.GetValueOrDefault(c.Spec.Name) ?? c.Spec.Name));
        }
        var patterns = o.Databases.Concat(o.Collections).Concat(o.Partitions).ToList();
        if (selected.Count == 0 && !(o.IncludeRbac && manifest.Rbac is not null && patterns.Count == 0))
            throw new MilvusDMException(MilvusDMErrorKind.NotFound, "BackupNothingSelected",
                patterns.Count == 0 ? "The backup holds no collection." : $"Nothing in the backup matches {string.Join(", ", patterns.Select(p => $"'{p}'"))}.",
                "Run Get-MilvusBackup to see what the backup holds.");
        foreach (var unknown in o.Rename.Keys.Where(k => selected.All(s => s.Collection.Spec.Name != k)))
            throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "RestoreRenameUnknown",
                $"The new names name collection '{unknown}', which is not among the collections restored.", "Run Get-MilvusBackup to see the collection names.");
        var clash = selected.GroupBy(s => (s.TargetDatabase, s.TargetName)).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "RestoreNamesCollide",
                $"{clash.Count()} collections would be restored as '{clash.Key.TargetName}' in database '{clash.Key.TargetDatabase}'.", "Give them different names with {Rename}, or restore them one at a time.");
        return selected;
    }

    /// <summary>Every file to read is there with its recorded size, and names are valid, before anything is created.</summary>
    private static void CheckBeforeWriting(string folder, List<Selected> selection)
    {
        foreach (var s in selection)
        {
            NameRules.CheckDatabase(s.TargetDatabase);
            NameRules.CheckCollection(s.TargetName);
            foreach (var file in s.Groups.SelectMany(g => g.Files))
                if (BackupFolder.QuickCheck(folder, file) is { } error) throw error;
        }
    }

    private static async Task<IReadOnlyList<TransferResult>> RestoreCollectionAsync(RestoreOptions o, string folder, Selected s, MilvusClient client,
        IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var notes = new List<string>(s.Dropped);
        var spec = s.Spec with { Name = s.TargetName, DatabaseName = "", CollectionId = 0 };
        if (!(await client.ListDatabasesAsync(ct).ConfigureAwait(false)).Contains(s.TargetDatabase))
        {
            await client.CreateDatabaseAsync(s.TargetDatabase, s.Database.Properties, ct).ConfigureAwait(false);
            notes.Add($"Created database '{s.TargetDatabase}'.");
        }
        ParquetVectorSource SourceFor(BackupFileGroup g) => new(g.Files.Select(f => BackupFolder.PathOf(folder, f)), spec);
        MilvusCollectionSink SinkFor(BackupFileGroup g) => new(client, new MilvusSinkOptions
        {
            CollectionName = s.TargetName, PartitionName = g.Partition,
            Mode = o.Mode == WriteMode.Upsert ? WriteMode.Upsert : WriteMode.Append,
            Flush = false,   // once at the end: Milvus rate-limits flushes per collection
        });
        var withFiles = s.Groups.Where(g => g.Files.Count > 0).ToList();
        // A bulk import has no engine checkpoints: its resume is told by the collection being there and by what each
        // partition gained since its first job (BulkImportRestore keeps the rows it held before with the checkpoints).
        bool resuming = o.BulkImport
            ? o.Transfer.Resume && await client.HasCollectionAsync(s.TargetName, ct).ConfigureAwait(false)
            : Checkpoints.AnyStored(o.Transfer, withFiles.Select(g => (SourceFor(g).Identity, SinkFor(g).Description)));
        var state = await CopyTarget.PrepareAsync(client, spec, o.Mode, resuming, notes, ct).ConfigureAwait(false);
        if (state == CopyTargetState.Skip)
        {
            var skipped = CopyTarget.Skipped(s.Collection.Spec.Name, s.TargetName);
            return [skipped with { Notes = [.. notes, .. skipped.Notes] }];
        }
        foreach (var p in s.Groups.Select(g => g.Partition).OfType<string>())
            if (!await client.HasPartitionAsync(s.TargetName, p, ct).ConfigureAwait(false))
            {
                await client.CreatePartitionAsync(s.TargetName, p, ct).ConfigureAwait(false);
                notes.Add($"Created partition '{p}'.");
            }

        var results = new List<TransferResult>();
        foreach (var group in s.Groups)
        {
            var result = group.Files.Count == 0
                ? new TransferResult { Source = group.Folder, Destination = SinkFor(group).Description, Status = TransferStatus.Succeeded }
                : o.BulkImport
                    ? await BulkImportRestore.ImportGroupAsync(client, s.TargetName, group, o.StoragePath!, resuming, o.Transfer.Checkpoints, progress, ct).ConfigureAwait(false)
                    : await new TransferEngine(o.Transfer).RunAsync(SourceFor(group), SinkFor(group), progress, ct).ConfigureAwait(false);
            results.Add(result with { Source = $"{s.Database.Name}/{s.Collection.Spec.Name}", Partition = group.Partition, Notes = [.. notes, .. result.Notes] });
            notes.Clear();
            if (result.Status is TransferStatus.Failed or TransferStatus.Cancelled)
            {
                await CopyTarget.AbandonIfEmptyAsync(client, s.TargetName, state, results).ConfigureAwait(false);
                return results;
            }
        }
        if (!o.BulkImport) await client.FlushAndWaitAsync(s.TargetName, ct: ct).ConfigureAwait(false);   // imported segments are sealed already
        if (o.IncludeAliases && spec.Aliases.Count > 0)
            results[^1] = results[^1] with { Notes = [.. results[^1].Notes, .. await CollectionCopy.CopyAliasesAsync(client, spec.Aliases, s.TargetName, ct).ConfigureAwait(false)] };
        if (s.Collection.LoadState == LoadState.Loaded)
        {
            // A collection loaded before the import sees imported segments only after a refresh (refused when it is not loaded).
            bool refresh = o.BulkImport && await client.GetLoadStateAsync(s.TargetName, ct: ct).ConfigureAwait(false) == LoadState.Loaded;
            await client.LoadCollectionAsync(s.TargetName, refresh: refresh, ct: ct).ConfigureAwait(false);
            await client.WaitForLoadedAsync(s.TargetName, ct: ct).ConfigureAwait(false);
        }
        return o.Verify ? await VerifyAsync(client, s, spec, results, ct).ConfigureAwait(false) : results;
    }

    /// <summary>Each restored partition counted and digested over the columns the backup wrote, against the manifest.</summary>
    private static async Task<IReadOnlyList<TransferResult>> VerifyAsync(MilvusClient client, Selected s, CollectionSpec spec, List<TransferResult> results, CancellationToken ct)
    {
        var columns = ParquetLayout.WrittenFields(spec).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var verified = new List<TransferResult>();
        for (int i = 0; i < results.Count; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var group = s.Groups[i];
            var (rows, entities, digest) = await BackupDigest.OfAsync(new MilvusCollectionSource(client, s.TargetName, new MilvusSourceOptions { Partition = group.Partition }), columns, ct).ConfigureAwait(false);
            string actual = digest.ToString("x16");
            // Fields left out change every row's digest: then only the counts can be held against the backup.
            bool counted = rows == group.Rows && entities == group.Rows, digested = s.Dropped.Count > 0 || actual == group.RowDigest;
            string where = group.Partition is null ? $"Collection '{s.TargetName}'" : $"Partition '{group.Partition}' of '{s.TargetName}'";
            verified.Add(results[i] with
            {
                Verified = counted && digested,
                VerificationElapsed = clock.Elapsed,
                Verification = !counted || !digested
                    ? $"{where}: {entities:N0} rows ({rows:N0} distinct keys) with digest {actual}; the backup records {group.Rows:N0} rows with digest {group.RowDigest}."
                    : s.Dropped.Count > 0 ? $"{where}: {rows:N0} rows, each once, as the backup records (digests not compared: fields were left out)."
                    : $"{where}: {rows:N0} rows, digest {actual}, as the backup records.",
            });
        }
        return verified;
    }
}
