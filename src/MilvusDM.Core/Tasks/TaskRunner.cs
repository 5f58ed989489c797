using MilvusDM.Core.Backup;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Faiss;
using MilvusDM.Core.Jobs;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Milvus1;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tasks;

/// <summary>
/// Runs one step of a task plan: maps its source and destination onto the options of the job the cmdlets use too
/// (<see cref="FileImportJob"/>, <see cref="CollectionJobs"/>). Returns one result per unit of work (file, partition).
/// </summary>
public static class TaskRunner
{
    /// <param name="resume">Continue from the checkpoints an interrupted run left (they are always kept on disk).</param>
    public static async Task<IReadOnlyList<TransferResult>> RunStepAsync(TaskStep step, IProgress<TransferProgress>? progress, CancellationToken ct, bool resume = false)
    {
        var transfer = step.Transfer.Persisted(resume);
        var host = JobHost.For(progress);
        switch (step.Source, step.Destination)
        {
            case (FaissTaskSource f, MilvusTaskDestination d):
                return await ImportFilesAsync(FileSource.Faiss(f.Read), f.Files, null, d, step, transfer, host, ct).ConfigureAwait(false);
            case (Hdf5TaskSource h, MilvusTaskDestination d):
                return await ImportFilesAsync(FileSource.Hdf5(h.Read), h.Files, h.Directory, d, step, transfer, host, ct).ConfigureAwait(false);
            case (ParquetTaskSource p, MilvusTaskDestination d):
                return await ImportFilesAsync(FileSource.Parquet(), p.Files, p.Directory, d, step, transfer, host, ct).ConfigureAwait(false);
            case (MilvusTaskSource s, MilvusTaskDestination d):
            {
                using var source = new MilvusClient(s.Endpoint.ToOptions());
                using var destination = new MilvusClient(d.Endpoint.ToOptions());
                return await CollectionJobs.CopyAsync(new CopyCollectionsOptions
                {
                    Source = source, Destination = destination, Names = s.Collections, DestinationName = d.Collection, Partitions = s.Partitions, Mode = d.Mode,
                    Transfer = transfer, IncludeAliases = d.IncludeAliases, Verify = step.Verify,
                }, host, ct).ConfigureAwait(false);
            }
            case (MilvusTaskSource s, Hdf5TaskDestination d):
            {
                using var client = new MilvusClient(s.Endpoint.ToOptions());
                return await CollectionJobs.ExportAsync(new ExportCollectionsOptions
                {
                    Source = client, Names = s.Collections, Folder = d.Folder, Partitions = s.Partitions, Overwrite = d.Overwrite, Transfer = transfer,
                }, host, ct).ConfigureAwait(false);
            }
            case (MilvusTaskSource s, BackupTaskDestination d):
            {
                using var client = new MilvusClient(s.Endpoint.ToOptions());
                return await BackupJob.RunAsync(new BackupOptions
                {
                    Source = client, Folder = d.Folder, Databases = s.Databases ?? [], Collections = s.Collections, Partitions = s.Partitions,
                    Resume = resume, MaxFileSize = d.MaxFileSize, ParallelPartitions = transfer.ThrottleLimit, IncludeRbac = d.IncludeRbac, Transfer = transfer,
                }, host, ct).ConfigureAwait(false);
            }
            case (BackupTaskSource s, MilvusTaskDestination { Restore: { } r } d):
            {
                using var client = new MilvusClient(d.Endpoint.ToOptions());
                return await RestoreJob.RunAsync(new RestoreOptions
                {
                    Destination = client, Folder = s.Folder, Databases = s.Databases, Collections = s.Collections, Partitions = s.Partitions,
                    DestinationDatabase = r.DestinationDatabase, Rename = r.Rename, Mode = d.Mode, IncludeAliases = d.IncludeAliases, IncludeRbac = r.IncludeRbac, Verify = step.Verify,
                    BulkImport = r.BulkImport, StoragePath = r.StoragePath, DropUnsupported = r.DropUnsupported,
                    Transfer = transfer,
                }, host, ct).ConfigureAwait(false);
            }
            case (Milvus1TaskSource s, MilvusTaskDestination d):
            {
                using var destination = new MilvusClient(d.Endpoint.ToOptions());
                var results = new List<TransferResult>();
                // Each collection may name its own partitions (tags).
                foreach (var (name, partitions) in s.Collections)
                    results.AddRange(await CollectionJobs.CopyMilvus1Async(new Milvus1CopyOptions
                    {
                        Source = Milvus1Source(s, partitions), Names = [name], Destination = destination, DestinationName = d.Collection, Mode = d.Mode, Verify = step.Verify, Transfer = transfer,
                    }, host, ct).ConfigureAwait(false));
                return results;
            }
            case (Milvus1TaskSource s, Hdf5TaskDestination d):
            {
                var results = new List<TransferResult>();
                foreach (var (name, partitions) in s.Collections)
                    results.AddRange(await CollectionJobs.ExportMilvus1Async(new Milvus1ExportOptions
                    {
                        Source = Milvus1Source(s, partitions), Names = [name], Folder = d.Folder, Overwrite = d.Overwrite, Transfer = transfer,
                    }, host, ct).ConfigureAwait(false));
                return results;
            }
            default:
                throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "TaskStepUnsupported", $"Step '{step.Name}' pairs a source and a destination MilvusDM cannot join.", "See about_MilvusDM_TaskFile.");
        }
    }

    /// <summary>F2M, H2M and Parquet steps: the step's files (or its folder's) through <see cref="FileImportJob"/>.</summary>
    private static async Task<IReadOnlyList<TransferResult>> ImportFilesAsync(FileSource source, IReadOnlyList<string> files, string? folder, MilvusTaskDestination d,
        TaskStep step, TransferOptions transfer, JobHost host, CancellationToken ct)
    {
        var named = source.FilesOf(files, folder);
        using var client = new MilvusClient(d.Endpoint.ToOptions());
        return await FileImportJob.RunAsync(new FileImportOptions
        {
            Client = client, Source = source, Files = named, Collection = d.Collection!, Partition = d.Partition, Mode = d.Mode, IndexType = d.IndexType,
            Load = d.Load, Verify = step.Verify, ExpectedDimension = d.ExpectedDimension, Transfer = transfer,
        }, host, ct).ConfigureAwait(false);
    }

    private static Milvus1SourceOptions Milvus1Source(Milvus1TaskSource s, IReadOnlyList<string> partitions) =>
        new() { Path = s.Path, MySqlConnectionString = s.MySqlConnectionString, Collection = "", Partitions = partitions };
}
