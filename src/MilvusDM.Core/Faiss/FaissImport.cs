using MilvusDM.Core.Jobs;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Faiss;

/// <summary>F2M of one file: <see cref="FileImportJob"/> with a single Faiss file (for callers that hold sink options).</summary>
public static class FaissImport
{
    public static async Task<TransferResult> RunAsync(MilvusClient client, string path, FaissReadOptions read, MilvusSinkOptions sink,
        string? indexType, TransferOptions transfer, IProgress<TransferProgress>? progress, CancellationToken ct, bool verify = false) =>
        (await FileImportJob.RunAsync(FileImportJob.OneFile(client, FileSource.Faiss(read), path, sink, indexType, transfer, verify), JobHost.For(progress), ct).ConfigureAwait(false))[0];
}
