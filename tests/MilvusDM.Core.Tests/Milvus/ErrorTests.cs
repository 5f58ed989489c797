using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;
using MilvusDM.TestServer;

namespace MilvusDM.Core.Tests.Milvus;

/// <summary>Each failure becomes the right MilvusDM exception carrying Milvus's code and reason.</summary>
public sealed class ErrorTests(SharedServerFixture fx) : IClassFixture<SharedServerFixture>
{
    [Fact]
    public async Task UnknownCollection()
    {
        // Milvus 2.6's (cached) DescribeCollection answers a missing collection with code 0 and the legacy CollectionNotExists.
        var e = await Assert.ThrowsAsync<MilvusServerException>(() => fx.Client.DescribeCollectionAsync("does_not_exist"));
        Assert.Equal((0, 4, "DescribeCollection", MilvusDMErrorKind.NotFound, "MilvusCollectionNotFound"), (e.Code, e.LegacyErrorCode, e.Rpc, e.Kind, e.ErrorId));
        Assert.Equal("can't find collection[database=default][collection=does_not_exist]", e.Reason);
        Assert.NotNull(e.RecommendedAction);
    }

    [Fact]
    public async Task WrongDimension()
    {
        string name = Schemas.UniqueName("dim");
        await fx.Client.CreateCollectionAsync(Schemas.Simple(name, dim: 8));
        // 4 rows of dim 4 are 16 floats, a multiple of 8: Milvus then reports the dimension (1100). (12 floats would
        // fail its divisibility check first, a plain error: 65535 "the length(12) of float data should divide the dim(8)".)
        var e = await Assert.ThrowsAsync<MilvusServerException>(() => fx.Client.InsertAsync(name, Schemas.SimpleBatch(0, 4, dim: 4)));
        Assert.Equal((1100, 5, MilvusDMErrorKind.InvalidArgument), (e.Code, e.LegacyErrorCode, e.Kind));
        Assert.Contains("the dim (4) of field data(embedding) is not equal to schema dim (8)", e.Reason);
    }

    [Fact]
    public async Task WrongRowCount()
    {
        string name = Schemas.UniqueName("rows");
        await fx.Client.CreateCollectionAsync(Schemas.Simple(name, dim: 2));
        var batch = Schemas.SimpleBatch(0, 3, dim: 2);
        var fields = batch.Columns.Select(c => FieldDataConverter.ToWire(c));
        var e = await Assert.ThrowsAsync<MilvusServerException>(() => fx.Client.WriteAsync(WireMethods.Insert, name, null, fields, 4, CancellationToken.None));
        Assert.Equal(1100, e.Code);
        Assert.Contains("num_rows", e.Reason);
    }

    [Fact]
    public async Task MissingFieldAndVarCharTooLongInBytes()
    {
        string name = Schemas.UniqueName("vc");
        await fx.Client.CreateCollectionAsync(new CollectionSpec
        {
            Name = name,
            Fields =
            [
                new FieldSpec { Name = "id", DataType = MilvusDataType.Int64, IsPrimaryKey = true },
                new FieldSpec { Name = "title", DataType = MilvusDataType.VarChar, MaxLength = 4 },
                new FieldSpec { Name = "v", DataType = MilvusDataType.FloatVector, Dimension = 2 },
            ],
        });
        var missing = await Assert.ThrowsAsync<MilvusServerException>(() => fx.Client.InsertAsync(name, new VectorBatch([
            new ScalarColumn<long>("id", MilvusDataType.Int64, [1]), new FloatVectorColumn("v", 2, [1, 2])])));
        Assert.Equal("fieldSchema(title) has no corresponding fieldData pass in: invalid parameter", missing.Reason);
        // "éé" is 2 characters but 4 UTF-8 bytes: fits; "ééé" is 6 bytes: rejected.
        await fx.Client.InsertAsync(name, new VectorBatch([
            new ScalarColumn<long>("id", MilvusDataType.Int64, [1]), new ScalarColumn<string>("title", MilvusDataType.VarChar, ["éé"]), new FloatVectorColumn("v", 2, [1, 2])]));
        var tooLong = await Assert.ThrowsAsync<MilvusServerException>(() => fx.Client.InsertAsync(name, new VectorBatch([
            new ScalarColumn<long>("id", MilvusDataType.Int64, [2]), new ScalarColumn<string>("title", MilvusDataType.VarChar, ["ééé"]), new FloatVectorColumn("v", 2, [1, 2])])));
        Assert.Contains("length: 6, max length: 4", tooLong.Reason);
        var nan = await Assert.ThrowsAsync<MilvusServerException>(() => fx.Client.InsertAsync(name, new VectorBatch([
            new ScalarColumn<long>("id", MilvusDataType.Int64, [3]), new ScalarColumn<string>("title", MilvusDataType.VarChar, ["a"]), new FloatVectorColumn("v", 2, [float.NaN, 2])])));
        Assert.Equal((65535, "value 'NaN' is not a number or infinity"), (nan.Code, nan.Reason));
    }

