using MilvusDM.Core.Errors;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;

namespace MilvusDM.Core.Tests.Hdf5;

/// <summary>Our HDF5 reading against files h5py wrote in this test run, and the old tool's own example files.</summary>
public sealed class Hdf5SourceTests(Hdf5Fixtures fx) : IClassFixture<Hdf5Fixtures>
{
    private static async Task<(CollectionSpec Spec, List<VectorBatch> Batches)> ReadAll(Hdf5VectorSource source, int batch = 300)
    {
        var spec = await source.DescribeAsync(CancellationToken.None);
        var list = new List<VectorBatch>();
        await foreach (var b in source.ReadAsync(null, batch, CancellationToken.None)) list.Add(b);
        return (spec, list);
    }

    [Theory]
    [InlineData("f32_contiguous", 24)]
    [InlineData("f32_chunked_deflate", 24)]
    [InlineData("f32_shuffle_deflate", 24)]
    [InlineData("f32_auto_chunks", 24)]
    [InlineData("f32_odd_chunks", 24)]
    [InlineData("f32_no_ids", 24)]
    [InlineData("f64", 24)]
    [InlineData("float_example", 100)]
    public async Task FloatVectorsAndIdsEqualWhatH5pyWrote(string name, int dim)
    {
        var (spec, batches) = await ReadAll(new Hdf5VectorSource(fx.File(name)));
        Assert.Equal((MilvusDataType.FloatVector, dim), (spec.Field("embedding")!.DataType, spec.Field("embedding")!.Dimension!.Value));
        var ids = batches.SelectMany(b => ((ScalarColumn<long>)b["id"]!).Values).ToArray();
        var vectors = batches.SelectMany(b => ((FloatVectorColumn)b["embedding"]!).Data).ToArray();
        Assert.Equal(fx.Ids(name), ids);
        var truth = fx.VectorBytes(name);
        var expected = new float[truth.Length / 4];
        Buffer.BlockCopy(truth, 0, expected, 0, truth.Length);
        Assert.Equal(expected, vectors);
        Assert.All(batches, b => Assert.True(b.RowCount <= 300));
    }

    [Theory]
    [InlineData("uint8_binary", 128)]
    [InlineData("byte_example", 512)]
    public async Task BinaryVectorsKeepEveryByte(string name, int bits)
    {
        var source = new Hdf5VectorSource(fx.File(name));
        var (spec, batches) = await ReadAll(source);
        Assert.Equal((MilvusDataType.BinaryVector, bits), (spec.Field("embedding")!.DataType, spec.Field("embedding")!.Dimension!.Value));
        Assert.Equal("HAMMING", source.MetricType);
        Assert.Equal(fx.Ids(name), batches.SelectMany(b => ((ScalarColumn<long>)b["id"]!).Values));
        Assert.Equal(fx.VectorBytes(name), batches.SelectMany(b => ((ByteVectorColumn)b["embedding"]!).Data));
    }

    [Fact]
    public async Task TheOldToolsByteExampleKeepsTrailingZeroBytes()
    {
        var (_, batches) = await ReadAll(new Hdf5VectorSource(fx.File("byte_example")));
        var bytes = batches.SelectMany(b => ((ByteVectorColumn)b["embedding"]!).Data).ToArray();
        Assert.Equal(5 * 64, bytes.Length);
        Assert.Equal(fx.VectorBytes("byte_example"), bytes);
    }

    [Fact]
    public async Task AnnBenchmarksLayoutGivesTrainByDefaultTestOnRequestAndTheMetric()
    {
        var train = new Hdf5VectorSource(fx.File("ann_angular"));
        var (_, batches) = await ReadAll(train);
        Assert.Equal(Hdf5Layout.AnnBenchmarks, train.Layout);
        Assert.Equal("COSINE", train.MetricType);
        Assert.Equal(2500, batches.Sum(b => b.RowCount));
        var test = new Hdf5VectorSource(fx.File("ann_angular"), new Hdf5ReadOptions { Dataset = "test" });
        var (_, testBatches) = await ReadAll(test);
        var truth = fx.VectorBytes("ann_angular_test");
        var expected = new float[truth.Length / 4];
        Buffer.BlockCopy(truth, 0, expected, 0, truth.Length);
        Assert.Equal(expected, testBatches.SelectMany(b => ((FloatVectorColumn)b["embedding"]!).Data));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), testBatches.SelectMany(b => ((ScalarColumn<long>)b["id"]!).Values));
    }

    [Fact]
    public async Task ScalarDatasetsBecomeFields()
    {
        var source = new Hdf5VectorSource(fx.File("scalars"), new Hdf5ReadOptions { ScalarDatasets = ["year", "score", "title"] });
        var (spec, batches) = await ReadAll(source, 40);
        Assert.Equal([MilvusDataType.Int64, MilvusDataType.FloatVector, MilvusDataType.Int64, MilvusDataType.Double, MilvusDataType.VarChar], spec.Fields.Select(f => f.DataType));
        Assert.Equal(Enumerable.Range(1900, 100).Select(i => (long)i), batches.SelectMany(b => ((ScalarColumn<long>)b["year"]!).Values));
        Assert.Equal(1.0, batches.SelectMany(b => ((ScalarColumn<double>)b["score"]!).Values).Last());
        Assert.Equal("title 42 é", batches.SelectMany(b => ((ScalarColumn<string>)b["title"]!).Values).ElementAt(42));
    }

    [Theory]
    [InlineData("length_mismatch", null, "Hdf5LengthMismatch")]
    [InlineData("no_vectors", null, "Hdf5LayoutNotRecognized")]
    [InlineData("no_vectors", "missing", "Hdf5DatasetNotFound")]
    [InlineData("int_vectors", null, "Hdf5UnsupportedType")]
    [InlineData("not_hdf5", null, "Hdf5NotAnHdf5File")]
    [InlineData("absent", null, "Hdf5FileNotFound")]
    public async Task BadInputIsAClearErrorBeforeAnythingIsRead(string name, string? dataset, string errorId)
    {
        var e = await Assert.ThrowsAsync<MilvusDMException>(() => new Hdf5VectorSource(fx.File(name), new Hdf5ReadOptions { Dataset = dataset }).DescribeAsync(CancellationToken.None));
        Assert.Equal(errorId, e.ErrorId);
        Assert.NotNull(e.RecommendedAction);
    }

    [Fact]
    public async Task NanIsRejectedNamingTheRow()
    {
        var e = await Assert.ThrowsAsync<MilvusDMException>(() => ReadAll(new Hdf5VectorSource(fx.File("nan"))));
        Assert.Equal("Hdf5VectorNotFinite", e.ErrorId);
        Assert.Contains("row 4", e.Message);
    }
}
