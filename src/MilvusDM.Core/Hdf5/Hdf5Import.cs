using MilvusDM.Core.Jobs;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Hdf5;

/// <summary>H2M of one file: <see cref="FileImportJob"/> with a single HDF5 file (for callers that hold sink options).</summary>
public static class Hdf5Import
{
    public static async Task<TransferResult> RunAsync(MilvusClient client, string path, Hdf5ReadOptions read, MilvusSinkOptions sink,
        string? indexType, TransferOptions transfer, IProgress<TransferProgress>? progress, CancellationToken ct, bool verify = false) =>
        (await FileImportJob.RunAsync(FileImportJob.OneFile(client, FileSource.Hdf5(read), path, sink, indexType, transfer, verify), JobHost.For(progress), ct).ConfigureAwait(false))[0];

    /// <summary>The .h5/.hdf5 files of a folder, in name order.</summary>
    public static IReadOnlyList<string> FilesIn(string folder) => FileSource.FilesIn(folder, FileSource.Hdf5Extensions);
}
