using MilvusDM.Core.Milvus;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Faiss;

/// <summary>F2M: one Faiss file into a Milvus collection through the engine (the index gets the file's metric).</summary>
public static class FaissImport
{
    public static async Task<TransferResult> RunAsync(MilvusClient client, string path, FaissReadOptions read, MilvusSinkOptions sink,
        string? indexType, TransferOptions transfer, IProgress<TransferProgress>? progress, CancellationToken ct, bool verify = false)
    {
        var source = new FaissIndexSource(path, read);
        var result = await ImportJob.RunAsync(source, () => source.MetricType, client, sink, indexType, transfer, progress, ct,
            verify ? () => new FaissIndexSource(path, read) : null).ConfigureAwait(false);
        if (source.Recoverability == FaissRecoverability.Approximate && result.Status == TransferStatus.Succeeded)
            result = result with { Notes = [.. result.Notes, "The vectors are Faiss's reconstruction of lossy codes, not the originals."] };
        return result;
    }
}
