using System.Diagnostics;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
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

    public static async Task<TransferResult> ImportGroupAsync(MilvusClient client, string target, BackupFileGroup group, string storagePath, bool resume,
        IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        string where = group.Partition is null ? $"collection '{target}'" : $"partition '{group.Partition}' of '{target}'";
        var notes = new List<string>();
        int first = resume ? await FilesAlreadyInAsync(client, target, group, where, ct).ConfigureAwait(false) : 0;
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
                job = (await client.ImportAsync(target, group.Partition, [path], ct: ct).ConfigureAwait(false)).Single();
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
        notes.Add($"Milvus imported {group.Files.Count - first} file(s) from '{storagePath}' in {jobs.Count} job(s){(jobs.Count > 0 ? $" ({string.Join(", ", jobs)})" : "")}.");
        return Result(TransferStatus.Succeeded, null);

        TransferResult Result(TransferStatus status, Exception? error) => new()
        {
            Source = group.Folder, Destination = where, Partition = group.Partition, Status = status, Rows = imported, Bytes = bytes,
            Elapsed = clock.Elapsed, Notes = notes, Error = error,
        };
    }

    /// <summary>
    /// How many of the group's files a cut run imported: the partition's rows must be those of its first files (the jobs
    /// ran in order, each all or nothing), and no import into the collection may still be running.
    /// </summary>
    private static async Task<int> FilesAlreadyInAsync(MilvusClient client, string target, BackupFileGroup group, string where, CancellationToken ct)
    {
        if ((await client.ListImportJobsAsync(target, ct).ConfigureAwait(false)).Any(j => !j.Finished))
            throw new MilvusDMException(MilvusDMErrorKind.InvalidOperation, "RestoreImportRunning",
                $"An import into collection '{target}' is still running, so what {where} holds is not known yet.",
                "Wait for Milvus to finish it, then restore again with {Resume}.");
        // count(*) when the collection is loaded (exact); else the statistics, which count flushed segments, as imported ones are.
        bool loaded = await client.GetLoadStateAsync(target, ct: ct).ConfigureAwait(false) == Model.LoadState.Loaded;
        long have = loaded ? await client.CountAsync(target, partitions: group.Partition is null ? null : [group.Partition], ct: ct).ConfigureAwait(false)
            : group.Partition is null ? await client.GetCollectionRowCountAsync(target, ct).ConfigureAwait(false)
            : await client.GetPartitionRowCountAsync(target, group.Partition, ct).ConfigureAwait(false);
        long sum = 0;
        for (int i = 0; i <= group.Files.Count; i++)
        {
            if (sum == have) return i;
            if (i < group.Files.Count) sum += group.Files[i].Rows;
        }
        throw new MilvusDMException(MilvusDMErrorKind.InvalidOperation, "RestoreBulkImportPartial",
            $"{char.ToUpperInvariant(where[0])}{where[1..]} holds {have:N0} rows, which are not the rows of the first files of its backup ({group.Rows:N0} rows in {group.Files.Count} file(s)): which files are in cannot be told.",
            "Restore it again with {Mode Overwrite}.");
    }
}
