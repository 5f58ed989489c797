using System.Globalization;
using System.Security.Cryptography;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;
using Parquet;
using Parquet.Schema;

namespace MilvusDM.Core.Parquet;

/// <summary>
/// A finished Parquet file: its path relative to the sink's folder, rows, size, SHA-256 (hex), its first and last primary
/// key (null when the key is not written) and, when the sink was asked for it, the order-independent sum of its rows'
/// <see cref="RowHasher"/> hashes over the written columns (hex; null otherwise).
/// </summary>
public sealed record ParquetFileEntry(string Path, long Rows, long Bytes, string Sha256, object? FirstKey, object? LastKey, string? RowDigest = null);

/// <summary>
/// Streams batches into Parquet files in Milvus's bulk-import layout (<see cref="ParquetLayout"/>) with bounded memory:
/// rows are buffered until they fill a row group (about <see cref="TargetRowGroupBytes"/> of batch payload, at least one
/// row), and a new file is started before a row group would take the current one past <see cref="MaxFileSize"/>.
/// Files are named <c>prefix-00000.parquet</c>, <c>-00001</c>…, written under a <c>.partial</c> name and renamed when
/// closed. Writes are serialised. To resume, pass the entries of files a previous run finished: numbering continues
/// after them, and an unfinished file of that run is written again.
/// </summary>
public sealed class ParquetFileSink : IVectorSink, IDisposable
{
    public const long DefaultMaxFileSize = 1L << 30;

    /// <summary>Milvus's import refuses larger files (its per-file limit is 16 GB).</summary>
    public const long LargestMaxFileSize = 16L << 30;

    /// <summary>About one engine batch: readers (Milvus's, Arrow, DuckDB) do not need larger groups, and writing one takes a few times its size.</summary>
    public const long DefaultTargetRowGroupBytes = 8L << 20;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<ParquetFileEntry> _files;
    private readonly List<VectorBatch> _pending = [];
    private int _pendingRows;
    private long _bytesSeen, _rowsSeen;
    private IReadOnlyList<FieldSpec> _fields = [];
    private ParquetSchema? _schema;
    private string? _pkName;
    private Dictionary<string, string> _metadata = [];
    private OpenFile? _open;
    private double _footerBytesPerGroup;
    private readonly bool _rowDigests;

