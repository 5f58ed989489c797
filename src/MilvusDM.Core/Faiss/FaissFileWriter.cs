using System.Runtime.InteropServices;
using System.Text;

namespace MilvusDM.Core.Faiss;

/// <summary>
/// Streams a Faiss file that <c>faiss.read_index</c> (or <c>read_index_binary</c>) loads as an IndexIDMap2 over an
/// IndexFlatL2/IndexFlatIP, or an IndexBinaryIDMap2 over an IndexBinaryFlat (faiss-format.md §3, §5.1, §5.2, §5.14),
/// without knowing the row count up front: vectors go straight to the file, ids to a spool file; <see cref="Finish"/>
/// appends the ids (the id_map comes after the wrapped index) and patches the counts written as 0.
/// Memory stays bounded by one batch. Not thread-safe; little-endian like every file Faiss writes.
/// </summary>
internal sealed class FaissFileWriter : IDisposable
{
    private const long HeaderDummy = 1 << 20;

    private readonly FileStream _file, _ids;
    private readonly BinaryWriter _w;
    private readonly int _rowBytes;

    /// <summary>Placeholders to patch: where an int64/u64 count sits and what it counts per row (1 = rows, d = floats…).</summary>
    private readonly List<(long Offset, long PerRow)> _counts = [];

    private FaissFileWriter(string path, int rowBytes)
    {
        _rowBytes = rowBytes;
        _file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _ids = new FileStream(path + ".ids", FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        _w = new BinaryWriter(_file, Encoding.ASCII, leaveOpen: true);
    }

    public long Rows { get; private set; }

    /// <summary>IDMap2 over IndexFlat; <paramref name="metric"/> is <see cref="FaissMetric.L2"/> or <see cref="FaissMetric.InnerProduct"/>.</summary>
    public static FaissFileWriter CreateFloat(string path, int dimension, int metric)
    {
        if (metric is not (FaissMetric.L2 or FaissMetric.InnerProduct)) throw new ArgumentOutOfRangeException(nameof(metric));
        var f = new FaissFileWriter(path, dimension * sizeof(float));
        f.Fourcc("IxM2");
        f.FloatHeader(dimension, metric);
        f.Fourcc(metric == FaissMetric.L2 ? "IxF2" : "IxFI");
        f.FloatHeader(dimension, metric);
        f.Count(dimension); // the flat data is prefixed by its number of floats, not bytes
        return f;
    }

    /// <summary>BinaryIDMap2 over IndexBinaryFlat; <paramref name="bits"/> is the Milvus dimension (a multiple of 8).</summary>
    public static FaissFileWriter CreateBinary(string path, int bits)
    {
        if (bits <= 0 || bits % 8 != 0) throw new ArgumentOutOfRangeException(nameof(bits));
        var f = new FaissFileWriter(path, bits / 8);
        f.Fourcc("IBM2");
        f.BinaryHeader(bits);
        f.Fourcc("IBxF");
        f.BinaryHeader(bits);
        f.Count(bits / 8);
        return f;
    }

    /// <summary>Appends rows: <paramref name="vectors"/> holds ids.Length rows of raw vector bytes (float32 LE or packed bits).</summary>
    public void Append(ReadOnlySpan<long> ids, ReadOnlySpan<byte> vectors)
    {
        if (vectors.Length != (long)ids.Length * _rowBytes)
            throw new ArgumentException($"{vectors.Length} vector bytes for {ids.Length} rows of {_rowBytes} bytes.", nameof(vectors));
        _file.Write(vectors);
        _ids.Write(MemoryMarshal.AsBytes(ids));
        Rows += ids.Length;
    }

    /// <summary>Writes the id_map, fills in the counts and flushes; the file is then complete.</summary>
    public void Finish()
    {
        _w.Write((ulong)Rows);
        _ids.Position = 0;
        _ids.CopyTo(_file);
        foreach (var (offset, perRow) in _counts)
        {
            _file.Position = offset;
            _w.Write(Rows * perRow);
        }
        _file.Flush(flushToDisk: true);
    }

    private void Fourcc(string code) => _w.Write(Encoding.ASCII.GetBytes(code));

    /// <summary>A count not known yet: written as 0, patched by <see cref="Finish"/>.</summary>
    private void Count(long perRow)
    {
        _counts.Add((_file.Position, perRow));
        _w.Write(0L);
    }

    // d, ntotal, two unused dummies, is_trained, metric (no metric_arg: only L2 and IP are written).
    private void FloatHeader(int d, int metric)
    {
        _w.Write(d);
        Count(1);
        _w.Write(HeaderDummy);
        _w.Write(HeaderDummy);
        _w.Write((byte)1);
        _w.Write(metric);
    }

    // d (bits), code_size, ntotal, is_trained, metric (always 1 for binary indexes).
    private void BinaryHeader(int bits)
    {
        _w.Write(bits);
        _w.Write(bits / 8);
        Count(1);
        _w.Write((byte)1);
        _w.Write(FaissMetric.L2);
    }

    public void Dispose()
    {
        _w.Dispose();
        _file.Dispose();
        _ids.Dispose();
    }
}
