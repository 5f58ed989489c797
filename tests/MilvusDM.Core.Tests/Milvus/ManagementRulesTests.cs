using Milvus.Client.Grpc;
using MilvusDM.Core.Tests.Support;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;
using Status = Milvus.Client.Grpc.Status;

namespace MilvusDM.Core.Tests.Milvus;

/// <summary>
/// The test server refuses the management requests Milvus 2.6 refuses (rootcoord meta_table.go CheckIfAlias*/CheckIfDatabaseDroppable,
/// datacoord index_service.go DropIndex, proxy task.go dropPartitionTask), with Milvus's code and reason.
/// </summary>
public sealed class ManagementRulesTests(SharedServerFixture fx) : IClassFixture<SharedServerFixture>
{
    private static void Is(Status s, int code, int legacy, string reason) =>
        Assert.Equal((code, legacy, reason), (s.Code, (int)s.ErrorCode, s.Reason));

    private async Task<string> CreateAsync(RawMilvus raw, string prefix)
    {
        string name = Schemas.UniqueName(prefix);
        RawMilvus.Ok(await raw.CreateCollectionAsync(W.Schema(name, W.Pk(), W.Vector())));
        return name;
    }

    private static CreateIndexRequest Index(string collection, string field, string name, string type = "FLAT")
    {
        var r = new CreateIndexRequest { CollectionName = collection, FieldName = field, IndexName = name };
        r.ExtraParams.Add(new KeyValuePair { Key = "index_type", Value = type });
        if (field == "v") r.ExtraParams.Add(new KeyValuePair { Key = "metric_type", Value = "L2" });
        return r;
    }

    [Fact]
    public async Task DropAliasOfAMissingAliasIsAliasNotFound()
    {
        using var raw = new RawMilvus(fx.Server);
        Is(await raw.Grpc.DropAliasAsync(new DropAliasRequest { Alias = "no_such_alias" }), 1600, 1, "alias not found[database=default][alias=no_such_alias]");
    }

    [Fact]
    public async Task AlterAliasChecksConflictThenTargetThenAlias()
    {
        using var raw = new RawMilvus(fx.Server);
        string a = await CreateAsync(raw, "alter_a"), b = await CreateAsync(raw, "alter_b");
        Is(await raw.Grpc.AlterAliasAsync(new AlterAliasRequest { Alias = b, CollectionName = a }), 1601, 1, $"alias and collection name conflict[database=default][alias={b}]");
        Is(await raw.Grpc.AlterAliasAsync(new AlterAliasRequest { Alias = "al_x", CollectionName = "no_such" }), 100, 4, "collection not found[collection=no_such]");
        Is(await raw.Grpc.AlterAliasAsync(new AlterAliasRequest { Alias = "al_x", CollectionName = a }), 1600, 1, "alias not found[database=default][alias=al_x]");
    }

    [Fact]
    public async Task DropDatabaseRefusesMissingDefaultAndNonEmpty()
    {
        using var raw = new RawMilvus(fx.Server);
        Is(await raw.Grpc.DropDatabaseAsync(new DropDatabaseRequest { DbName = "no_such_db" }), 800, 1, "database not found[database=no_such_db]");
        Is(await raw.Grpc.DropDatabaseAsync(new DropDatabaseRequest { DbName = "default" }), 65535, 1, "can not drop default database");
        string db = Schemas.UniqueName("dropdb");
        RawMilvus.Ok(await raw.Grpc.CreateDatabaseAsync(new CreateDatabaseRequest { DbName = db }));
        using var inDb = new RawMilvus(fx.Server, dbHeader: db);
        RawMilvus.Ok(await inDb.CreateCollectionAsync(W.Schema("c", W.Pk(), W.Vector())));
        Is(await raw.Grpc.DropDatabaseAsync(new DropDatabaseRequest { DbName = db }), 65535, 1, $"database:{db} not empty, must drop all collections before drop database");
    }

