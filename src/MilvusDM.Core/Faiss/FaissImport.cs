using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Faiss;

/// <summary>F2M: one Faiss file into a Milvus collection through the engine (the index gets the file's metric).</summary>
public static class FaissImport
{
    public static async Task<TransferResult> RunAsync(MilvusClient client, string path, FaissReadOptions read, MilvusSinkOptions sink,
        string? indexType, TransferOptions transfer, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var source = new FaissIndexSource(path, read);
        var metricAware = new MetricIndexSink(new MilvusCollectionSink(client, sink), source, indexType);
        var result = await new TransferEngine(transfer).RunAsync(source, metricAware, progress, ct).ConfigureAwait(false);
        if (source.Recoverability == FaissRecoverability.Approximate && result.Status == TransferStatus.Succeeded)
            result = result with { Notes = [.. result.Notes, "The vectors are Faiss's reconstruction of lossy codes, not the originals."] };
        return result;
    }

    /// <summary>Adds the index on the vector field with the source's metric once it is known (after DescribeAsync).</summary>
    private sealed class MetricIndexSink(MilvusCollectionSink inner, FaissIndexSource source, string? indexType) : IVectorSink
    {
        private IVectorSink _effective = inner;
        public string Description => inner.Description;

        public Task<SinkPreparation> PrepareAsync(CollectionSpec spec, CancellationToken ct)
        {
            var index = new IndexSpec { FieldName = "", IndexType = indexType ?? "AUTOINDEX", MetricType = source.MetricType ?? "" };
            _effective = new MilvusCollectionSink(inner.Client, inner.Options with { Indexes = [index] });
            return _effective.PrepareAsync(spec, ct);
        }

        public Task WriteAsync(VectorBatch batch, CancellationToken ct) => _effective.WriteAsync(batch, ct);
        public Task CompleteAsync(CancellationToken ct) => _effective.CompleteAsync(ct);
    }
}
