using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// A file import into Milvus: the engine with a collection sink whose vector index takes the source's metric,
/// known only after the source described itself (Faiss metric, ann-benchmarks distance attribute…).
/// </summary>
public static class ImportJob
{
    public static Task<TransferResult> RunAsync(IVectorSource source, Func<string?> metric, MilvusClient client, MilvusSinkOptions sink,
        string? indexType, TransferOptions transfer, IProgress<TransferProgress>? progress, CancellationToken ct) =>
        new TransferEngine(transfer).RunAsync(source, new MetricIndexSink(new MilvusCollectionSink(client, sink), metric, indexType), progress, ct);

    /// <summary>Adds the index on the first vector field with the source's metric once it is known.</summary>
    private sealed class MetricIndexSink(MilvusCollectionSink inner, Func<string?> metric, string? indexType) : IVectorSink
    {
        private IVectorSink _effective = inner;
        public string Description => inner.Description;

        public Task<SinkPreparation> PrepareAsync(CollectionSpec spec, CancellationToken ct)
        {
            var index = new IndexSpec { FieldName = "", IndexType = indexType ?? "AUTOINDEX", MetricType = metric() ?? "" };
            _effective = new MilvusCollectionSink(inner.Client, inner.Options with { Indexes = [index] });
            return _effective.PrepareAsync(spec, ct);
        }

        public Task WriteAsync(VectorBatch batch, CancellationToken ct) => _effective.WriteAsync(batch, ct);
        public Task CompleteAsync(CancellationToken ct) => _effective.CompleteAsync(ct);
    }
}
