using System.Diagnostics;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Backup;

/// <summary>
/// Restores one file group through Milvus's own bulk import: the server reads the backup's Parquet files from its
/// storage (<see cref="RestoreOptions.StoragePath"/> + the file's path in the backup). Milvus 2.6's gRPC Import makes
/// one job of all the files it names and its Parquet reader takes one file per job, so each file is its own job; the
/// jobs run one after another, each atomic (a failed job leaves no rows), so a partition always holds the rows of a
/// prefix of its files, which is how a resumed restore finds where to go on.
/// </summary>
internal static class BulkImportRestore
{
    /// <summary>The checks a bulk-import restore makes before anything is created.</summary>
    public static void Check(RestoreOptions o)
    {
        if (!o.BulkImport)
        {
            if (o.StoragePath is not null)
                throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "RestoreStoragePathWithoutBulkImport",
                    "A storage path only matters to a bulk-import restore.", "Add {BulkImport}, or leave out {StoragePath}.");
            return;
        }
        if (string.IsNullOrWhiteSpace(o.StoragePath))
            throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "RestoreStoragePathMissing",
                "A bulk-import restore needs the backup folder's path in the server's storage: Milvus reads the files itself.",
                "Copy the backup folder into the server's bucket (or storage root) and name that path with {StoragePath}, e.g. backups/dump1.");
        if (o.Mode == Transfer.WriteMode.Upsert)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "RestoreBulkImportUpsert",
                "Bulk import only appends rows; it cannot upsert them.", "Restore with {Mode Append} or {Mode Overwrite}, or leave out {BulkImport}.");
    }

    /// <summary>Where a backup file is in the server's storage: the storage path and the file's path in the backup, '/'-separated.</summary>
    public static string StoragePathOf(string storagePath, BackupFile file) => $"{storagePath.Replace('\\', '/').TrimEnd('/')}/{file.Path}";

    /// <param name="store">Where the rows a partition held before the first job are kept for a resume (the checkpoints).</param>
    public static async Task<TransferResult> ImportGroupAsync(MilvusClient client, string target, BackupFileGroup group, string storagePath, bool resume,
        ICheckpointStore? store, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        string where = group.Partition is null ? $"collection '{target}'" : $"partition '{group.Partition}' of '{target}'";
        var notes = new List<string>();
        // What the partition held before this restore's first job is recorded, so a resume counts only what the jobs added.
        store ??= new InMemoryCheckpointStore();
        string identity = $"bulkimport:{storagePath.TrimEnd('/')}/{group.Folder}", destination = $"{client.Address} database {client.Database} {where}";
        var baseline = resume ? store.Load(identity, destination) : null;
        if (baseline is { Completed: true })
            return new TransferResult { Source = group.Folder, Destination = where, Partition = group.Partition, Status = TransferStatus.Skipped,
                Notes = [$"{Capitalized(where)} was imported before ({group.Files.Count} file(s))."] };
        int first = baseline is null ? 0 : await FilesAlreadyInAsync(client, target, group, where, baseline.Position.Offset, ct).ConfigureAwait(false);
        if (baseline is null)
            store.Save(new Checkpoint(identity, destination, new SourcePosition { Offset = await RowsOfAsync(client, target, group, ct).ConfigureAwait(false) }, 0, DateTimeOffset.UtcNow));
        if (first > 0) notes.Add($"Resumed {where}: its first {first} of {group.Files.Count} file(s) ({group.Files.Take(first).Sum(f => f.Rows):N0} rows) were imported before.");
        long done = group.Files.Take(first).Sum(f => f.Rows), imported = 0, bytes = 0;
        var jobs = new List<long>();
        for (int i = first; i < group.Files.Count; i++)
        {
            var file = group.Files[i];
            string path = StoragePathOf(storagePath, file);
            long before = done;
            var report = new CallbackProgress<ImportJobStatus>(s => progress?.Report(new TransferProgress(path, where,
                before + file.Rows * s.Progress / 100, before + (s.State == ImportJobState.Completed ? file.Rows : file.Rows * s.Progress / 100), bytes, group.Rows, clock.Elapsed)));
            long job = -1;
            try
            {
                var started = await client.ImportAsync(target, group.Partition, [path], ct: ct).ConfigureAwait(false);
                if (started.Count != 1)
                    throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "MilvusImportNoJob",
                        $"Milvus answered the import of '{path}' with {started.Count} job ids, not one.", "Check the server's version and logs; restore again with {Resume} once it imports.");
                job = started[0];
                jobs.Add(job);
                var status = await client.WaitForImportAsync(job, report, ct: ct).ConfigureAwait(false);
                imported += status.ImportedRows;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                notes.Add(job < 0 ? $"Stopped before importing '{path}'."
                    : $"Stopped waiting for import job {job} of '{path}': Milvus goes on with it; resume the restore once it has finished.");
                return Result(TransferStatus.Cancelled, null);
            }
            catch (MilvusDMException e)
            {
                var error = e.ErrorId == "MilvusImportFailed"
                    ? new MilvusDMException(e.Kind, e.ErrorId, $"Milvus could not import backup file '{path}' into {where}: {e.Message}",
                        "Fix or replace the file the reason names (Test-MilvusBackup checks them), then restore again with {Resume}: the files already imported are kept.", e)
                    : e;
                return Result(TransferStatus.Failed, error);
            }
            done += file.Rows;
            bytes += file.Bytes;
        }
        store.Save(new Checkpoint(identity, destination, new SourcePosition(), group.Rows, DateTimeOffset.UtcNow, Completed: true));
        notes.Add($"Milvus imported {group.Files.Count - first} file(s) from '{storagePath}' in {jobs.Count} job(s){(jobs.Count > 0 ? $" ({string.Join(", ", jobs)})" : "")}.");
        return Result(TransferStatus.Succeeded, null);

        TransferResult Result(TransferStatus status, Exception? error) => new()
        {
            Source = group.Folder, Destination = where, Partition = group.Partition, Status = status, Rows = imported, Bytes = bytes,
            Elapsed = clock.Elapsed, Notes = notes, Error = error,
        };
    }

    /// <summary>
    /// How many of the group's files a cut run imported: the rows the partition gained since <paramref name="before"/>
    /// must be those of its first files (the jobs ran in order, each all or nothing), and no import into the collection
    /// may still be running.
    /// </summary>
    private static async Task<int> FilesAlreadyInAsync(MilvusClient client, string target, BackupFileGroup group, string where, long before, CancellationToken ct)
    {
        if ((await client.ListImportJobsAsync(target, ct).ConfigureAwait(false)).Any(j => !j.Finished))
            throw new MilvusDMException(MilvusDMErrorKind.InvalidOperation, "RestoreImportRunning",
                $"An import into collection '{target}' is still running, so what {where} holds is not known yet.",
                "Wait for Milvus to finish it, then restore again with {Resume}.");
        long have = await RowsOfAsync(client, target, group, ct).ConfigureAwait(false) - before;
        long sum = 0;
        for (int i = 0; i <= group.Files.Count; i++)
        {
            if (sum == have) return i;
            if (i < group.Files.Count) sum += group.Files[i].Rows;
        }
        throw new MilvusDMException(MilvusDMErrorKind.InvalidOperation, "RestoreBulkImportPartial",
            $"{Capitalized(where)} gained {have:N0} rows since this restore began, which are not the rows of the first files of its backup ({group.Rows:N0} rows in {group.Files.Count} file(s)): which files are in cannot be told.",
            "Check what it holds (someone else may have written to it); restore into a new collection with {Rename}, or, when it holds only this restore's rows, again with {Mode Overwrite}.");
    }

    /// <summary>
    /// The partition's (or collection's) rows by the server's statistics, which count flushed segments, as imported ones
    /// are: a loaded collection's count(*) does not see imported segments before a refresh.
    /// </summary>
    private static async Task<long> RowsOfAsync(MilvusClient client, string target, BackupFileGroup group, CancellationToken ct) =>
        group.Partition is null ? await client.GetCollectionRowCountAsync(target, ct).ConfigureAwait(false)
            : await client.GetPartitionRowCountAsync(target, group.Partition, ct).ConfigureAwait(false);

    private static string Capitalized(string words) => char.ToUpperInvariant(words[0]) + words[1..];
}
