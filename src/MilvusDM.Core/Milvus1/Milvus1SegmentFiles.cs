using System.Buffers.Binary;
using System.Collections;
using MilvusDM.Core.Errors;

namespace MilvusDM.Core.Milvus1;

/// <summary>
/// One segment folder's raw files (milvus1-format.md §2): <c>SEG.uid</c> (int64 ids), <c>SEG.rv</c> (rows of
/// <see cref="RowBytes"/>), <c>deleted_docs</c> (int32 row offsets, unsorted, maybe repeated: traps T8, T9), each
/// after a little-endian u64 payload length that is trusted over the file length (T1). Opening checks every
/// header against the file sizes; rows are then read in ranges, so memory stays at one batch.
/// </summary>
public sealed class Milvus1SegmentFiles : IDisposable
{
    private const int Header = 8;
    private readonly FileStream _uid, _rv;

    private Milvus1SegmentFiles(string folder, FileStream uid, FileStream rv, long rows, int rowBytes, BitArray? deleted, int deletedCount)
    {
        Folder = folder;
        _uid = uid;
        _rv = rv;
        PhysicalRows = rows;
        RowBytes = rowBytes;
        Deleted = deleted;
        DeletedRows = deletedCount;
    }

    public string Folder { get; }
    public long PhysicalRows { get; }
    public int RowBytes { get; }

    /// <summary>Dead positions (null when none).</summary>
    public BitArray? Deleted { get; }

    /// <summary>Distinct dead positions.</summary>
    public int DeletedRows { get; }

    public long LiveRows => PhysicalRows - DeletedRows;

    public bool IsLive(long row) => Deleted is null || !Deleted[(int)row];

    public static Milvus1SegmentFiles Open(string folder, string segmentId, int rowBytes)
    {
        if (!Directory.Exists(folder))
            throw Missing(folder, "The segment folder is missing.");
        string uidPath = Path.Combine(folder, segmentId + ".uid"), rvPath = Path.Combine(folder, segmentId + ".rv");
        var uid = OpenFile(uidPath);
        var rv = OpenFile(rvPath);
        try
        {
            long uidBytes = PayloadLength(uid, uidPath), rvBytes = PayloadLength(rv, rvPath);
            if (uidBytes % 8 != 0) throw Corrupt(uidPath, $"its header says {uidBytes} bytes of ids, not a multiple of 8");
            long rows = uidBytes / 8;
            if (rvBytes != rows * rowBytes)
                throw Corrupt(rvPath, $"its header says {rvBytes} bytes of vectors, but {rows} ids × {rowBytes} bytes per vector is {rows * rowBytes}");
            if (rows > int.MaxValue) throw Corrupt(uidPath, $"{rows} rows is more than one segment can hold");
            var (deleted, count) = ReadDeleted(Path.Combine(folder, "deleted_docs"), rows);
            return new Milvus1SegmentFiles(folder, uid, rv, rows, rowBytes, deleted, count);
        }
        catch
        {
            uid.Dispose();
            rv.Dispose();
            throw;
        }
    }

    /// <summary>Ids and vector bytes of physical rows [start, start + count).</summary>
    public (long[] Ids, byte[] Vectors) Read(long start, int count)
    {
        var idBytes = new byte[count * 8L];
        RandomAccess.Read(_uid.SafeFileHandle, idBytes, Header + start * 8);
        var vectors = new byte[(long)count * RowBytes];
        RandomAccess.Read(_rv.SafeFileHandle, vectors, Header + start * RowBytes);
        var ids = new long[count];
        for (int i = 0; i < count; i++) ids[i] = BinaryPrimitives.ReadInt64LittleEndian(idBytes.AsSpan(i * 8));
        return (ids, vectors);
    }

    private static FileStream OpenFile(string path) =>
        File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess)
            : throw Missing(path, "The segment file is missing.");

    private static long PayloadLength(FileStream f, string path)
    {
        if (f.Length < Header) throw Corrupt(path, $"it is {f.Length} bytes, shorter than its 8-byte header");
        Span<byte> header = stackalloc byte[Header];
        RandomAccess.Read(f.SafeFileHandle, header, 0);
        ulong payload = BinaryPrimitives.ReadUInt64LittleEndian(header);
        if (payload > (ulong)(f.Length - Header)) throw Corrupt(path, $"its header says {payload} bytes follow, but only {f.Length - Header} do");
        return (long)payload;
    }

    private static (BitArray?, int) ReadDeleted(string path, long rows)
    {
        if (!File.Exists(path)) throw Missing(path, "Every flushed segment has a deleted_docs file (8 zero bytes when nothing was deleted).");
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long payload = PayloadLength(f, path);
        if (payload % 4 != 0) throw Corrupt(path, $"its header says {payload} bytes of offsets, not a multiple of 4");
        if (payload == 0) return (null, 0);
        var bytes = new byte[payload];
        RandomAccess.Read(f.SafeFileHandle, bytes, Header);
        var dead = new BitArray((int)rows);
        int count = 0;
        for (int i = 0; i < bytes.Length; i += 4)
        {
            int offset = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i));
            if (offset < 0 || offset >= rows) throw Corrupt(path, $"it deletes row {offset} of a segment of {rows} rows");
            if (!dead[offset]) { dead[offset] = true; count++; }
        }
        return (dead, count);
    }

    private static MilvusDMException Missing(string path, string why) => new(MilvusDMErrorKind.NotFound, "Milvus1SegmentFileMissing",
        $"'{path}' does not exist. {why}", "Copy the whole Milvus 1.x data path (db/tables/…) while the server is stopped, after a flush.");

    private static MilvusDMException Corrupt(string path, string why) => new(MilvusDMErrorKind.InvalidData, "Milvus1SegmentCorrupt",
        $"'{path}' is damaged: {why}.", "Copy the segment again from the Milvus 1.x server; the file may be truncated.");

    public void Dispose()
    {
        _uid.Dispose();
        _rv.Dispose();
    }
}
