using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Hdf5;

/// <summary>
/// An HDF5 file as a transfer destination. HDF5 datasets are pre-sized, so batches of unknown total are spooled
/// to a temporary file and written in a second pass when the source ends; the file appears under its name only
/// once complete. Writes are serialised (run the engine with ThrottleLimit 1). Numeric datasets are compressed with
/// <paramref name="compression"/> (none by default).
/// </summary>
public sealed class Hdf5FileSink(string path, bool overwrite, string? metric, Hdf5Compression compression = Hdf5Compression.None) : IVectorSink, IDisposable
{
    private readonly BatchSpool _spool = new();
    private readonly object _gate = new();
    private CollectionSpec? _spec;

    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string Description => Path;

    public Task<SinkPreparation> PrepareAsync(CollectionSpec source, CancellationToken ct)
    {
        if (File.Exists(Path) && !overwrite)
            throw new MilvusDMException(MilvusDMErrorKind.AlreadyExists, "Hdf5FileExists", $"'{Path}' already exists.", "Use {Force} to replace it, or choose another path.");
        _spec = source;
        return Task.FromResult(SinkPreparation.Proceed());
    }

    public Task WriteAsync(VectorBatch batch, CancellationToken ct)
    {
        lock (_gate) _spool.Append(batch);
        return Task.CompletedTask;
    }

    public Task CompleteAsync(CancellationToken ct)
    {
        using var writer = new Hdf5FileWriter(Path, _spec!, _spool.Rows, metric, compression: compression);
        long offset = 0;
        foreach (var batch in _spool.ReadBack())
        {
            ct.ThrowIfCancellationRequested();
            writer.Write(batch, offset);
            offset += batch.RowCount;
        }
        writer.Complete(overwrite);
        return Task.CompletedTask;
    }

    public void Dispose() => _spool.Dispose();
}