    public ParquetFileSink(string directory, string prefix = "part", long maxFileSize = DefaultMaxFileSize,
        IEnumerable<ParquetFileEntry>? finishedFiles = null, long targetRowGroupBytes = DefaultTargetRowGroupBytes, bool rowDigests = false)
    {
        _rowDigests = rowDigests;
        if (maxFileSize <= 0 || maxFileSize > LargestMaxFileSize)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "ParquetMaxFileSizeInvalid",
                $"A Parquet file size limit of {maxFileSize} bytes is out of range.", "Choose between 1 byte and 16 GB (Milvus imports no larger file).");
        ArgumentOutOfRangeException.ThrowIfLessThan(targetRowGroupBytes, 1);
        Directory = System.IO.Path.GetFullPath(directory);
        Prefix = prefix;
        MaxFileSize = maxFileSize;
        // A row group never outgrows a file: small limits get small groups.
        TargetRowGroupBytes = Math.Min(targetRowGroupBytes, Math.Max(1, maxFileSize / 4));
        _files = finishedFiles?.ToList() ?? [];
    }

    public string Directory { get; }
    public string Prefix { get; }
    public long MaxFileSize { get; }
    public long TargetRowGroupBytes { get; }
    public string Description => System.IO.Path.Combine(Directory, Prefix + "-*.parquet");

    /// <summary>Every finished file, the resumed ones first.</summary>
    public IReadOnlyList<ParquetFileEntry> Files => _files.ToArray();

    /// <summary>Rows a row group gets now: the target divided by the mean row width seen so far.</summary>
    public int RowsPerRowGroup => _rowsSeen == 0 ? 1 : (int)Math.Clamp(TargetRowGroupBytes / Math.Max(1, _bytesSeen / _rowsSeen), 1, 1 << 24);

    public Task<SinkPreparation> PrepareAsync(CollectionSpec source, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        _fields = ParquetLayout.WrittenFields(source);
        _schema = new ParquetSchema(_fields.Select(ParquetLayout.FieldFor).ToArray());
        _pkName = _fields.FirstOrDefault(f => f.IsPrimaryKey)?.Name;
        _metadata = new Dictionary<string, string> { [ParquetLayout.FieldsMetadataKey] = ParquetLayout.HintsFor(_fields) };
        return Task.FromResult(SinkPreparation.Proceed(_files.Count > 0 ? [$"Resuming after {_files.Count} finished Parquet file(s)."] : []));
    }

    public async Task WriteAsync(VectorBatch batch, CancellationToken ct)
    {
        if (batch.RowCount == 0) return;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _pending.Add(batch);
            _pendingRows += batch.RowCount;
            _bytesSeen += batch.ByteSize;
            _rowsSeen += batch.RowCount;
            while (_pendingRows >= RowsPerRowGroup) await WriteRowGroupAsync(RowsPerRowGroup, ct).ConfigureAwait(false);
        }
        finally { _gate.Release(); }
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_pendingRows > 0) await WriteRowGroupAsync(_pendingRows, ct).ConfigureAwait(false);
            await CloseFileAsync().ConfigureAwait(false);
        }
        finally { _gate.Release(); }
    }

    private async Task WriteRowGroupAsync(int rows, CancellationToken ct)
    {
        var parts = TakePending(rows);
        long estimate = parts.Sum(p => p.ByteSize);
        // Start a new file before this group and the footer would take the current one past the limit (a lone group may
        // still exceed it). The next group is predicted by the largest one so far, the footer by what earlier files' took.
        if (_open is { Rows: > 0 } o && o.Stream.Position + o.LargestGroupBytes + FooterEstimate(o.Groups + 1) > MaxFileSize)
            await CloseFileAsync().ConfigureAwait(false);
        var file = _open ??= await OpenFileAsync(ct).ConfigureAwait(false);
        long before = file.Stream.Position;
        using (var rg = file.Writer.CreateRowGroup())
        {
            for (int i = 0; i < _fields.Count; i++)
            {
                var columns = parts.Select(p => p[_fields[i].Name]).ToList();
                if (columns.Count > 1 && await ParquetColumnWriter.TryWriteVectorPartsAsync(rg, _fields[i], _schema!.Fields[i], columns, rows, ct).ConfigureAwait(false)) continue;
                await ParquetColumnWriter.WriteAsync(rg, _fields[i], _schema!.Fields[i], ParquetBatchConcat.Column(parts, _fields[i].Name), rows, ct).ConfigureAwait(false);
            }
            rg.CompleteValidate();
        }
        await file.Stream.FlushAsync(ct).ConfigureAwait(false);
        file.LargestGroupBytes = Math.Max(file.LargestGroupBytes, file.Stream.Position - before);
        if (_pkName is not null && parts[0][_pkName] is { } firstKeys)
        {
            file.FirstKey ??= firstKeys.GetValue(0);
            var last = parts[^1][_pkName]!;
            file.LastKey = last.GetValue(last.RowCount - 1);
        }
        if (_rowDigests) file.RowDigest += RowDigestOf(parts);
        file.Rows += rows;
        file.Groups++;
        if (file.Stream.Position >= MaxFileSize) await CloseFileAsync().ConfigureAwait(false);
    }

    /// <summary>Sum of the row hashes over the written columns only (what a restored collection is hashed over too).</summary>
    private ulong RowDigestOf(List<VectorBatch> parts)
    {
        ulong sum = 0;
        foreach (var part in parts)
        {
            var columns = RowHasher.Ordered(_fields.Select(f => part[f.Name]).OfType<ColumnData>());
            for (int r = 0; r < part.RowCount; r++) sum += RowHasher.Hash(columns, r);
        }
        return sum;
    }

    /// <summary>Footer bytes for a file of <paramref name="groups"/> row groups: as earlier files had, or a guess per column chunk.</summary>
    private long FooterEstimate(int groups) =>
        (long)(groups * (_footerBytesPerGroup > 0 ? _footerBytesPerGroup : 256.0 * _schema!.GetDataFields().Length)) + 4096;

    /// <summary>Removes the first <paramref name="rows"/> buffered rows, slicing a batch that straddles the cut.</summary>
    private List<VectorBatch> TakePending(int rows)
    {
        var taken = new List<VectorBatch>();
        while (rows > 0)
        {
            var b = _pending[0];
            if (b.RowCount <= rows)
            {
                taken.Add(b);
                _pending.RemoveAt(0);
                rows -= b.RowCount;
                _pendingRows -= b.RowCount;
            }
            else
            {
                taken.Add(b.Slice(0, rows));
                _pending[0] = b.Slice(rows, b.RowCount - rows);
                _pendingRows -= rows;
                rows = 0;
            }
        }
        return taken;
    }

    private async Task<OpenFile> OpenFileAsync(CancellationToken ct)
    {
        string name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{_files.Count:D5}.parquet");
        string final = System.IO.Path.Combine(Directory, name);
        var stream = new FileStream(final + ".partial", FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        try
        {
            var writer = await ParquetWriter.CreateAsync(_schema!, stream, cancellationToken: ct).ConfigureAwait(false);
            writer.CustomMetadata = _metadata;
            return new OpenFile(name, final, stream, writer);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task CloseFileAsync()
    {
        if (_open is not { } f) return;
        _open = null;
        long dataEnd = f.Stream.Position;
        await f.Writer.DisposeAsync().ConfigureAwait(false);
        _footerBytesPerGroup = Math.Max(_footerBytesPerGroup, (double)(f.Stream.Length - dataEnd) / Math.Max(1, f.Groups));
        await f.Stream.DisposeAsync().ConfigureAwait(false);
        string hash;
        long bytes;
        await using (var read = new FileStream(f.FinalPath + ".partial", FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
        {
            bytes = read.Length;
            hash = Convert.ToHexString(await SHA256.HashDataAsync(read).ConfigureAwait(false)).ToLowerInvariant();
        }
        File.Move(f.FinalPath + ".partial", f.FinalPath, overwrite: true);
        _files.Add(new ParquetFileEntry(f.Name, f.Rows, bytes, hash, f.FirstKey, f.LastKey, _rowDigests ? f.RowDigest.ToString("x16") : null));
    }

    /// <summary>Drops an unfinished file (a run that failed); finished files stay.</summary>
    public void Dispose()
    {
        if (_open is { } f)
        {
            _open = null;
            try { f.Writer.DisposeAsync().AsTask().GetAwaiter().GetResult(); } catch (Exception) { /* the file is dropped anyway */ }
            f.Stream.Dispose();
            File.Delete(f.FinalPath + ".partial");
        }
        _gate.Dispose();
    }

    private sealed class OpenFile(string name, string finalPath, FileStream stream, ParquetWriter writer)
    {
        public string Name { get; } = name;
        public string FinalPath { get; } = finalPath;
        public FileStream Stream { get; } = stream;
        public ParquetWriter Writer { get; } = writer;
        public long Rows { get; set; }
        public int Groups { get; set; }
        public long LargestGroupBytes { get; set; }
        public object? FirstKey { get; set; }
        public object? LastKey { get; set; }
        public ulong RowDigest { get; set; }
    }
}
