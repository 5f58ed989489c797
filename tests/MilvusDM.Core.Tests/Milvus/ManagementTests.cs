using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;

namespace MilvusDM.Core.Tests.Milvus;

/// <summary>Partitions, indexes, aliases, databases, load state, upsert and delete semantics.</summary>
public sealed class ManagementTests(SharedServerFixture fx) : IClassFixture<SharedServerFixture>
{
    [Fact]
    public async Task PartitionsHoldTheirOwnRowsAndCountsFollowThem()
    {
        var c = fx.Client;
        string name = Schemas.UniqueName("parts");
        await c.CreateCollectionAsync(Schemas.Simple(name));
        await c.CreatePartitionAsync(name, "p1");
        await c.CreatePartitionAsync(name, "p1");   // idempotent
        Assert.True(await c.HasPartitionAsync(name, "p1"));
        Assert.False(await c.HasPartitionAsync(name, "nope"));
        Assert.Equal(["_default", "p1"], await c.ListPartitionsAsync(name));
        await c.InsertAsync(name, Schemas.SimpleBatch(0, 10));
        await c.InsertAsync(name, Schemas.SimpleBatch(100, 5), "p1");
        var e = await Assert.ThrowsAsync<MilvusServerException>(() => c.InsertAsync(name, Schemas.SimpleBatch(200, 1), "p2"));
        Assert.Equal(MilvusErrorCodes.PartitionNotFound, e.Code);
        Assert.Equal("MilvusPartitionNotFound", e.ErrorId);

        await c.FlushAsync([name]);
        Assert.Equal(5, await c.GetPartitionRowCountAsync(name, "p1"));
        await c.CreateIndexAsync(name, Schemas.Flat());
        await c.LoadCollectionAsync(name);
        Assert.Equal(5, await c.CountAsync(name, partitions: ["p1"]));
        Assert.Equal(15, await c.CountAsync(name));

        var drop = await Assert.ThrowsAsync<MilvusServerException>(() => c.DropPartitionAsync(name, "p1"));
        Assert.Contains("release it first", drop.Reason);
        await c.ReleaseCollectionAsync(name);
        Assert.Equal(LoadState.NotLoad, await c.GetLoadStateAsync(name));
        await c.DropPartitionAsync(name, "p1");
        Assert.Equal(["_default"], await c.ListPartitionsAsync(name));
    }

    [Fact]
    public async Task LoadNeedsAnIndexOnEveryVectorFieldAndQueryNeedsLoad()
    {
        var c = fx.Client;
        string name = Schemas.UniqueName("load");
        await c.CreateCollectionAsync(Schemas.Simple(name));
        await c.InsertAsync(name, Schemas.SimpleBatch(0, 3));
        var notLoaded = await Assert.ThrowsAsync<MilvusServerException>(() => c.CountAsync(name));
        Assert.Equal(MilvusErrorCodes.CollectionNotLoaded, notLoaded.Code);
        var noIndex = await Assert.ThrowsAsync<MilvusServerException>(() => c.LoadCollectionAsync(name));
        Assert.Equal(MilvusErrorCodes.IndexNotFound, noIndex.Code);
        Assert.Equal(25, noIndex.LegacyErrorCode);
        Assert.Empty(await c.DescribeIndexesAsync(name));

        await c.CreateIndexAsync(name, new IndexSpec { FieldName = "embedding", IndexType = "HNSW", MetricType = "COSINE", IndexName = "vec_idx", Params = new Dictionary<string, string> { ["M"] = "16" } });
        await c.CreateIndexAsync(name, new IndexSpec { FieldName = "embedding", IndexType = "HNSW", MetricType = "COSINE", IndexName = "vec_idx", Params = new Dictionary<string, string> { ["M"] = "16" } });
        var dup = await Assert.ThrowsAsync<MilvusServerException>(() => c.CreateIndexAsync(name, Schemas.Flat()));
        Assert.Equal(MilvusErrorCodes.IndexDuplicate, dup.Code);
        var idx = Assert.Single(await c.DescribeIndexesAsync(name));
        Assert.Equal(("vec_idx", "HNSW", "COSINE", "16"), (idx.IndexName, idx.IndexType, idx.MetricType, idx.Params["M"]));

        await c.LoadCollectionAsync(name);
        await c.WaitForLoadedAsync(name);
        Assert.Equal(100, await c.GetLoadingProgressAsync(name));
        var dropLoaded = await Assert.ThrowsAsync<MilvusServerException>(() => c.DropIndexAsync(name, "embedding", "vec_idx"));
        Assert.Contains("loaded collection", dropLoaded.Reason);
        await c.ReleaseCollectionAsync(name);
        await c.DropIndexAsync(name, "embedding", "vec_idx");
        Assert.Empty(await c.DescribeIndexesAsync(name));
    }

