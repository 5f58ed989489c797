using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Faiss;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Tests.Faiss;

/// <summary>Our reader against files the real Faiss 1.7.3 wrote in this test run.</summary>
public sealed class FaissReaderTests(FaissFixtures fx) : IClassFixture<FaissFixtures>
{
    private const int D = 16;

    private static async Task<List<VectorBatch>> ReadAll(FaissIndexSource source, int batch = 128)
    {
        await source.DescribeAsync(CancellationToken.None);
        var list = new List<VectorBatch>();
        await foreach (var b in source.ReadAsync(null, batch, CancellationToken.None)) list.Add(b);
        return list;
    }

    [Theory]
    [InlineData("flat_l2", "L2")]
    [InlineData("flat_ip", "IP")]
    [InlineData("idmap_flat", "L2")]
    [InlineData("idmap2_flat", "IP")]
    [InlineData("ivfflat", "L2")]
    [InlineData("ivfflat_sparse", "L2")]
    [InlineData("ivfflat_ip_directmap", "IP")]
    [InlineData("ivfflat_hashtable", "L2")]
    [InlineData("ivfflat_hnsw_quantizer", "L2")]
    [InlineData("idmap_ivfflat", "L2")]
    [InlineData("ivfflat_empty", "L2")]
    [InlineData("ivfflat_dedup", "L2")]
    [InlineData("hnsw_flat", "L2")]
    [InlineData("idmap_hnsw", "L2")]
    [InlineData("refine_flat", "L2")]
    [InlineData("sq_8bit_direct", "L2")]
    [InlineData("ivfflat_ondisk", "L2")]
    public async Task ExactIndexesGiveBackEveryIdAndVectorBitForBit(string name, string metric)
    {
        var source = new FaissIndexSource(fx.Index(name));
        var batches = await ReadAll(source);
        var truth = fx.FloatTruth(name, D);
        Assert.Equal(metric, source.MetricType);
        Assert.Equal(FaissRecoverability.Exact, source.Recoverability);
        var got = new Dictionary<long, float[]>();
        foreach (var b in batches)
        {
            Assert.True(b.RowCount <= 128);
            var ids = (ScalarColumn<long>)b["id"]!;
            var v = (FloatVectorColumn)b["embedding"]!;
            for (int i = 0; i < b.RowCount; i++) got.Add(ids.Values[i], v.GetVector(i).ToArray());
        }
        Assert.Equal(truth.Count, got.Count);
        foreach (var (id, vector) in truth)
            Assert.True(got.TryGetValue(id, out var mine) && mine.AsSpan().SequenceEqual(vector), $"{name}: id {id} differs or is missing");
    }

    [Theory]
    [InlineData("sq_8bit")]
    [InlineData("sq_4bit")]
    [InlineData("sq_6bit")]
    [InlineData("sq_8bit_uniform")]
    [InlineData("sq_4bit_uniform")]
    [InlineData("sq_fp16")]
    [InlineData("pq")]
    [InlineData("pq_4bit")]
    [InlineData("ivfsq8")]
    [InlineData("ivfpq")]
    [InlineData("hnsw_sq")]
    [InlineData("hnsw_pq")]
    [InlineData("ivfpq_no_residual")]
    [InlineData("ivfpqr")]
    public async Task LossyIndexesNeedAllowLossyAndDecodeAsFaissDoes(string name)
    {
        var refused = await Assert.ThrowsAsync<MilvusDMException>(() => new FaissIndexSource(fx.Index(name)).DescribeAsync(CancellationToken.None));
        Assert.Equal("FaissIndexLossy", refused.ErrorId);
        Assert.Contains("-AllowLossy", refused.RecommendedAction);

        var source = new FaissIndexSource(fx.Index(name), new FaissReadOptions { AllowLossy = true });
        var batches = await ReadAll(source);
        Assert.Equal(FaissRecoverability.Approximate, source.Recoverability);
        var truth = fx.FloatTruth(name, D);
        int rows = 0;
        double worst = 0;
        foreach (var b in batches)
        {
            var ids = (ScalarColumn<long>)b["id"]!;
            var v = (FloatVectorColumn)b["embedding"]!;
            for (int i = 0; i < b.RowCount; i++, rows++)
            {
                var expected = truth[ids.Values[i]];
                var mine = v.GetVector(i);
                for (int k = 0; k < D; k++) worst = Math.Max(worst, Math.Abs(expected[k] - mine[k]));
            }
        }
        Assert.Equal(truth.Count, rows);
        Assert.True(worst <= 1e-5, $"{name}: largest difference from Faiss's reconstruction is {worst}");
    }

    [Fact]
    public async Task SquarePcaIsInvertedAndReducedPcaNeedsAllowTransformed()
    {
        var square = new FaissIndexSource(fx.Index("pca_square"));
        var got = await ReadAll(square);
        var truth = fx.FloatTruth("pca_square", D);
        foreach (var b in got)
            for (int i = 0; i < b.RowCount; i++)
            {
                var expected = truth[((ScalarColumn<long>)b["id"]!).Values[i]];
                var mine = ((FloatVectorColumn)b["embedding"]!).GetVector(i);
                for (int k = 0; k < D; k++) Assert.True(Math.Abs(expected[k] - mine[k]) < 1e-4, $"component {k}: {expected[k]} vs {mine[k]}");
            }

        var refused = await Assert.ThrowsAsync<MilvusDMException>(() => new FaissIndexSource(fx.Index("pca_reduced")).DescribeAsync(CancellationToken.None));
        Assert.Equal("FaissIndexTransformed", refused.ErrorId);
        var reduced = new FaissIndexSource(fx.Index("pca_reduced"), new FaissReadOptions { AllowTransformed = true });
        var spec = await reduced.DescribeAsync(CancellationToken.None);
        Assert.Equal(8, spec.Field("embedding")!.Dimension);
        var rows = await ReadAll(reduced);
        var truth8 = fx.FloatTruth("pca_reduced", 8);
        var first = rows[0];
        var firstId = ((ScalarColumn<long>)first["id"]!).Values[0];
        var v0 = ((FloatVectorColumn)first["embedding"]!).GetVector(0).ToArray();
        Assert.True(truth8[firstId].Zip(v0).All(p => Math.Abs(p.First - p.Second) < 1e-4));
    }

