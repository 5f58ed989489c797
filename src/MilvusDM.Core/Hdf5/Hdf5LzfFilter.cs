using PureHDF.Filters;

namespace MilvusDM.Core.Hdf5;

/// <summary>
/// h5py's LZF filter (id 32000) for PureHDF, which has none: decompresses what h5py wrote and compresses what we write.
/// </summary>
internal sealed class Hdf5LzfFilter : IH5Filter
{
    public const ushort Id = 32000;

    public ushort FilterId => Id;
    public string Name => "lzf";

    public Memory<byte> Filter(FilterInfo info)
    {
        if (!info.Flags.HasFlag(H5FilterFlags.Decompress)) return Lzf.Compress(info.Buffer.Span);
        var output = new byte[info.ChunkSize];
        if (Lzf.TryDecompress(info.Buffer.Span, output)) return output;
        // HDF5 stores a chunk LZF could not shrink unfiltered and says so in the chunk's filter mask, which PureHDF 2.2.0
        // checks one bit off (purehdf.md §4): such a chunk arrives here at its uncompressed size and is passed through.
        if (info.Buffer.Length == info.ChunkSize) return info.Buffer;
        throw new InvalidDataException($"An LZF-compressed chunk is damaged ({info.Buffer.Length} bytes do not decode to {info.ChunkSize}).");
    }

    /// <summary>h5py's parameters: filter version 4, liblzf version 1.5, and the uncompressed chunk size (its output buffer).</summary>
    public uint[] GetParameters(uint[] chunkDimensions, uint typeSize, Dictionary<string, object>? options) =>
        [4, 0x0105, chunkDimensions.Aggregate(typeSize, (size, d) => size * d)];
}
