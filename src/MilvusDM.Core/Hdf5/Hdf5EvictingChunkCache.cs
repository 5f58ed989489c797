using PureHDF.VOL.Native;

namespace MilvusDM.Core.Hdf5;

/// <summary>
/// A writing chunk cache that hands the oldest chunk to the writer once a few are held: PureHDF's default keeps every
/// chunk of a compressed dataset in memory until the file is closed (purehdf.md §2.3). Rows must come in order, as
/// a chunk can be written once only.
/// </summary>
internal sealed class Hdf5EvictingChunkCache(int maxChunks) : IWritingChunkCache
{
    private readonly SortedDictionary<ulong, (Memory<byte> Chunk, Action<ulong, Memory<byte>> Writer)> _held = [];

    public Memory<byte> GetChunk(ulong index, Func<Memory<byte>> allocate, Action<ulong, Memory<byte>> writer)
    {
        if (_held.TryGetValue(index, out var entry)) return entry.Chunk;
        while (_held.Count >= maxChunks)
        {
            var oldest = _held.First();
            _held.Remove(oldest.Key);
            oldest.Value.Writer(oldest.Key, oldest.Value.Chunk);
        }
        var chunk = allocate();
        _held[index] = (chunk, writer);
        return chunk;
    }

    public void Flush(Action<ulong, Memory<byte>> writer)
    {
        foreach (var (index, entry) in _held) writer(index, entry.Chunk);
        _held.Clear();
    }
}