    [Fact]
    public async Task DescribeDatabaseReturnsPropertiesOrNotFound()
    {
        using var raw = new RawMilvus(fx.Server);
        string db = Schemas.UniqueName("descdb");
        var create = new CreateDatabaseRequest { DbName = db };
        create.Properties.Add(new KeyValuePair { Key = "database.replica.number", Value = "1" });
        RawMilvus.Ok(await raw.Grpc.CreateDatabaseAsync(create));
        var r = await raw.Grpc.DescribeDatabaseAsync(new DescribeDatabaseRequest { DbName = db });
        RawMilvus.Ok(r.Status);
        Assert.Equal((db, "database.replica.number", "1"), (r.DbName, r.Properties.Single().Key, r.Properties.Single().Value));
        Is((await raw.Grpc.DescribeDatabaseAsync(new DescribeDatabaseRequest { DbName = "no_such_db" })).Status, 800, 1, "database not found[database=no_such_db]");
    }

    [Fact]
    public async Task DropIndexGoesByIndexNameOnly()
    {
        using var raw = new RawMilvus(fx.Server);
        string name = Schemas.UniqueName("dropidx");
        RawMilvus.Ok(await raw.CreateCollectionAsync(W.Schema(name, W.Pk(), W.Vector(), W.Field("n", DataType.Int64))));
        RawMilvus.Ok(await raw.Grpc.CreateIndexAsync(Index(name, "v", "vi")));
        RawMilvus.Ok(await raw.Grpc.CreateIndexAsync(Index(name, "n", "ni", "STL_SORT")));
        // No index name: every index matches, which is ambiguous (field_name is not looked at).
        Is(await raw.Grpc.DropIndexAsync(new DropIndexRequest { CollectionName = name, FieldName = "n" }), 702, 1, "index duplicates[indexName=]");
        RawMilvus.Ok(await raw.Grpc.DropIndexAsync(new DropIndexRequest { CollectionName = name, IndexName = "no_such" }));   // nothing matches: success
        RawMilvus.Ok(await raw.Grpc.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = name }));
        var id = (await raw.Grpc.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = name })).CollectionID;
        Is(await raw.Grpc.DropIndexAsync(new DropIndexRequest { CollectionName = name, IndexName = "vi" }), 1100, 5, $"vector index cannot be dropped on loaded collection: {id}: invalid parameter");
        RawMilvus.Ok(await raw.Grpc.DropIndexAsync(new DropIndexRequest { CollectionName = name, IndexName = "ni" }));   // a scalar index may go
    }

    [Fact]
    public async Task DropPartitionRefusesLoadedAndDefault()
    {
        using var raw = new RawMilvus(fx.Server);
        string name = await CreateAsync(raw, "droppart");
        RawMilvus.Ok(await raw.Grpc.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = name, PartitionName = "p1" }));
        Is(await raw.Grpc.DropPartitionAsync(new DropPartitionRequest { CollectionName = name, PartitionName = "_default" }), 65535, 1, "default partition cannot be deleted");
        RawMilvus.Ok(await raw.Grpc.CreateIndexAsync(Index(name, "v", "vi")));
        RawMilvus.Ok(await raw.Grpc.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = name }));
        Is(await raw.Grpc.DropPartitionAsync(new DropPartitionRequest { CollectionName = name, PartitionName = "p1" }), 65535, 1,
            "partition cannot be dropped, partition is loaded, please release it first");
    }

    [Fact]
    public async Task DropCollectionWithAliasesIsRefused()
    {
        using var raw = new RawMilvus(fx.Server);
        string name = await CreateAsync(raw, "dropaliased");
        string alias = Schemas.UniqueName("al");
        RawMilvus.Ok(await raw.Grpc.CreateAliasAsync(new CreateAliasRequest { CollectionName = name, Alias = alias }));
        Is(await raw.Grpc.DropCollectionAsync(new DropCollectionRequest { CollectionName = name }), 65535, 1,
            $"unable to drop the collection [{name}] because it has associated aliases [{alias}], please remove all aliases before dropping the collection");
        Is(await raw.Grpc.DropCollectionAsync(new DropCollectionRequest { CollectionName = alias }), 65535, 1, $"cannot drop the collection via alias = {alias}");
    }
}
