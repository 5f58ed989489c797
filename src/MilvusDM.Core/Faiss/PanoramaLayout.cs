namespace MilvusDM.Core.Faiss;

/// <summary>
/// Panorama storage (faiss-format.md §5.1.1): rows are kept in batches, each batch level-major — first the
/// level-0 slice of every row of the batch, then the level-1 slices, and so on. This puts rows back together.
/// </summary>
internal static class PanoramaLayout
{
    /// <summary>Rows [0, count) of one batch of <paramref name="batchSize"/> rows of <paramref name="codeSize"/> bytes split into <paramref name="levels"/> levels.</summary>
    public static byte[] Deinterleave(ReadOnlySpan<byte> batch, int count, int batchSize, int codeSize, int levels)
    {
        int dim = codeSize / 4;
        int levelWidth = (dim + levels - 1) / levels * 4;
        int levelsUsed = (codeSize + levelWidth - 1) / levelWidth;
        var rows = new byte[(long)count * codeSize];
        for (int k = 0; k < count; k++)
            for (int l = 0, dest = 0; l < levelsUsed; l++)
            {
                int w = Math.Min(levelWidth, codeSize - l * levelWidth);
                batch.Slice(l * levelWidth * batchSize + k * w, w).CopyTo(rows.AsSpan(k * codeSize + dest, w));
                dest += w;
            }
        return rows;
    }
}
