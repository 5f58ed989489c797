using MilvusDM.Core.Faiss;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Faiss;

/// <summary>F2M end to end: what lands in the (test) Milvus server equals the Faiss file, ids and vectors.</summary>
public sealed class FaissImportTests(FaissFixtures faiss, SharedServerFixture server) : IClassFixture<FaissFixtures>, IClassFixture<SharedServerFixture>
{
    private Task<TransferResult> Import(string file, string collection, WriteMode mode = WriteMode.Append, string? partition = null, bool lossy = false) =>
        FaissImport.RunAsync(server.Client, faiss.Index(file), new FaissReadOptions { AllowLossy = lossy },
            new MilvusSinkOptions { CollectionName = collection, Mode = mode, PartitionName = partition, Load = true }, "HNSW",
            new TransferOptions { BatchRows = 333 }, null, CancellationToken.None);

    private async Task<Dictionary<long, object>> ReadBack(string collection, IReadOnlyList<string>? partitions = null)
    {
        var rows = new Dictionary<long, object>();
        await foreach (var page in new MilvusQueryIterator(server.Client, collection, new QueryIteratorOptions { Partitions = partitions ?? [] }).ReadAsync())
        {
            var ids = (ScalarColumn<long>)page["id"]!;
            for (int i = 0; i < page.RowCount; i++) rows.Add(ids.Values[i], page["embedding"]!.GetValue(i)!);
        }
        return rows;
    }

    [Fact]
    public async Task IdsAndFloatVectorsInMilvusEqualTheFile()
    {
        string name = Schemas.UniqueName("f2m");
        var result = await Import("idmap_ivfflat", name);
        Assert.Equal((TransferStatus.Succeeded, 1000L), (result.Status, result.Rows));
        var truth = faiss.FloatTruth("idmap_ivfflat", 16);
        var back = await ReadBack(name);
        Assert.Equal(truth.Count, back.Count);
        foreach (var (id, vector) in truth) Assert.Equal(vector, (float[])back[id]);
        var spec = await server.Client.DescribeCollectionFullAsync(name);
        Assert.False(spec.PrimaryField.AutoId);
        Assert.Equal(("HNSW", "L2"), (spec.Indexes[0].IndexType, spec.Indexes[0].MetricType));
    }

    [Fact]
    public async Task BinaryVectorsLandAsBinaryWithHamming()
    {
        string name = Schemas.UniqueName("f2mbin");
        await FaissImport.RunAsync(server.Client, faiss.Index("binary_idmap"), new FaissReadOptions(),
            new MilvusSinkOptions { CollectionName = name, Load = true }, null, new TransferOptions(), null, CancellationToken.None);
        var truth = faiss.BinaryTruth("binary_idmap", 8);
        var back = await ReadBack(name);
        foreach (var (id, vector) in truth) Assert.Equal(vector, (byte[])back[id]);
        var spec = await server.Client.DescribeCollectionFullAsync(name);
        Assert.Equal((MilvusDataType.BinaryVector, 64, "HAMMING"), (spec.Field("embedding")!.DataType, spec.Field("embedding")!.Dimension!.Value, spec.Indexes[0].MetricType));
    }

    [Fact]
    public async Task PartitionsAndModes()
    {
        string name = Schemas.UniqueName("f2mpart");
        Assert.Equal(TransferStatus.Succeeded, (await Import("flat_l2", name, partition: "part_a")).Status);
        Assert.Equal(1000, (await ReadBack(name, ["part_a"])).Count);
        Assert.Equal(TransferStatus.Skipped, (await Import("flat_ip", name, WriteMode.Skip)).Status);
        var appended = await Import("pq", name, WriteMode.Append, lossy: true);   // same schema, same keys: appended
        Assert.Equal(TransferStatus.Succeeded, appended.Status);
        Assert.Contains(appended.Notes, n => n.Contains("reconstruction"));
        var overwritten = await Import("sq_8bit_direct", name, WriteMode.Overwrite);
        Assert.Equal(TransferStatus.Succeeded, overwritten.Status);
        var truth = faiss.FloatTruth("sq_8bit_direct", 16);
        var back = await ReadBack(name);
        Assert.Equal(truth.Count, back.Count);
        foreach (var (id, vector) in truth) Assert.Equal(vector, (float[])back[id]);
    }
}
