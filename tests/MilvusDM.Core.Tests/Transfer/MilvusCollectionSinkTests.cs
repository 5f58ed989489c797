using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Transfer;

public sealed class MilvusCollectionSinkTests(SharedServerFixture fx) : IClassFixture<SharedServerFixture>
{
    private Task<TransferResult> Run(string name, WriteMode mode, long rows = 5000, int dim = 8, string? partition = null, bool load = false) =>
        new TransferEngine(new TransferOptions { BatchRows = 1000 }).RunAsync(
            new SyntheticVectorSource(rows, dim),
            new MilvusCollectionSink(fx.Client, new MilvusSinkOptions { CollectionName = name, Mode = mode, PartitionName = partition, Load = load }));

    [Fact]
    public async Task CreatesTheCollectionThenAppendsSkipsOverwritesAndUpserts()
    {
        string name = Schemas.UniqueName("sink");
        var created = await Run(name, WriteMode.Append, load: true);
        Assert.Equal(TransferStatus.Succeeded, created.Status);
        Assert.Contains(created.Notes, n => n.Contains("Created collection"));
        Assert.Equal(5000, await fx.Client.CountAsync(name));
        Assert.Equal(5000, await fx.Client.GetCollectionRowCountAsync(name));   // flushed at the end
        Assert.Equal("AUTOINDEX", Assert.Single(await fx.Client.DescribeIndexesAsync(name)).IndexType);

        Assert.Equal(TransferStatus.Succeeded, (await Run(name, WriteMode.Append, rows: 100)).Status);
        Assert.Equal(5100, await fx.Client.GetCollectionRowCountAsync(name));   // appended (the keys repeat: queries show the newest)

        var skipped = await Run(name, WriteMode.Skip);
        Assert.Equal(TransferStatus.Skipped, skipped.Status);
        Assert.Equal(5100, await fx.Client.GetCollectionRowCountAsync(name));

        var upserted = await Run(name, WriteMode.Upsert, rows: 300);
        Assert.Equal(TransferStatus.Succeeded, upserted.Status);
        Assert.Equal(5000, await fx.Client.CountAsync(name));

        var overwritten = await Run(name, WriteMode.Overwrite, rows: 10, load: true);
        Assert.Contains(overwritten.Notes, n => n.Contains("Dropped collection") && n.Contains("rows) and recreated it"));
        Assert.Equal(10, await fx.Client.CountAsync(name));
    }

    [Fact]
    public async Task AMismatchedCollectionIsAClearErrorNamingBothSides()
    {
        string name = Schemas.UniqueName("mismatch");
        await fx.Client.CreateCollectionAsync(Schemas.Simple(name, dim: 64));
        var result = await Run(name, WriteMode.Append, dim: 128);
        Assert.Equal(TransferStatus.Failed, result.Status);
        var e = Assert.IsType<MilvusDMException>(result.Error);
        Assert.Equal(("CollectionSchemaMismatch", MilvusDMErrorKind.SchemaMismatch), (e.ErrorId, e.Kind));
        Assert.Contains("source FloatVector(dim 128)", e.Message);
        Assert.Contains("FloatVector(dim 64)", e.Message);
        Assert.Equal(0, await fx.Client.GetCollectionRowCountAsync(name));
    }

    [Fact]
    public async Task WritesIntoAPartitionItCreates()
    {
        string name = Schemas.UniqueName("sinkpart");
        var result = await Run(name, WriteMode.Append, rows: 1234, partition: "batch_1", load: true);
        Assert.Contains(result.Notes, n => n.Contains("Created partition 'batch_1'"));
        Assert.Equal(1234, await fx.Client.CountAsync(name, partitions: ["batch_1"]));
        Assert.Equal(0, await fx.Client.CountAsync(name, partitions: ["_default"]));
    }

    [Fact]
    public async Task AutoIdCollectionsGetNewKeysAndSayso()
    {
        string name = Schemas.UniqueName("sinkauto");
        await fx.Client.CreateCollectionAsync(Schemas.Simple(name, autoId: true));
        var result = await Run(name, WriteMode.Append, rows: 500, load: true);
        Assert.Equal(TransferStatus.Succeeded, result.Status);
        Assert.Contains(result.Notes, n => n.Contains("auto-id"));
        Assert.Equal(500, await fx.Client.CountAsync(name));
        var upsert = await Run(name, WriteMode.Upsert, rows: 5);
        Assert.Equal("UpsertIntoAutoIdCollection", Assert.IsType<MilvusDMException>(upsert.Error).ErrorId);
    }

    [Fact]
    public async Task ARejectedBatchFailsTheTransfer()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server, retry: new Core.Milvus.RetryPolicy(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)));
        server.Faults.UnavailableAfterWrites = 3;
        var result = await new TransferEngine(new TransferOptions { BatchRows = 100, ThrottleLimit = 1 }).RunAsync(
            new SyntheticVectorSource(10_000, 4), new MilvusCollectionSink(client, new MilvusSinkOptions { CollectionName = "rejected" }));
        Assert.Equal(TransferStatus.Failed, result.Status);
        Assert.Equal("MilvusUnavailable", Assert.IsType<MilvusServerException>(result.Error).ErrorId);
        Assert.Equal(300, result.Rows);
        Assert.Equal(300, result.Checkpoint!.RowsCommitted);
    }
}
