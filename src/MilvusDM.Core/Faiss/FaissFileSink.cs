using System.Runtime.InteropServices;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Faiss;

/// <summary>
/// A Faiss index file as a transfer destination: the collection's Int64 primary key and its one float or binary vector
/// field become an IndexIDMap2 over a flat index (see <see cref="FaissFileWriter"/>), loadable with faiss.read_index or
/// read_index_binary. Rows stream into <c>PATH.partial</c>, renamed to PATH only once complete. Concurrent writes are
/// serialised; rows keep their arrival order.
/// </summary>
/// <param name="metric">The collection's index metric (L2, IP, COSINE; HAMMING… for binary); null → L2 (float) / Hamming (binary).</param>
public sealed class FaissFileSink(string path, bool overwrite, string? metric = null) : IVectorSink, IDisposable
{
    private readonly object _gate = new();
    private FaissExportPlan? _plan;
    private FaissFileWriter? _writer;
    private bool _completed;
    private long _rows;

    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string Description => Path;
    private string Partial => Path + ".partial";

    /// <summary>Rows written so far.</summary>
    public long Rows { get { lock (_gate) return _rows; } }

    public Task<SinkPreparation> PrepareAsync(CollectionSpec source, CancellationToken ct)
    {
        if (File.Exists(Path) && !overwrite)
            throw new MilvusDMException(MilvusDMErrorKind.AlreadyExists, "FaissFileExists", $"'{Path}' already exists.", "Use {Force} to replace it, or choose another path.");
        var plan = FaissExportPlan.For(source, metric);
        lock (_gate)
        {
            _writer?.Dispose();
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            _writer = plan.IsBinary ? FaissFileWriter.CreateBinary(Partial, plan.Dimension) : FaissFileWriter.CreateFloat(Partial, plan.Dimension, plan.Metric);
            _plan = plan;
        }
        return Task.FromResult(SinkPreparation.Proceed([.. plan.Notes]));
    }

    public Task WriteAsync(VectorBatch batch, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var plan = _plan ?? throw new InvalidOperationException("PrepareAsync must run before WriteAsync.");
        var ids = batch[plan.Key.Name] as ScalarColumn<long> ?? throw Mismatch(batch, plan.Key);
        ColumnData column = batch[plan.Vector.Name] ?? throw Mismatch(batch, plan.Vector);
        ReadOnlySpan<byte> vectors = column switch
        {
            FloatVectorColumn f when !plan.IsBinary && f.Dimension == plan.Dimension => MemoryMarshal.AsBytes(f.Data.AsSpan()),
            ByteVectorColumn b when plan.IsBinary && b.DataType == MilvusDataType.BinaryVector && b.Dimension == plan.Dimension => b.Data,
            _ => throw Mismatch(batch, plan.Vector),
        };
        for (int i = 0; i < batch.RowCount; i++)
            if (column.IsNull(i) || ids.IsNull(i))
                throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "FaissNullVector",
                    $"Row {i} of a batch for '{Path}' has a null {(ids.IsNull(i) ? "id" : $"vector (id {ids.Values[i]})")}; a Faiss file cannot hold missing values.",
                    "Filter out the rows without a vector, or export in another format (e.g. HDF5).");
        lock (_gate)
        {
            var writer = _writer ?? throw new InvalidOperationException($"'{Path}' is already complete or disposed.");
            writer.Append(ids.Values, vectors);
            _rows = writer.Rows;
        }
        return Task.CompletedTask;
    }

    public Task CompleteAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            var writer = _writer ?? throw new InvalidOperationException("PrepareAsync must run before CompleteAsync.");
            writer.Finish();
            writer.Dispose();
            _writer = null;
            File.Move(Partial, Path, overwrite);
            _completed = true;
        }
        return Task.CompletedTask;
    }

    private MilvusDMException Mismatch(VectorBatch batch, FieldSpec field) => new(MilvusDMErrorKind.SchemaMismatch, "FaissColumnMismatch",
        $"A batch for '{Path}' has no {field.DataType} column '{field.Name}'{(field.Dimension is { } d ? $" of dimension {d}" : "")} (it has {string.Join(", ", batch.Columns.Select(c => $"'{c.Name}' ({c.DataType})"))}).",
        "Every batch must have the schema given to PrepareAsync.");

    /// <summary>Removes the partial file of an unfinished run.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
            if (!_completed && File.Exists(Partial)) File.Delete(Partial);
        }
    }
}
