using MilvusDM.Core.Errors;
using MilvusDM.Core.Faiss;
using MilvusDM.Core.Parquet;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// M2F and M2P: one partition into <c>FOLDER/COLLECTION[_PARTITION].index</c> (a Faiss IndexIDMap2 over a flat index)
/// or into the folder <c>FOLDER/COLLECTION[_PARTITION]/</c> of Parquet files in Milvus's bulk-import layout, and beside
/// it a task file that loads it back.
/// </summary>
internal static class FileExport
{
    public static async Task<TransferResult> ExportAsync(ExportFormat format, IVectorSource source, string folder, string collection, string? partition, string? metric,
        bool overwrite, TransferOptions transfer, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);
        string stem = partition is null ? collection : $"{collection}_{partition}";
        string target = Path.Combine(folder, format == ExportFormat.Faiss ? stem + ".index" : stem);
        if (format == ExportFormat.Parquet) ReadyFolder(target, overwrite);
        IVectorSink sink = format == ExportFormat.Faiss ? new FaissFileSink(target, overwrite, metric) : new ParquetFileSink(target);
        TransferResult result;
        try { result = await new TransferEngine(transfer).RunAsync(source, sink, progress, ct).ConfigureAwait(false); }
        finally { ((IDisposable)sink).Dispose(); }   // a failed run leaves no partial file
        if (result.Status == TransferStatus.Succeeded)
        {
            string task = Path.Combine(folder, stem + ".steps.yaml");
            string kind = format == ExportFormat.Faiss ? "faiss" : "parquet";
            await File.WriteAllTextAsync(task, CollectionExport.StepsTask(target, collection, partition, kind, format == ExportFormat.Faiss ? "path" : "directory"), ct).ConfigureAwait(false);
            result = result with { Notes = [.. result.Notes, $"Wrote {target} and the task file {task} that loads it back."] };
        }
        return result with { Partition = partition };
    }

    /// <summary>A Parquet export owns its folder: an existing one with files is replaced only when asked.</summary>
    private static void ReadyFolder(string dir, bool overwrite)
    {
        if (!Directory.Exists(dir) || !Directory.EnumerateFileSystemEntries(dir).Any()) return;
        if (!overwrite)
            throw new MilvusDMException(MilvusDMErrorKind.AlreadyExists, "ParquetFolderExists", $"'{dir}' already holds files.", "Use {Force} to replace them, or choose another path.");
        Directory.Delete(dir, recursive: true);
    }
}