    [Theory]
    [InlineData("binary_flat")]
    [InlineData("binary_ivf")]
    [InlineData("binary_hnsw")]
    [InlineData("binary_idmap")]
    [InlineData("binary_idmap2")]
    public async Task BinaryIndexesBecomeBinaryVectorsWithHamming(string name)
    {
        var source = new FaissIndexSource(fx.Index(name));
        var spec = await source.DescribeAsync(CancellationToken.None);
        Assert.Equal((MilvusDataType.BinaryVector, 64), (spec.Field("embedding")!.DataType, spec.Field("embedding")!.Dimension!.Value));
        Assert.Equal("HAMMING", source.MetricType);
        var truth = fx.BinaryTruth(name, 8);
        int rows = 0;
        await foreach (var b in source.ReadAsync(null, 100, CancellationToken.None))
        {
            var ids = (ScalarColumn<long>)b["id"]!;
            var v = (ByteVectorColumn)b["embedding"]!;
            for (int i = 0; i < b.RowCount; i++, rows++) Assert.Equal(truth[ids.Values[i]], v.GetVector(i).ToArray());
        }
        Assert.Equal(truth.Count, rows);
    }

    [Theory]
    [InlineData("lsh", "FaissVectorsNotRecoverable", "LSH")]
    [InlineData("ivf_no_lists", "FaissVectorsNotRecoverable", "inverted lists")]
    [InlineData("flat_l1", "FaissMetricUnsupported", "L1")]
    [InlineData("truncated", "FaissFileCorrupt", "truncated")]
    public async Task UnusableFilesAreClearErrors(string name, string errorId, string mention)
    {
        var e = await Assert.ThrowsAsync<MilvusDMException>(() => new FaissIndexSource(fx.Index(name)).DescribeAsync(CancellationToken.None));
        Assert.Equal(errorId, e.ErrorId);
        Assert.Contains(mention, e.Message);
        Assert.NotNull(e.RecommendedAction);
    }

    [Fact]
    public async Task HnswSavedWithoutStorageIsNotRecoverable()
    {
        // Faiss 1.9+ writes 'null' in place of the storage (IO_FLAG_SKIP_STORAGE); build one from an HNSWFlat file:
        // its storage is the tail: fourcc, 33-byte header, float count, n × d floats.
        var bytes = await File.ReadAllBytesAsync(fx.Index("hnsw_flat"));
        int storageAt = bytes.Length - (4 + 33 + 8 + 1000 * D * 4);
        Assert.Equal("IxF2", System.Text.Encoding.ASCII.GetString(bytes, storageAt, 4));
        string path = Path.Combine(fx.Dir, "hnsw_null_storage.index");
        await File.WriteAllBytesAsync(path, [.. bytes[..storageAt], .. "null"u8]);
        Assert.Equal(FaissRecoverability.None, FaissIndexInfo.Read(path).Recoverability);
        var e = await Assert.ThrowsAsync<MilvusDMException>(() => new FaissIndexSource(path).DescribeAsync(CancellationToken.None));
        Assert.Equal("FaissVectorsNotRecoverable", e.ErrorId);
        Assert.Contains("without its storage", e.Message);
    }

    [Fact]
    public async Task NanDuplicatesAndMetricOverride()
    {
        var nan = await Assert.ThrowsAsync<MilvusDMException>(() => ReadAll(new FaissIndexSource(fx.Index("flat_nan"))));
        Assert.Equal("FaissVectorNotFinite", nan.ErrorId);
        Assert.Contains("id 3", nan.Message);

        var dup = await Assert.ThrowsAsync<MilvusDMException>(() => ReadAll(new FaissIndexSource(fx.Index("idmap_duplicate_ids"))));
        Assert.Equal("FaissDuplicateId", dup.ErrorId);
        var kept = await ReadAll(new FaissIndexSource(fx.Index("idmap_duplicate_ids"), new FaissReadOptions { AllowDuplicateIds = true }));
        Assert.Equal(10, kept.Sum(b => b.RowCount));

        var l1 = new FaissIndexSource(fx.Index("flat_l1"), new FaissReadOptions { MetricType = "COSINE" });
        Assert.Equal(1000, (await ReadAll(l1)).Sum(b => b.RowCount));
        Assert.Equal("COSINE", l1.MetricType);
    }

    [Fact]
    public void InfoDescribesTheTypeChain()
    {
        var info = FaissIndexInfo.Read(fx.Index("idmap_hnsw"));
        Assert.Equal(["IndexIDMap", "IndexHNSW", "IndexFlat"], info.TypeChain);
        Assert.Equal(["IxMp", "IHNf", "IxF2"], info.Fourccs);
        Assert.Equal((16, 1000L, "L2", false, FaissRecoverability.Exact), (info.Dimension, info.Count, info.MilvusMetric, info.IsBinary, info.Recoverability));
        var pq = FaissIndexInfo.Read(fx.Index("ivfpq"));
        Assert.Equal(FaissRecoverability.Approximate, pq.Recoverability);
        Assert.Equal(FaissRecoverability.None, FaissIndexInfo.Read(fx.Index("lsh")).Recoverability);
    }
}