    [Fact]
    public async Task AliasesResolveAndBlockDrops()
    {
        var c = fx.Client;
        string a = Schemas.UniqueName("ca"), b = Schemas.UniqueName("cb"), alias = Schemas.UniqueName("al");
        await c.CreateCollectionAsync(Schemas.Simple(a));
        await c.CreateCollectionAsync(Schemas.Simple(b));
        await c.CreateAliasAsync(a, alias);
        Assert.Equal(a, await c.DescribeAliasAsync(alias));
        Assert.Equal([alias], await c.ListAliasesAsync(a));
        Assert.Equal([alias], (await c.DescribeCollectionAsync(a)).Aliases);
        Assert.Equal(a, (await c.DescribeCollectionAsync(alias)).Name);
        var conflict = await Assert.ThrowsAsync<MilvusServerException>(() => c.CreateAliasAsync(b, alias));
        Assert.Equal(MilvusErrorCodes.AliasAlreadyExists, conflict.Code);
        var blocked = await Assert.ThrowsAsync<MilvusServerException>(() => c.DropCollectionAsync(a));
        Assert.Contains("aliases", blocked.Reason);
        await c.AlterAliasAsync(b, alias);
        Assert.Equal(b, await c.DescribeAliasAsync(alias));
        await c.DropAliasAsync(alias);
        var gone = await Assert.ThrowsAsync<MilvusServerException>(() => c.DescribeAliasAsync(alias));
        Assert.Equal("MilvusAliasNotFound", gone.ErrorId);
        await c.DropCollectionAsync(a);
        Assert.False(await c.HasCollectionAsync(a));
    }

    [Fact]
    public async Task DatabasesIsolateCollections()
    {
        var c = fx.Client;
        string db = Schemas.UniqueName("db");
        await c.CreateDatabaseAsync(db);
        Assert.Contains(db, await c.ListDatabasesAsync());
        var other = c.WithDatabase(db);
        string name = Schemas.UniqueName("indb");
        await other.CreateCollectionAsync(Schemas.Simple(name));
        Assert.True(await other.HasCollectionAsync(name));
        Assert.False(await c.HasCollectionAsync(name));
        Assert.Equal(db, (await other.DescribeCollectionAsync(name)).DatabaseName);
        var notEmpty = await Assert.ThrowsAsync<MilvusServerException>(() => c.DropDatabaseAsync(db));
        Assert.Equal((65535, $"database:{db} not empty, must drop all collections before drop database"), (notEmpty.Code, notEmpty.Reason));
        await other.DropCollectionAsync(name);
        await c.DropDatabaseAsync(db);
        Assert.DoesNotContain(db, await c.ListDatabasesAsync());
        var missing = await Assert.ThrowsAsync<MilvusServerException>(() => c.WithDatabase("no_such_db").ListCollectionsAsync());
        Assert.Equal(MilvusErrorCodes.DatabaseNotFound, missing.Code);
    }

    [Fact]
    public async Task UpsertReplacesAndDeleteRemovesByKey()
    {
        var c = fx.Client;
        string name = Schemas.UniqueName("upsert");
        await c.CreateCollectionAsync(Schemas.Simple(name, dim: 2));
        await c.CreateIndexAsync(name, Schemas.Flat());
        await c.LoadCollectionAsync(name);
        var inserted = await c.InsertAsync(name, Schemas.SimpleBatch(0, 10, dim: 2));
        Assert.Equal(10, inserted.InsertCount);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), inserted.IntIds!);

        var replacement = new VectorBatch([
            new ScalarColumn<long>("id", MilvusDataType.Int64, [3, 4, 20]),
            new FloatVectorColumn("embedding", 2, [-1, -1, -2, -2, -3, -3]),
        ]);
        var upserted = await c.UpsertAsync(name, replacement);
        Assert.Equal(3, upserted.UpsertCount);
        Assert.Equal(11, await c.CountAsync(name));
        var page = await c.QueryAsync(name, new QueryOptions { Expression = "id in [3, 20]", OutputFields = ["embedding"] });
        Assert.Equal(new float[] { -1, -1, -3, -3 }, ((FloatVectorColumn)page.Batch!["embedding"]!).Data);

        var deleted = await c.DeleteAsync(name, ExpressionLiterals.InList("id", [1L, 2L, 3L, 999L]));
        Assert.Equal(3, deleted.DeleteCount);
        Assert.Equal(8, await c.CountAsync(name));
        Assert.Equal(0, await c.CountAsync(name, "id in [1, 2, 3]"));
        Assert.Equal(2, await c.CountAsync(name, "id >= 8 and id < 20"));
    }

    [Fact]
    public async Task AutoIdAssignsKeysAndRejectsGivenOnes()
    {
        var c = fx.Client;
        string name = Schemas.UniqueName("auto");
        await c.CreateCollectionAsync(Schemas.Simple(name, autoId: true));
        var batch = Schemas.SimpleBatch(0, 4);
        var rejected = await Assert.ThrowsAsync<MilvusServerException>(() => c.InsertAsync(name, batch));
        Assert.Equal(MilvusErrorCodes.ParameterInvalid, rejected.Code);
        var ok = await c.InsertAsync(name, batch.WithoutColumns(["id"]));
        Assert.Equal(4, ok.IntIds!.Distinct().Count());
        await c.AlterCollectionPropertiesAsync(name, new Dictionary<string, string> { ["allow_insert_auto_id"] = "true" });
        var kept = await c.InsertAsync(name, Schemas.SimpleBatch(500, 2));
        Assert.Equal([500L, 501L], kept.IntIds!);
        Assert.Equal("true", (await c.DescribeCollectionAsync(name)).Properties["allow_insert_auto_id"]);
    }

    [Fact]
    public async Task ServerIdentifiesItselfAndIsHealthy()
    {
        var info = await fx.Client.ConnectAsync();
        Assert.True(info.SupportsConnect);
        Assert.StartsWith("v2.", info.Version);
        Assert.NotEqual(0, info.Identifier);
        Assert.Equal(info.Version, await fx.Client.GetVersionAsync());
        Assert.True((await fx.Client.CheckHealthAsync()).IsHealthy);
        Assert.True(await fx.Client.AllocTimestampAsync() > 0);
    }
}
