using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// A file import into Milvus: the engine with a collection sink whose vector index takes the source's metric,
/// known only after the source described itself (Faiss metric, ann-benchmarks distance attribute…).
/// </summary>
public static class ImportJob
{
    /// <param name="reopenForVerify">When set, a successful import is proved key by key against a fresh read of the source (<see cref="ImportVerification"/>).</param>
    public static async Task<TransferResult> RunAsync(IVectorSource source, Func<string?> metric, MilvusClient client, MilvusSinkOptions sink,
        string? indexType, TransferOptions transfer, IProgress<TransferProgress>? progress, CancellationToken ct, Func<IVectorSource>? reopenForVerify = null)
    {
        var target = new MetricIndexSink(new MilvusCollectionSink(client, sink), metric, indexType);
        var result = await new TransferEngine(transfer).RunAsync(source, target, progress, ct).ConfigureAwait(false);
        result = result with { Partition = target.Partition };
        if (reopenForVerify is null || result.Status != TransferStatus.Succeeded) return result;
        var check = await ImportVerification.VerifyAsync(reopenForVerify(), client, sink.CollectionName, target.Partition, ct: ct, progress: progress).ConfigureAwait(false);
        return result with { Verified = check.Equal, Verification = check.Describe(sink.CollectionName), VerificationElapsed = check.Elapsed };
    }

    /// <summary>Adds the index on the first vector field with the source's metric once it is known.</summary>
    private sealed class MetricIndexSink(MilvusCollectionSink inner, Func<string?> metric, string? indexType) : IVectorSink, IResumableSink, IAbandonableSink
    {
        private bool? _resumeReplacing;
        public void PrepareForResume(bool replaceUncertain) => _resumeReplacing = replaceUncertain;

        private IVectorSink _effective = inner;
        public string Description => inner.Description;

        /// <summary>The partition written (the one asked for, or the one a MilvusDM export file names).</summary>
        public string? Partition { get; private set; } = inner.Options.PartitionName;

        public Task<SinkPreparation> PrepareAsync(CollectionSpec spec, CancellationToken ct)
        {
            // Files that carry their collection's index definitions (MilvusDM exports) get them back unless an index type is asked for.
            IReadOnlyList<IndexSpec> indexes = indexType is null && spec.Indexes.Count > 0
                ? spec.Indexes.Select(i => i with { IndexedRows = 0, TotalRows = 0, State = "" }).ToArray()
                : [new IndexSpec { FieldName = "", IndexType = indexType ?? "AUTOINDEX", MetricType = metric() ?? "" }];
            // Rows exported from a partition go back to it unless a partition is named.
            Partition = string.IsNullOrEmpty(inner.Options.PartitionName) && spec.Partitions.Count == 1 ? spec.Partitions[0] : inner.Options.PartitionName;
            var effective = new MilvusCollectionSink(inner.Client, inner.Options with { Indexes = indexes, PartitionName = Partition });
            if (_resumeReplacing is { } replacing) effective.PrepareForResume(replacing);
            _effective = effective;
            return _effective.PrepareAsync(spec, ct);
        }

        public Task WriteAsync(VectorBatch batch, CancellationToken ct) => _effective.WriteAsync(batch, ct);
        public Task WriteReplacingAsync(VectorBatch batch, CancellationToken ct) => ((IResumableSink)_effective).WriteReplacingAsync(batch, ct);
        public Task CompleteAsync(CancellationToken ct) => _effective.CompleteAsync(ct);
        public Task<string?> AbandonAsync(CancellationToken ct) => ((IAbandonableSink)_effective).AbandonAsync(ct);
    }
}
