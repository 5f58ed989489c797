using MilvusDM.Core.Errors;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Tests.Hdf5;

/// <summary>Every value read from the HDF5 files users have equals what h5py wrote.</summary>
public sealed class Hdf5VariantSourceTests(Hdf5VariantFixtures fx) : IClassFixture<Hdf5VariantFixtures>
{
    private static async Task<(CollectionSpec Spec, List<VectorBatch> Batches, Hdf5VectorSource Source)> ReadAll(string file, Hdf5ReadOptions? options = null, int batch = 170)
    {
        var source = new Hdf5VectorSource(file, options);
        var spec = await source.DescribeAsync(CancellationToken.None);
        var list = new List<VectorBatch>();
        await foreach (var b in source.ReadAsync(null, batch, CancellationToken.None)) list.Add(b);
        return (spec, list, source);
    }

    private static long[] Ids(List<VectorBatch> batches) => batches.SelectMany(b => ((ScalarColumn<long>)b["id"]!).Values).ToArray();

    [Theory]
    [InlineData("be_f4")]
    [InlineData("be_f8")]
    [InlineData("be_f4_gzip")]
    [InlineData("lzf_f32")]
    [InlineData("lzf_shuffle_f32")]
    [InlineData("lzf_incompressible")]   // chunks HDF5 stored unfiltered (PureHDF's filter-mask bug)
    [InlineData("grouped_milvusdm")]
    [InlineData("int16_be")]
    [InlineData("uint16")]
    public async Task FloatVectorsAndIdsEqualWhatH5pyWrote(string name)
    {
        var (spec, batches, _) = await ReadAll(fx.File(name));
        Assert.Equal((MilvusDataType.FloatVector, 16), (spec.Field("embedding")!.DataType, spec.Field("embedding")!.Dimension!.Value));
        Assert.Equal(fx.Ids(name), Ids(batches));
        Assert.Equal(fx.Floats(name), batches.SelectMany(b => ((FloatVectorColumn)b["embedding"]!).Data));
    }

    [Theory]
    [InlineData("f16", MilvusDataType.Float16Vector)]
    [InlineData("f16_be", MilvusDataType.Float16Vector)]
    [InlineData("int8", MilvusDataType.Int8Vector)]   // lzf-compressed, every chunk stored unfiltered
    public async Task Float16AndInt8VectorsKeepTheirBytes(string name, MilvusDataType type)
    {
        var (spec, batches, _) = await ReadAll(fx.File(name));
        Assert.Equal((type, 16), (spec.Field("embedding")!.DataType, spec.Field("embedding")!.Dimension!.Value));
        Assert.Equal(fx.Ids(name), Ids(batches));
        Assert.Equal(fx.VectorBytes(name), batches.SelectMany(b => ((ByteVectorColumn)b["embedding"]!).Data));
    }

    public static TheoryData<string> IdTypes() => new(
        from t in new[] { "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64" } from o in new[] { "le", "be" } select $"ids_{t}_{o}");

    [Theory]
    [MemberData(nameof(IdTypes))]
    public async Task IdsOfEveryIntegerWidthSignAndByteOrderAreExact(string name)
    {
        var (spec, batches, _) = await ReadAll(fx.File(name), batch: 37);
        Assert.Equal(MilvusDataType.Int64, spec.PrimaryField.DataType);
        Assert.Equal(fx.Ids(name), Ids(batches));
        Assert.Equal(fx.Floats(name), batches.SelectMany(b => ((FloatVectorColumn)b["embedding"]!).Data));
    }

    [Fact]
    public async Task AUint64IdBeyondInt64IsAClearErrorBeforeAnythingIsRead()
    {
        var e = await Assert.ThrowsAsync<MilvusDMException>(() => new Hdf5VectorSource(fx.File("ids_uint64_too_big")).DescribeAsync(CancellationToken.None));
        Assert.Equal("Hdf5IntegerOutOfRange", e.ErrorId);
        Assert.Contains("9223372036854775809", e.Message);
        Assert.Contains("row 1", e.Message);
    }

