using System.Buffers.Binary;
using System.Text;
using MilvusDM.Core.Errors;

namespace MilvusDM.Core.Faiss;

/// <summary>
/// Little-endian primitives over a Faiss file with strict bounds: every length is checked against the bytes
/// left before anything is allocated, so a truncated or corrupt file fails with a clear error, never a crash.
/// Bulk data is usually skipped during parsing (its offset recorded) and read later in batches.
/// </summary>
internal sealed class FaissFileReader : IDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _scratch = new byte[8];

    public FaissFileReader(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Length = _stream.Length;
    }

    public string Path { get; }
    public long Length { get; }
    public long Position => _stream.Position;
    public long Remaining => Length - _stream.Position;

    public MilvusDMException Corrupt(string what) => new(MilvusDMErrorKind.InvalidData, "FaissFileCorrupt",
        $"Faiss file '{Path}' is corrupt or truncated at byte {Position}: {what}.",
        "Check that the file is a complete Faiss index written by faiss.write_index (or write_index_binary).");

    private ReadOnlySpan<byte> Take(int n)
    {
        if (Remaining < n) throw Corrupt($"needed {n} more bytes, {Remaining} left");
        _stream.ReadExactly(_scratch, 0, n);
        return _scratch.AsSpan(0, n);
    }

    public string ReadFourcc()
    {
        var b = Take(4);
        return Encoding.ASCII.GetString(b);
    }

    public byte ReadByte() => Take(1)[0];

    public bool ReadBool()
    {
        byte b = ReadByte();
        return b <= 1 ? b == 1 : throw Corrupt($"a boolean byte holds {b}");
    }

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>A u64 element count whose elements (of <paramref name="elementSize"/> bytes) must fit in the rest of the file.</summary>
    public long ReadCount(int elementSize, string what)
    {
        ulong n = ReadUInt64();
        if (n > (ulong)(Remaining / elementSize)) throw Corrupt($"{what} claims {n} elements of {elementSize} bytes, only {Remaining} bytes left");
        return (long)n;
    }

    public long ReadNonNegative64(string what)
    {
        long v = ReadInt64();
        return v >= 0 ? v : throw Corrupt($"{what} is negative ({v})");
    }

    public void Skip(long bytes)
    {
        if (bytes < 0 || bytes > Remaining) throw Corrupt($"cannot skip {bytes} bytes, {Remaining} left");
        _stream.Seek(bytes, SeekOrigin.Current);
    }

    /// <summary>Skips a vector&lt;T&gt; (count prefix + elements).</summary>
    public void SkipVector(int elementSize, string what) => Skip(ReadCount(elementSize, what) * elementSize);

    public byte[] ReadBytes(long n)
    {
        if (n < 0 || n > Remaining) throw Corrupt($"needed {n} bytes, {Remaining} left");
        if (n > Array.MaxLength) throw Corrupt($"a block of {n} bytes is too large to hold in memory");
        var bytes = new byte[n];
        _stream.ReadExactly(bytes);
        return bytes;
    }

    public float[] ReadFloatVector(string what) => ReadVector<float>(what);
    public long[] ReadInt64Vector(string what) => ReadVector<long>(what);

    /// <summary>A vector&lt;T&gt;: u64 element count, then the elements (little-endian, as on every machine Faiss runs on).</summary>
    private T[] ReadVector<T>(string what) where T : unmanaged
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var bytes = ReadBytes(ReadCount(size, what) * size);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    public void Dispose() => _stream.Dispose();
}
