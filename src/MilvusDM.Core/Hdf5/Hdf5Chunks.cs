using PureHDF;
using PureHDF.VOL.Native;

namespace MilvusDM.Core.Hdf5;

/// <summary>
/// One shared chunk cache per dataset, large enough for a batch's chunk-rows: PureHDF's default per-read
/// 1 MB cache re-inflates column-split chunks for every row (purehdf.md §1.4).
/// </summary>
internal static class Hdf5Chunks
{
    public static IReadingChunkCache CacheFor(IH5Dataset ds, int batchRows)
    {
        ulong bytes = 64UL << 20;
        if (ds.Layout.Class == H5DataLayoutClass.Chunked)
        {
            var chunks = ((NativeDataset)ds).Layout.Chunks;
            var dims = ds.Space.Dimensions;
            if (chunks.Length >= 2 && dims.Length == 2 && chunks[0] > 0 && chunks[1] > 0)
            {
                ulong chunkBytes = (ulong)chunks[0] * chunks[1] * (ulong)ds.Type.Size;
                ulong perRow = (dims[1] + chunks[1] - 1) / chunks[1];
                ulong rowsOfChunks = ((ulong)batchRows + chunks[0] - 1) / chunks[0] + 1;
                bytes = Math.Max(bytes, perRow * rowsOfChunks * chunkBytes);
            }
        }
        return new SimpleReadingChunkCache(chunkSlotCount: 100_003, byteCount: bytes);
    }
}