    [Fact]
    public async Task AnnBenchmarksInsideAGroupIsRecognisedWithTheGroupsDistance()
    {
        var (_, batches, source) = await ReadAll(fx.File("grouped_ann"));
        Assert.Equal((Hdf5Layout.AnnBenchmarks, "L2"), (source.Layout, source.MetricType));
        Assert.Equal(fx.Floats("grouped_ann"), batches.SelectMany(b => ((FloatVectorColumn)b["embedding"]!).Data));
        var (_, test, _) = await ReadAll(fx.File("grouped_ann"), new Hdf5ReadOptions { Dataset = "/dataset/test" });
        Assert.Equal(30, test.Sum(b => b.RowCount));
    }

    [Fact]
    public async Task DatasetPathsNameVectorsIdsAndScalarsInGroups()
    {
        var options = new Hdf5ReadOptions { Dataset = "/a/b/vecs", IdDataset = "a/ids", ScalarDatasets = ["/meta/year", "/meta/score", "meta/big", "/meta/half"] };
        var (spec, batches, _) = await ReadAll(fx.File("explicit_paths"), options, batch: 64);
        Assert.Equal(["id", "embedding", "year", "score", "big", "half"], spec.Fields.Select(f => f.Name));
        Assert.Equal(fx.Ids("explicit_paths"), Ids(batches));
        Assert.Equal(fx.Floats("explicit_paths"), batches.SelectMany(b => ((FloatVectorColumn)b["embedding"]!).Data));
        Assert.Equal(Enumerable.Range(1800, 200).Select(i => (long)i), batches.SelectMany(b => ((ScalarColumn<long>)b["year"]!).Values));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => 4_000_000_000L + i), batches.SelectMany(b => ((ScalarColumn<long>)b["big"]!).Values));
        var score = batches.SelectMany(b => ((ScalarColumn<double>)b["score"]!).Values).ToArray();
        Assert.Equal((-1.0, 1.0), (score[0], score[^1]));
        Assert.Equal(2.0, batches.SelectMany(b => ((ScalarColumn<double>)b["half"]!).Values).Last());
    }

    [Fact]
    public async Task AMissingPathListsEveryDatasetByItsPath()
    {
        var e = await Assert.ThrowsAsync<MilvusDMException>(() => new Hdf5VectorSource(fx.File("explicit_paths"), new Hdf5ReadOptions { Dataset = "/a/nothing" }).DescribeAsync(CancellationToken.None));
        Assert.Equal("Hdf5DatasetNotFound", e.ErrorId);
        Assert.Contains("a/b/vecs, a/ids, meta/", e.Message);
        var layout = await Assert.ThrowsAsync<MilvusDMException>(() => new Hdf5VectorSource(fx.File("explicit_paths")).DescribeAsync(CancellationToken.None));
        Assert.Equal("Hdf5LayoutNotRecognized", layout.ErrorId);
    }

    [Theory]
    [InlineData("szip", "embeddings")]
    [InlineData("szip_ids", "ids")]
    public async Task SzipIsRefusedNamingTheFilterAndTheDataset(string name, string dataset)
    {
        if (!fx.Has(name)) return;   // this HDF5 cannot write SZIP (Debian's can)
        var e = await Assert.ThrowsAsync<MilvusDMException>(() => new Hdf5VectorSource(fx.File(name)).DescribeAsync(CancellationToken.None));
        Assert.Equal("Hdf5FilterUnsupported", e.ErrorId);
        Assert.Contains("'szip'", e.Message);
        Assert.Contains($"'{dataset}'", e.Message);
    }

    [Fact]
    public void InfoListsNestedDatasetsWithTheirPathsTypesAndFilters()
    {
        var info = Hdf5FileInfo.Read(fx.File("explicit_paths"));
        Assert.Equal(["a/b/vecs", "a/ids", "meta/big", "meta/half", "meta/score", "meta/year", "other"], info.Datasets.Select(d => d.Name).Order(StringComparer.Ordinal));
        Assert.Equal("big-endian int16", info.Datasets.Single(d => d.Name == "meta/year").ElementType);
        var grouped = Hdf5FileInfo.Read(fx.File("lzf_shuffle_f32"));
        Assert.Equal(["shuffle", "lzf"], grouped.Datasets.Single(d => d.Name == "embeddings").Filters);
        Assert.Equal(Hdf5Layout.MilvusDM, Hdf5FileInfo.Read(fx.File("grouped_milvusdm")).Layout);
        if (fx.Has("szip")) Assert.Equal(["szip"], Hdf5FileInfo.Read(fx.File("szip")).Datasets.Single(d => d.Name == "embeddings").Filters);
    }
}
