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