    [Fact]
    public async Task OversizedRequestIsRejectedByTheSizeLimit()
    {
        await using var server = await TestServers.StartAsync(new TestServerOptions { MaxReceiveMessageBytes = 1 << 20, FlushMinInterval = TimeSpan.Zero });
        using var client = TestServers.Client(server);
        string name = Schemas.UniqueName("big");
        await client.CreateCollectionAsync(Schemas.Simple(name, dim: 128));
        var e = await Assert.ThrowsAsync<MilvusServerException>(() => client.InsertAsync(name, Schemas.SimpleBatch(0, 4000, dim: 128)));
        Assert.Equal(("ResourceExhausted", MilvusDMErrorKind.RequestTooLarge, "MilvusRequestTooLarge"), (e.TransportStatus, e.Kind, e.ErrorId));
    }

    [Fact]
    public async Task RateLimitIsRetriedUntilItSucceeds()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        string name = Schemas.UniqueName("rl");
        await client.CreateCollectionAsync(Schemas.Simple(name));
        server.Faults.RateLimitWrites(1, 2);
        var retries = new List<RetryEventArgs>();
        client.RetryAttempted += (_, e) => retries.Add(e);
        var r = await client.InsertAsync(name, Schemas.SimpleBatch(0, 5));
        Assert.Equal(5, r.InsertCount);
        Assert.Equal(2, retries.Count);
        Assert.All(retries, e => Assert.Equal((8, 49, "Insert"), (e.Failure.Code, e.Failure.LegacyErrorCode, e.Rpc)));
        Assert.Equal(3, server.Faults.WriteCalls);
        Assert.Equal(1, server.Faults.AcceptedWrites);
    }

    [Fact]
    public async Task RateLimitBeyondTheBudgetSurfaces()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server, retry: new RetryPolicy(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)));
        string name = Schemas.UniqueName("rl2");
        await client.CreateCollectionAsync(Schemas.Simple(name));
        server.Faults.RateLimitWrites(1, 2, 3);
        var e = await Assert.ThrowsAsync<MilvusServerException>(() => client.InsertAsync(name, Schemas.SimpleBatch(0, 5)));
        Assert.Equal((8, MilvusDMErrorKind.RateLimited, "MilvusRateLimited"), (e.Code, e.Kind, e.ErrorId));
        Assert.Equal(3, server.Faults.WriteCalls);
    }

    [Fact]
    public async Task UnavailableBeyondTheRetryBudget()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server, retry: new RetryPolicy(4, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)));
        string name = Schemas.UniqueName("unavail");
        await client.CreateCollectionAsync(Schemas.Simple(name));
        server.Faults.UnavailableAfterWrites = 1;
        await client.InsertAsync(name, Schemas.SimpleBatch(0, 5));
        var e = await Assert.ThrowsAsync<MilvusServerException>(() => client.InsertAsync(name, Schemas.SimpleBatch(5, 5)));
        Assert.Equal(("Unavailable", MilvusDMErrorKind.Connection, "MilvusUnavailable"), (e.TransportStatus, e.Kind, e.ErrorId));
        Assert.Equal(5, server.Faults.WriteCalls);   // 1 accepted + 4 attempts
    }

    [Fact]
    public async Task UnreachableServerIsAConnectionError()
    {
        using var client = new MilvusClient(new MilvusConnectionOptions
        {
            Uri = "http://127.0.0.1:1",
            Retry = new RetryPolicy(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)),
        });
        var e = await Assert.ThrowsAsync<MilvusServerException>(() => client.ConnectAsync());
        Assert.Equal(MilvusDMErrorKind.Connection, e.Kind);
        Assert.Contains("127.0.0.1:1", e.RecommendedAction);
    }

    [Fact]
    public async Task CancellationIsNotAnError()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        server.Faults.ResponseDelay = TimeSpan.FromSeconds(5);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListCollectionsAsync(cts.Token));
    }
}
