using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Hdf5;

/// <summary>H2M end to end: what lands in the test server equals the HDF5 files.</summary>
public sealed class Hdf5ImportTests(Hdf5Fixtures fx, SharedServerFixture server) : IClassFixture<Hdf5Fixtures>, IClassFixture<SharedServerFixture>
{
    private Task<TransferResult> Import(string file, string collection, WriteMode mode = WriteMode.Append, Hdf5ReadOptions? read = null) =>
        Hdf5Import.RunAsync(server.Client, fx.File(file), read ?? new Hdf5ReadOptions(), new MilvusSinkOptions { CollectionName = collection, Mode = mode, Load = true },
            null, new TransferOptions { BatchRows = 700 }, null, CancellationToken.None);

    private async Task<Dictionary<long, object>> ReadBack(string collection)
    {
        var rows = new Dictionary<long, object>();
        await foreach (var page in new MilvusQueryIterator(server.Client, collection).ReadAsync())
            for (int i = 0; i < page.RowCount; i++) rows.Add(((ScalarColumn<long>)page["id"]!).Values[i], page["embedding"]!.GetValue(i)!);
        return rows;
    }

    [Fact]
    public async Task FloatAndBinaryExamplesOfTheOldToolImportExactly()
    {
        string floats = Schemas.UniqueName("h2m_float");
        Assert.Equal((TransferStatus.Succeeded, 5000L), ((await Import("float_example", floats)).Status, (await server.Client.CountAsync(floats))));
        var truth = fx.FloatTruth("float_example", 100);
        var back = await ReadBack(floats);
        foreach (var (id, v) in truth) Assert.Equal(v, (float[])back[id]);

        string bytes = Schemas.UniqueName("h2m_bytes");
        await Import("byte_example", bytes);
        var binTruth = fx.BinaryTruth("byte_example", 64);
        var binBack = await ReadBack(bytes);
        Assert.Equal(5, binBack.Count);
        foreach (var (id, v) in binTruth) Assert.Equal(v, (byte[])binBack[id]);
        var spec = await server.Client.DescribeCollectionFullAsync(bytes);
        Assert.Equal((MilvusDataType.BinaryVector, 512, "HAMMING"), (spec.Field("embedding")!.DataType, spec.Field("embedding")!.Dimension!.Value, spec.Indexes[0].MetricType));
    }

    [Fact]
    public async Task AnnBenchmarksTrainGetsCosineAndScalarsBecomeFields()
    {
        string ann = Schemas.UniqueName("h2m_ann");
        await Import("ann_angular", ann);
        Assert.Equal("COSINE", (await server.Client.DescribeIndexesAsync(ann))[0].MetricType);
        Assert.Equal(2500, await server.Client.CountAsync(ann));

        string scalars = Schemas.UniqueName("h2m_scalars");
        await Import("scalars", scalars, read: new Hdf5ReadOptions { ScalarDatasets = ["year", "title"], MetricType = "IP" });
        var page = await server.Client.QueryAsync(scalars, new QueryOptions { Expression = "year == 1942", OutputFields = ["title"] });
        Assert.Equal("title 42 é", ((ScalarColumn<string>)page.Batch!["title"]!).Values.Single());
    }
}

/// <summary>What Hdf5FileWriter writes, Hdf5VectorSource reads back with the same schema, values and nulls.</summary>
public sealed class Hdf5RoundTripTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("milvusdm-h5rt").FullName;

    [Fact]
    public async Task EveryWritableFieldComesBackWithItsTypeAndNulls()
    {
        var valid = new[] { true, false, true };
        var batch = new VectorBatch([
            new ScalarColumn<string>("key", MilvusDataType.VarChar, ["a", "b", "c"]),
            new FloatVectorColumn("vec", 2, [1, 2, 3, 4, 5, 6]),
            new ScalarColumn<int>("i32", MilvusDataType.Int32, [1, -2, 3]),
            new ScalarColumn<bool>("flag", MilvusDataType.Bool, [true, false, true]),
            new ScalarColumn<float>("f", MilvusDataType.Float, [0.5f, 1.5f, 2.5f]),
            new ScalarColumn<string>("j", MilvusDataType.Json, ["{\"a\":1}", "[]", "null"]),
            new ScalarColumn<long>("maybe", MilvusDataType.Int64, [7, 0, 9], valid),
        ]);
        var spec = MilvusDM.Core.Model.BatchSchema.Infer(batch, "rt", "key");
        string path = Path.Combine(_dir, "rt.h5");
        using (var w = new Hdf5FileWriter(path, spec, 3, "COSINE"))
        {
            w.Write(batch.Slice(2, 1), 2);   // out of order on purpose
            w.Write(batch.Slice(0, 2), 0);
            w.Complete(overwrite: false);
        }
        var source = new Hdf5VectorSource(path);
        var back = await source.DescribeAsync(CancellationToken.None);
        Assert.Equal("COSINE", source.MetricType);
        Assert.Equal(spec.Fields.Select(f => (f.Name, f.DataType, f.IsNullable)), back.Fields.Select(f => (f.Name, f.DataType, f.IsNullable)));
        var rows = new List<VectorBatch>();
        await foreach (var b in source.ReadAsync(null, 10, CancellationToken.None)) rows.Add(b);
        var read = Assert.Single(rows);
        foreach (var column in batch.Columns)
            for (int i = 0; i < 3; i++)
                MilvusDM.Core.Tests.Milvus.AllTypesRoundTripTests.AssertValueEqual(column.GetValue(i), read[column.Name]!.GetValue(i), $"{column.Name}[{i}]");
    }

    [Fact]
    public void AnIncompleteFileIsNeverLeftUnderItsName()
    {
        string path = Path.Combine(_dir, "short.h5");
        var spec = MilvusDM.Core.Model.BatchSchema.Infer(Schemas.SimpleBatch(0, 2), "s");
        using (var w = new Hdf5FileWriter(path, spec, 5, null))
        {
            w.Write(Schemas.SimpleBatch(0, 2), 0);
            Assert.Equal("Hdf5RowCountMismatch", Assert.Throws<MilvusDM.Core.Errors.MilvusDMException>(() => w.Complete(false)).ErrorId);
        }
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
