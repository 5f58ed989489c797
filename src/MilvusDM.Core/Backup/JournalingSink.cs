using MilvusDM.Core.Model;
using MilvusDM.Core.Parquet;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Backup;

/// <summary>A <see cref="ParquetFileSink"/> that tells after each call whether files were finished, so they are journaled at once.</summary>
internal sealed class JournalingSink(ParquetFileSink inner, Func<IReadOnlyList<ParquetFileEntry>, CancellationToken, Task> filesFinished) : IVectorSink
{
    private int _told = inner.Files.Count;

    public string Description => inner.Description;

    public Task<SinkPreparation> PrepareAsync(CollectionSpec source, CancellationToken ct) => inner.PrepareAsync(source, ct);

    public async Task WriteAsync(VectorBatch batch, CancellationToken ct)
    {
        await inner.WriteAsync(batch, ct).ConfigureAwait(false);
        await TellAsync(ct).ConfigureAwait(false);
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        await inner.CompleteAsync(ct).ConfigureAwait(false);
        await TellAsync(ct).ConfigureAwait(false);
    }

    private async Task TellAsync(CancellationToken ct)
    {
        var files = inner.Files;
        if (files.Count == _told) return;
        _told = files.Count;
        await filesFinished(files, ct).ConfigureAwait(false);
    }
}
