using MilvusDM.Core.Milvus;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Hdf5;

/// <summary>H2M: one HDF5 file into a Milvus collection (the index gets the file's metric or the override).</summary>
public static class Hdf5Import
{
    public static Task<TransferResult> RunAsync(MilvusClient client, string path, Hdf5ReadOptions read, MilvusSinkOptions sink,
        string? indexType, TransferOptions transfer, IProgress<TransferProgress>? progress, CancellationToken ct, bool verify = false)
    {
        var source = new Hdf5VectorSource(path, read);
        return ImportJob.RunAsync(source, () => source.MetricType, client, sink, indexType, transfer, progress, ct,
            // The import already refused repeated ids: reading the file again for verification does not scan them twice.
            verify ? () => new Hdf5VectorSource(path, read with { AllowDuplicateIds = true }) : null);
    }

    /// <summary>The .h5/.hdf5 files of a folder, in name order.</summary>
    public static IReadOnlyList<string> FilesIn(string folder) =>
        Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".hdf5", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToArray();
}
