using MilvusDM.Core.Errors;
using MilvusDM.Core.Faiss;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Milvus1;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tasks;

/// <summary>
/// Runs one step of a task plan through the same jobs the cmdlets use: Faiss/HDF5 files into Milvus (the first file
/// honouring the mode, the rest appended), Milvus 2.x copies and exports, Milvus 1.x copies and exports.
/// Returns one result per unit of work (file, partition, collection).
/// </summary>
public static class TaskRunner
{
    /// <param name="resume">Continue from the checkpoints an interrupted run left (they are always kept on disk).</param>
    public static async Task<IReadOnlyList<TransferResult>> RunStepAsync(TaskStep step, IProgress<TransferProgress>? progress, CancellationToken ct, bool resume = false)
    {
        step = step with { Transfer = step.Transfer.Persisted(resume) };
        switch (step.Source, step.Destination)
        {
            case (FaissTaskSource f, MilvusTaskDestination d):
            {
                using var client = new MilvusClient(d.Endpoint.ToOptions());
                return await ImportFilesAsync(f.Files, d, step, (file, sink, verify) => FaissImport.RunAsync(client, file, f.Read, sink, d.IndexType, step.Transfer, progress, ct, verify),
                    file => CheckDimension(new FaissIndexSource(file, f.Read), d, ct)).ConfigureAwait(false);
            }
            case (Hdf5TaskSource h, MilvusTaskDestination d):
            {
                using var client = new MilvusClient(d.Endpoint.ToOptions());
                var files = h.Directory is { } dir ? Hdf5Import.FilesIn(dir) : h.Files;
                if (files.Count == 0)
                    throw new MilvusDMException(MilvusDMErrorKind.NotFound, "Hdf5FileNotFound", $"Folder '{h.Directory}' holds no .h5 or .hdf5 file.", "Check data_dir / directory.");
                return await ImportFilesAsync(files, d, step, (file, sink, verify) => Hdf5Import.RunAsync(client, file, h.Read, sink, d.IndexType, step.Transfer, progress, ct, verify),
                    file => CheckDimension(new Hdf5VectorSource(file, h.Read with { AllowDuplicateIds = true }), d, ct)).ConfigureAwait(false);   // the import itself checks the ids
            }
            case (MilvusTaskSource s, MilvusTaskDestination d):
            {
                using var source = new MilvusClient(s.Endpoint.ToOptions());
                using var destination = new MilvusClient(d.Endpoint.ToOptions());
                var results = new List<TransferResult>();
                foreach (var name in s.Collections)
                {
                    string target = d.Collection ?? name;
                    results.AddRange(await CollectionCopy.RunAsync(source, destination, new CollectionCopyOptions
                    {
                        Name = name, DestinationName = target, Partitions = s.Partitions, Mode = d.Mode, Transfer = step.Transfer, IncludeAliases = d.IncludeAliases, Verify = step.Verify,
                    }, progress, ct).ConfigureAwait(false));
                }
                return results;
            }
            case (MilvusTaskSource s, Hdf5TaskDestination d):
            {
                using var client = new MilvusClient(s.Endpoint.ToOptions());
                var results = new List<TransferResult>();
                foreach (var name in s.Collections)
                    results.AddRange(await CollectionExport.RunAsync(client, new CollectionExportOptions
                    {
                        Name = name, Folder = d.Folder, Partitions = s.Partitions, Overwrite = d.Overwrite, Transfer = step.Transfer,
                    }, progress, ct).ConfigureAwait(false));
                return results;
            }
            case (Milvus1TaskSource s, MilvusTaskDestination d):
            {
                using var destination = new MilvusClient(d.Endpoint.ToOptions());
                var results = new List<TransferResult>();
                foreach (var (name, partitions) in s.Collections)
                    results.AddRange(await Milvus1Transfer.CopyAsync(new Milvus1SourceOptions { Path = s.Path, MySqlConnectionString = s.MySqlConnectionString, Collection = name, Partitions = partitions },
                        destination, d.Collection, d.Mode, step.Transfer, progress, ct, step.Verify).ConfigureAwait(false));
                return results;
            }
            case (Milvus1TaskSource s, Hdf5TaskDestination d):
            {
                var results = new List<TransferResult>();
                foreach (var (name, partitions) in s.Collections)
                    results.AddRange(await Milvus1Transfer.ExportAsync(new Milvus1SourceOptions { Path = s.Path, MySqlConnectionString = s.MySqlConnectionString, Collection = name, Partitions = partitions },
                        d.Folder, d.Overwrite, step.Transfer, progress, ct).ConfigureAwait(false));
                return results;
            }
            default:
                throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "TaskStepUnsupported", $"Step '{step.Name}' pairs a source and a destination MilvusDM cannot join.", "See about_MilvusDM_TaskFile.");
        }
    }

    private static async Task<IReadOnlyList<TransferResult>> ImportFilesAsync(IReadOnlyList<string> files, MilvusTaskDestination d, TaskStep step,
        Func<string, MilvusSinkOptions, bool, Task<TransferResult>> import, Func<string, Task> check)
    {
        var results = new List<TransferResult>();
        bool firstDone = false;
        foreach (var file in files)
        {
            await check(file).ConfigureAwait(false);
            var sink = new MilvusSinkOptions
            {
                CollectionName = d.Collection!, PartitionName = d.Partition, Mode = firstDone ? WriteMode.Append : d.Mode,
                // One flush (rate-limited per collection by Milvus) and one load, after the last file.
                Flush = file == files[^1], Load = d.Load && file == files[^1],
            };
            var result = await import(file, sink, step.Verify).ConfigureAwait(false);
            results.Add(result);
            if (result.Status == TransferStatus.Succeeded) firstDone = true;
            else if (result.Status == TransferStatus.Failed) break;
        }
        return results;
    }

    /// <summary>The old tool's collection_parameter.dimension must match the file.</summary>
    private static async Task CheckDimension(IVectorSource source, MilvusTaskDestination d, CancellationToken ct)
    {
        if (d.ExpectedDimension is not { } expected) return;
        var spec = await source.DescribeAsync(ct).ConfigureAwait(false);
        int actual = spec.VectorFields.First().Dimension ?? 0;
        if (actual != expected)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "TaskDimensionMismatch",
                $"'{source.Description}' holds vectors of dimension {actual}, but the task file's collection_parameter.dimension is {expected}.", "Correct collection_parameter.dimension or the data path.");
    }
}
