using MilvusDM.Core.Tests.Support;
using System.Text;
using MilvusDM.Core.Faiss;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Tests.Faiss;

/// <summary>
/// Layouts Faiss 1.7.3 (Debian) cannot write — Panorama flat and IVF (1.13+), bf16 and signed-direct SQ (1.9+) —
/// built here byte by byte from faiss-format.md §5.1.1, §5.4.4, §5.5.1 and §5.7.
/// </summary>
public sealed class PanoramaAndCodecTests : IDisposable
{
    private const int D = 16, Levels = 3, Batch = 64;
    private readonly string _dir = Directory.CreateTempSubdirectory("milvusdm-panorama").FullName;

    private static float Value(long row, int k) => row * 100 + k + 0.25f;

    private static void Header(BinaryWriter w, string fourcc, long n)
    {
        w.Write(Encoding.ASCII.GetBytes(fourcc));
        w.Write(D); w.Write(n); w.Write(1L << 20); w.Write(1L << 20); w.Write((byte)1); w.Write(1);
    }

    [Fact]
    public async Task FlatPanoramaIsDeinterleaved()
    {
        string path = Path.Combine(_dir, "flat.panorama");
        const long n = 150, rounded = 192;
        using (var w = new BinaryWriter(File.Create(path)))
        {
            w.Write(Encoding.ASCII.GetBytes("IxFP"));
            w.Write(D); w.Write((ulong)Levels); w.Write((ulong)Batch); w.Write(n); w.Write((byte)1);
            w.Write((ulong)(rounded * D * 4));
            WriteInterleavedBatches(w, 0, n, rounded, Batch);
            w.Write((ulong)3); w.Write(1f); w.Write(2f); w.Write(3f);   // cum_sums
        }
        await AssertRows(path, Enumerable.Range(0, (int)n).Select(i => (long)i).ToArray(), i => i);
    }

    [Theory]
    [InlineData("IwPn", "ilpn", 128)]
    [InlineData("IwP2", "ilp2", Batch)]
    public async Task IvfFlatPanoramaListsAreDeinterleaved(string fourcc, string listsFourcc, int batchSize)
    {
        string path = Path.Combine(_dir, fourcc + ".index");
        long[] sizes = [100, 50];
        long n = sizes.Sum();
        using (var w = new BinaryWriter(File.Create(path)))
        {
            Header(w, fourcc, n);
            w.Write((ulong)2); w.Write((ulong)1);                            // nlist, nprobe
            Header(w, "IxF2", 2); w.Write((ulong)(2 * D));                     // quantizer: 2 centroids
            for (int i = 0; i < 2 * D; i++) w.Write(0f);
            w.Write((byte)0); w.Write((ulong)0);                               // no direct map
            w.Write((ulong)Levels);
            if (fourcc == "IwP2") w.Write((ulong)batchSize);
            w.Write(Encoding.ASCII.GetBytes(listsFourcc));
            w.Write((ulong)2); w.Write((ulong)(D * 4)); w.Write((ulong)Levels);
            if (listsFourcc == "ilp2") w.Write((ulong)batchSize);
            w.Write(Encoding.ASCII.GetBytes("full")); w.Write((ulong)2); w.Write((ulong)sizes[0]); w.Write((ulong)sizes[1]);
            long first = 0;
            foreach (var count in sizes)
            {
                long rounded = (count + batchSize - 1) / batchSize * batchSize;
                WriteInterleavedBatches(w, first, count, rounded, batchSize);
                for (long i = 0; i < count; i++) w.Write(1000 + first + i);   // ids
                for (long i = 0; i < rounded * (Levels + 1); i++) w.Write(0f);   // cum_sums
                first += count;
            }
        }
        await AssertRows(path, Enumerable.Range(0, (int)n).Select(i => 1000L + i).ToArray(), id => id - 1000);
    }

    /// <summary>Level-major batches: widths 24/24/16 bytes for d = 16 and 3 levels (uneven on purpose); the last batch zero-padded.</summary>
    private static void WriteInterleavedBatches(BinaryWriter w, long firstRow, long count, long rounded, int batchSize)
    {
        int codeSize = D * 4, levelWidth = (D + Levels - 1) / Levels * 4;
        for (long b = 0; b < rounded / batchSize; b++)
            for (int l = 0; l * levelWidth < codeSize; l++)
            {
                int width = Math.Min(levelWidth, codeSize - l * levelWidth);
                for (int p = 0; p < batchSize; p++)
                {
                    long row = b * batchSize + p;
                    for (int k = l * levelWidth / 4; k < (l * levelWidth + width) / 4; k++)
                        w.Write(row < count ? Value(firstRow + row, k) : 0f);
                }
            }
    }

    private static async Task AssertRows(string path, long[] expectedIds, Func<long, long> rowOf)
    {
        var source = new FaissIndexSource(path);
        await source.DescribeAsync(CancellationToken.None);
        var ids = new List<long>();
        await foreach (var b in source.ReadAsync(null, 1000, CancellationToken.None))
        {
            var idColumn = (ScalarColumn<long>)b["id"]!;
            var vectors = (FloatVectorColumn)b["embedding"]!;
            for (int i = 0; i < b.RowCount; i++)
            {
                long id = idColumn.Values[i];
                ids.Add(id);
                var v = vectors.GetVector(i);
                for (int k = 0; k < D; k++) Assert.Equal(Value(rowOf(id), k), v[k]);
            }
        }
        Assert.Equal(expectedIds, ids.Order());
    }

    [Fact]
    public void Bf16AndSignedDirectScalarQuantizersDecodeExactly()
    {
        var bf16 = new SqCodec(7, 2, 4, []);
        var output = new float[2];
        byte[] code = [.. BitConverter.GetBytes((ushort)(BitConverter.SingleToInt32Bits(1.5f) >> 16)), .. BitConverter.GetBytes((ushort)(BitConverter.SingleToInt32Bits(-2.25f) >> 16))];
        FaissCodecs.DecodeSq(bf16, code, output);
        Assert.Equal([1.5f, -2.25f], output);

        var signed = new SqCodec(8, 3, 3, []);
        var three = new float[3];
        FaissCodecs.DecodeSq(signed, [0, 128, 255], three);
        Assert.Equal([-128f, 0f, 127f], three);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
