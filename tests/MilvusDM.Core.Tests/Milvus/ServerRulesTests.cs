using Grpc.Core;
using Milvus.Client.Grpc;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Milvus.Wire;
using MilvusDM.Core.Tests.Support;
using MilvusDM.TestServer;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;
using Status = Milvus.Client.Grpc.Status;

namespace MilvusDM.Core.Tests.Milvus;

/// <summary>
/// The test server refuses what Milvus 2.6's proxy refuses, with Milvus's code and reason (internal/proxy
/// validate_util.go, util.go, task*.go; pkg/util/merr). Bad requests go out on the raw paths: hand-built
/// FieldDataOut columns on Insert, and the generated MilvusService client.
/// </summary>
public sealed class ServerRulesTests(SharedServerFixture fx) : IClassFixture<SharedServerFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<MilvusServerException> InsertFails(string collection, uint rows, params FieldDataOut[] fields) =>
        await Assert.ThrowsAsync<MilvusServerException>(() => fx.Client.WriteAsync(WireMethods.Insert, collection, null, fields, rows, None));

    private static void Is(MilvusServerException e, int code, int legacy, string reason) =>
        Assert.Equal((code, legacy, reason), (e.Code, e.LegacyErrorCode, e.Reason));

    private static void Is(Status s, int code, int legacy, string reason) =>
        Assert.Equal((code, legacy, reason), (s.Code, (int)s.ErrorCode, s.Reason));

    private async Task<string> CreateAsync(string prefix, params FieldSchema[] fields)
    {
        string name = Schemas.UniqueName(prefix);
        using var raw = new RawMilvus(fx.Server);
        RawMilvus.Ok(await raw.CreateCollectionAsync(W.Schema(name, fields)));
        return name;
    }

    private static FieldSchema WithDefault(FieldSchema f, ValueField v)
    {
        f.DefaultValue = v;
        return f;
    }

    private static FieldSchema Nullable(FieldSchema f)
    {
        f.Nullable = true;
        return f;
    }

    // ---- valid_data ----

    [Fact]
    public async Task DefaultedColumnWithoutValidDataIsRefused()
    {
        string name = await CreateAsync("dflt", W.Pk(), WithDefault(W.Field("n", DataType.Int64), new ValueField { LongData = 7 }), W.Vector());
        var e = await InsertFails(name, 3, W.Longs("id", W.Ids(3)), W.Longs("n", [1, 2, 3]), W.Floats("v", 2, W.Vectors(3, 2)));
        Is(e, 1100, 5, "the length of valid_data of field(n) is wrong: invalid parameter[expected=3][actual=0]");
        var shortFlags = await InsertFails(name, 3, W.Longs("id", W.Ids(3)), W.Longs("n", [1, 2], [true, true]), W.Floats("v", 2, W.Vectors(3, 2)));
        Is(shortFlags, 1100, 5, "the length of valid_data of field(n) is wrong: invalid parameter[expected=3][actual=2]");
    }

    [Fact]
    public async Task NullableColumnWithoutValidDataIsRefused()
    {
        string name = await CreateAsync("nul", W.Pk(), Nullable(W.Field("n", DataType.Int64)), W.Vector());
        var e = await InsertFails(name, 3, W.Longs("id", W.Ids(3)), W.Longs("n", [1, 2, 3]), W.Floats("v", 2, W.Vectors(3, 2)));
        Is(e, 1100, 5, "the length of valid_data of field(n) is wrong: invalid parameter[expected=3][actual=0]");
    }

    [Fact]
    public async Task NullableDataMustHoldOneValuePerTrueFlag()
    {
        string name = await CreateAsync("cmp", W.Pk(), Nullable(W.Field("n", DataType.Int64)), W.Vector());
        var dense = await InsertFails(name, 3, W.Longs("id", W.Ids(3)), W.Longs("n", [1, 2, 3], [true, false, true]), W.Floats("v", 2, W.Vectors(3, 2)));
        Is(dense, 1100, 5, "the length of field is wrong: invalid parameter[expected=2][actual=3]");
        // The same rule for a defaulted field.
        string d = await CreateAsync("cmpd", W.Pk(), WithDefault(W.Field("n", DataType.Int64), new ValueField { LongData = 7 }), W.Vector());
        var e = await InsertFails(d, 3, W.Longs("id", W.Ids(3)), W.Longs("n", [1], [true, false, true]), W.Floats("v", 2, W.Vectors(3, 2)));
        Is(e, 1100, 5, "the length of field is wrong: invalid parameter[expected=2][actual=1]");
    }

    [Fact]
    public async Task ValidDataOnAFieldNeitherNullableNorDefaultedIsRefused()
    {
        string name = await CreateAsync("plain", W.Pk(), W.Field("n", DataType.Int64), W.Vector());
        var withFalse = await InsertFails(name, 3, W.Longs("id", W.Ids(3)), W.Longs("n", [1, 3], [true, false, true]), W.Floats("v", 2, W.Vectors(3, 2)));
        Is(withFalse, 1100, 5, "the length of valid_data of field(n) is wrong: invalid parameter[expected=0][actual=3]");
        // nullutil.CheckValidData expects no flags at all there: all-true flags are refused too, on vectors as well.
        var allTrue = await InsertFails(name, 3, W.Longs("id", W.Ids(3)), W.Longs("n", [1, 2, 3]), W.Floats("v", 2, W.Vectors(3, 2), [true, true, true]));
        Is(allTrue, 1100, 5, "the length of valid_data of field(v) is wrong: invalid parameter[expected=0][actual=3]");
    }

    [Fact]
    public async Task CompactDefaultedAndNullableColumnsAreFilled()
    {
        using var raw = new RawMilvus(fx.Server);
        string name = Schemas.UniqueName("fill");
        await raw.CreateLoadedAsync(W.Schema(name, W.Pk(), WithDefault(W.Field("n", DataType.Int64), new ValueField { LongData = 7 }),
            Nullable(W.Field("m", DataType.VarChar, ("max_length", "8"))), W.Vector()));
        await fx.Client.WriteAsync(WireMethods.Insert, name, null,
            [W.Longs("id", W.Ids(3)), W.Longs("n", [1, 3], [true, false, true]), W.Strings("m", DataType.VarChar, ["b"], [false, true, false]), W.Floats("v", 2, W.Vectors(3, 2))], 3, None);
        var r = await raw.QueryAsync(name, "id >= 0", ["n", "m"]);
        RawMilvus.Ok(r.Status);
        Assert.Equal([1L, 7, 3], W.Column(r, "n").Scalars.LongData.Data);
        Assert.Empty(W.Column(r, "n").ValidData);   // a defaulted (non-nullable) field carries no flags in results
        Assert.Equal(["", "b", ""], W.Column(r, "m").Scalars.StringData.Data);
        Assert.Equal([false, true, false], W.Column(r, "m").ValidData);
        // A left-out nullable/defaulted column is filled with nulls/defaults.
        await fx.Client.WriteAsync(WireMethods.Insert, name, null, [W.Longs("id", [10]), W.Floats("v", 2, [1, 2])], 1, None);
        var one = await raw.QueryAsync(name, "id == 10", ["n", "m"]);
        Assert.Equal([7L], W.Column(one, "n").Scalars.LongData.Data);
        Assert.Equal([false], W.Column(one, "m").ValidData);
    }

    // ---- dimensions and row counts ----

    [Fact]
    public async Task WrongDimensionNamesTheDimension()
    {
        string name = await CreateAsync("dim", W.Pk(), W.Vector("v", 8), W.Vector("b", 16, DataType.BinaryVector));
        var bits = new FieldDataOut { FieldName = "b", Type = DataType.BinaryVector, Vectors = new VectorFieldOut { Dim = 16, BinaryVector = Google.Protobuf.ByteString.CopyFrom(new byte[8]) } };
        // 4 rows of dim 4 = 16 floats: divisible by the schema dim, so the dimension check speaks.
        var e = await InsertFails(name, 4, W.Longs("id", W.Ids(4)), W.Floats("v", 4, W.Vectors(4, 4)), bits);
        Is(e, 1100, 5, "the dim (4) of field data(v) is not equal to schema dim (8): invalid parameter[expected=8][actual=4]");
        // 3 rows of dim 4 = 12 floats: GetNumRowsOfFloatVectorField fails first, a plain error.
        var odd = await InsertFails(name, 3, W.Longs("id", W.Ids(3)), W.Floats("v", 4, W.Vectors(3, 4)), bits);
        Is(odd, 65535, 1, "the length(12) of float data should divide the dim(8)");
        // Binary vectors check the dimension before the length.
        var wrongBits = new FieldDataOut { FieldName = "b", Type = DataType.BinaryVector, Vectors = new VectorFieldOut { Dim = 8, BinaryVector = Google.Protobuf.ByteString.CopyFrom(new byte[3]) } };
        var b = await InsertFails(name, 3, W.Longs("id", W.Ids(3)), W.Floats("v", 8, W.Vectors(3, 8)), wrongBits);
        Is(b, 1100, 5, "the dim (8) of field data(b) is not equal to schema dim (16): invalid parameter[expected=16][actual=8]");
    }

    [Fact]
    public async Task RowCountsMustMatchNumRows()
    {
        string name = await CreateAsync("rows", W.Pk(), W.Vector("v", 2));
        var e = await InsertFails(name, 3, W.Longs("id", W.Ids(3)), W.Floats("v", 2, W.Vectors(2, 2)));
        Is(e, 1100, 5, "the num_rows (2) of field (v) is not equal to passed num_rows (3): invalid parameter[expected=3][actual=2]");
        var zero = await InsertFails(name, 0, W.Longs("id", []), W.Floats("v", 2, []));
        Is(zero, 1100, 5, "num_rows should be greater than 0: invalid parameter[expected=invalid num_rows][actual=0]");
    }

    [Fact]
    public async Task MissingExtraAndUnknownColumnsAreRefused()
    {
        string name = await CreateAsync("cols", W.Pk(), W.Field("n", DataType.Int64), W.Vector());
        var missing = await InsertFails(name, 1, W.Longs("id", [1]), W.Floats("v", 2, [1, 2]));
        Is(missing, 1100, 5, "fieldSchema(n) has no corresponding fieldData pass in: invalid parameter");
        var unknown = await InsertFails(name, 1, W.Longs("id", [1]), W.Longs("n", [1]), W.Longs("zz", [1]), W.Floats("v", 2, [1, 2]));
        Is(unknown, 65535, 1, "fieldName zz not exist in collection schema, fieldType Int64, fieldId 0");
        var twice = await InsertFails(name, 1, W.Longs("id", [1]), W.Longs("n", [1]), W.Longs("n", [1]), W.Floats("v", 2, [1, 2]));
        Is(twice, 1100, 5, "duplicated field n found: invalid parameter");
        var nan = await InsertFails(name, 1, W.Longs("id", [1]), W.Longs("n", [1]), W.Floats("v", 2, [float.PositiveInfinity, 2]));
        Is(nan, 65535, 1, "value '+Inf' is not a number or infinity");
    }

    [Fact]
    public async Task SchemaTimestampOtherThanTheCollectionsIsASchemaMismatch()
    {
        string name = await CreateAsync("sts", W.Pk(), W.Vector());
        using var raw = new RawMilvus(fx.Server);
        var described = await raw.Grpc.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = name });
        var request = new InsertRequest { CollectionName = name, NumRows = 1, SchemaTimestamp = described.UpdateTimestamp + 1 };
        request.FieldsData.Add(new FieldData { FieldName = "id", Type = DataType.Int64, Scalars = new ScalarField { LongData = new LongArray { Data = { 1 } } } });
        request.FieldsData.Add(new FieldData { FieldName = "v", Type = DataType.FloatVector, Vectors = new VectorField { Dim = 2, FloatVector = new FloatArray { Data = { 1, 2 } } } });
        Is((await raw.Grpc.InsertAsync(request)).Status, 109, 62, $"collection schema mismatch[collection={name}]");
        request.SchemaTimestamp = described.UpdateTimestamp;
        RawMilvus.Ok((await raw.Grpc.InsertAsync(request)).Status);
    }

    [Fact]
    public async Task UpsertIntoAnAutoIdCollectionStoresTheRowUnderANewKey()
    {
        using var raw = new RawMilvus(fx.Server);
        string name = Schemas.UniqueName("upauto");
        var pk = W.Pk();
        pk.AutoID = true;
        await raw.CreateLoadedAsync(W.Schema(name, pk, W.Vector()));
        var inserted = await fx.Client.WriteAsync(WireMethods.Insert, name, null, [W.Floats("v", 2, [1, 2])], 1, None);
        long old = Assert.Single(inserted.IntIds!);
        var given = await InsertFails(name, 1, W.Longs("id", [old]), W.Floats("v", 2, [1, 2]));
        Is(given, 1100, 5, "more fieldData has pass in: invalid parameter[expected=2][actual=3]");
        var upserted = await fx.Client.WriteAsync(WireMethods.Upsert, name, null, [W.Longs("id", [old]), W.Floats("v", 2, [3, 4])], 1, None);
        long fresh = Assert.Single(upserted.IntIds!);
        Assert.NotEqual(old, fresh);
        var r = await raw.QueryAsync(name, "id >= 0", ["v"]);
        Assert.Equal([fresh], W.Column(r, "id").Scalars.LongData.Data);
        Assert.Equal([3f, 4], W.Column(r, "v").Vectors.FloatVector.Data);
    }

    // ---- names ----

    [Fact]
    public async Task CollectionNamesAreValidatedBeforeTheLookup()
    {
        using var raw = new RawMilvus(fx.Server);
        const string first = "Invalid collection name: 1bad-name.  the first character of a collection name must be an underscore or letter: invalid parameter";
        Is((await raw.Grpc.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = "1bad-name" })).Status, 1100, 5, first);
        Is((await raw.Grpc.HasCollectionAsync(new HasCollectionRequest { CollectionName = "1bad-name" })).Status, 1100, 5, first);
        Is((await raw.Grpc.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "1bad-name" })), 1100, 5, first);
        Is((await raw.QueryAsync("1bad-name", "", ["count(*)"])).Status, 1100, 5, first);
        Is((await raw.Grpc.DescribeIndexAsync(new DescribeIndexRequest { CollectionName = "bad-name" })).Status, 1100, 5,
            "Invalid collection name: bad-name.  collection name can only contain numbers, letters and underscores: invalid parameter");
        Is((await raw.Grpc.GetLoadStateAsync(new GetLoadStateRequest { CollectionName = "" })).Status, 1100, 5, "collection name should not be empty: invalid parameter");
        string tooLong = new('a', 256);
        Is((await raw.Grpc.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = tooLong })).Status, 1100, 5,
            $"Invalid collection name: {tooLong}.  the length of a collection name must be less than 255 characters: invalid parameter");
        var insert = await InsertFails("bad-name", 1, W.Longs("id", [1]));
        Is(insert, 1100, 5, "Invalid collection name: bad-name.  collection name can only contain numbers, letters and underscores: invalid parameter");
        Is(await raw.CreateCollectionAsync(W.Schema("$x", W.Pk(), W.Vector())), 1100, 5,
            "Invalid collection name: $x.  the first character of a collection name must be an underscore or letter: invalid parameter");
        Is(await raw.Grpc.CreateAliasAsync(new CreateAliasRequest { CollectionName = "c", Alias = "9a" }), 1100, 5,
            "Invalid collection alias: 9a.  the first character of a collection alias must be an underscore or letter: invalid parameter");
        // A valid name that is not there: the cached DescribeCollection answers code 0 with the legacy CollectionNotExists.
        var missing = (await raw.Grpc.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = "no_such" })).Status;
        Is(missing, 0, 4, "can't find collection[database=default][collection=no_such]");
        Assert.Equal("true", missing.ExtraInfo["is_input_error"]);
        Is((await raw.Grpc.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "no_such" })), 100, 4, "collection not found[database=default][collection=no_such]");
    }

    [Fact]
    public async Task DatabaseAndPartitionNamesAreValidated()
    {
        using var raw = new RawMilvus(fx.Server);
        Is(await raw.Grpc.CreateDatabaseAsync(new CreateDatabaseRequest { DbName = "1db" }), 802, 1,
            "the first character of a database name must be an underscore or letter: invalid database name[database=1db]");
        Is(await raw.Grpc.DropDatabaseAsync(new DropDatabaseRequest { DbName = "" }), 802, 1, "database name couldn't be empty: invalid database name[database=]");
        string name = await CreateAsync("parts", W.Pk(), W.Vector());
        // validatePartitionTag is a plain error: 65535.
        Is(await raw.Grpc.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = name, PartitionName = "p!" }), 65535, 1,
            "Invalid partition name: p!. Partition name can only contain numbers, letters and underscores.");
        Is(await raw.Grpc.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = name, PartitionName = " " }), 65535, 1,
            "Invalid partition name: . Partition name should not be empty.");
        var insert = await Assert.ThrowsAsync<MilvusServerException>(() => fx.Client.WriteAsync(WireMethods.Insert, name, "p$", [W.Longs("id", [1]), W.Floats("v", 2, [1, 2])], 1, None));
        Is(insert, 65535, 1, "Invalid partition name: p$. Partition name can only contain numbers, letters and underscores.");
        var unknown = await Assert.ThrowsAsync<MilvusServerException>(() => fx.Client.WriteAsync(WireMethods.Insert, name, "p_1", [W.Longs("id", [1]), W.Floats("v", 2, [1, 2])], 1, None));
        Is(unknown, 200, 15, "partition not found[partition=p_1]");
        // Digits and '-' pass the strict check.
        RawMilvus.Ok(await raw.Grpc.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = name, PartitionName = "2025-q1" }));
    }

    [Fact]
    public async Task ConnectChecksTheDatabaseHeader()
    {
        using var raw = new RawMilvus(fx.Server, dbHeader: "no_such_db");
        var r = await raw.Grpc.ConnectAsync(new ConnectRequest(), raw.Headers);
        Is(r.Status, 800, 1, "database not found[database=no_such_db]");
        using var ok = new RawMilvus(fx.Server);
        RawMilvus.Ok((await ok.Grpc.ConnectAsync(new ConnectRequest())).Status);
    }

    [Fact]
    public async Task NumPartitionsIsTheNumberOfPartitions()
    {
        using var raw = new RawMilvus(fx.Server);
        string name = await CreateAsync("np", W.Pk(), W.Vector());
        Assert.Equal(1, (await raw.Grpc.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = name })).NumPartitions);
        RawMilvus.Ok(await raw.Grpc.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = name, PartitionName = "p1" }));
        Assert.Equal(2, (await raw.Grpc.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = name })).NumPartitions);
        string keyed = Schemas.UniqueName("npk");
        var key = W.Field("k", DataType.Int64);
        key.IsPartitionKey = true;
        RawMilvus.Ok(await raw.CreateCollectionAsync(W.Schema(keyed, W.Pk(), key, W.Vector()), numPartitions: 5));
        Assert.Equal(5, (await raw.Grpc.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = keyed })).NumPartitions);
        var manual = await Assert.ThrowsAsync<MilvusServerException>(() => fx.Client.WriteAsync(WireMethods.Insert, keyed, "_default_0",
            [W.Longs("id", [1]), W.Longs("k", [1]), W.Floats("v", 2, [1, 2])], 1, None));
        Is(manual, 65535, 1, "not support manually specifying the partition names if partition key mode is used");
        Is(await raw.CreateCollectionAsync(W.Schema(Schemas.UniqueName("np0"), W.Pk(), W.Vector()), numPartitions: 4), 65535, 1,
            "num_partitions should only be specified with partition key field enabled");
    }

    // ---- filters ----

    [Fact]
    public async Task TypeMismatchedFiltersCannotBeParsed()
    {
        using var raw = new RawMilvus(fx.Server);
        string name = Schemas.UniqueName("flt");
        await raw.CreateLoadedAsync(W.Schema(name, W.Pk(), W.Field("s", DataType.VarChar, ("max_length", "8")), W.Field("t", DataType.Text, ("max_length", "64")), W.Vector()));
        string Reason(string expr, string inner) => $"failed to create query plan: cannot parse expression: {expr}, error: {inner}: invalid parameter";
        Is((await raw.QueryAsync(name, "id > \"abc\"", ["id"], ("limit", "5"))).Status, 1100, 5,
            Reason("id > \"abc\"", "comparisons between Int64 and VarChar are not supported"));
        Is((await raw.QueryAsync(name, "s == 5", ["id"], ("limit", "5"))).Status, 1100, 5,
            Reason("s == 5", "comparisons between VarChar and Int64 are not supported"));
        Is((await raw.QueryAsync(name, "id in [\"a\"]", ["id"], ("limit", "5"))).Status, 1100, 5,
            Reason("id in [\"a\"]", "value 'string_val:\"a\"' in list cannot be casted to Int64"));
        Is((await raw.QueryAsync(name, "nope > 1", ["id"], ("limit", "5"))).Status, 1100, 5, Reason("nope > 1", "field nope not exist"));
        Is((await raw.QueryAsync(name, "t == \"x\"", ["id"], ("limit", "5"))).Status, 1100, 5, Reason("t == \"x\"", "filter on text field (t) is not supported yet"));
        var delete = await Assert.ThrowsAsync<MilvusServerException>(() => fx.Client.DeleteAsync(name, "id == \"abc\""));
        Is(delete, 1100, 5, "failed to create delete plan: cannot parse expression: id == \"abc\", error: comparisons between Int64 and VarChar are not supported: invalid parameter");
        var all = await Assert.ThrowsAsync<MilvusServerException>(() => fx.Client.DeleteAsync(name, ""));
        Is(all, 1100, 5, "delete plan can't be empty or always true : : invalid parameter");
        // handleCompareRightValue casts the constant to the field's type: no float for an Int64 field.
        Is((await raw.QueryAsync(name, "id > 1.5", ["id"], ("limit", "5"))).Status, 1100, 5, Reason("id > 1.5", "cannot cast value to Int64, value: float_val:1.5"));
        RawMilvus.Ok((await raw.QueryAsync(name, "id > 1 or s > \"a\"", ["id"], ("limit", "5"))).Status);
    }

    [Fact]
    public async Task QueryParametersAndOutputFieldsFollowTheProxy()
    {
        using var raw = new RawMilvus(fx.Server);
        string name = Schemas.UniqueName("qp");
        await raw.CreateLoadedAsync(W.Schema(name, W.Pk(), W.Vector()));
        Is((await raw.QueryAsync(name, "", ["id"])).Status, 1100, 5, "empty expression should be used with limit: invalid parameter");
        Is((await raw.QueryAsync(name, "", ["count(*)"], ("limit", "3"))).Status, 1100, 5, "count entities with pagination is not allowed: invalid parameter");
        Is((await raw.QueryAsync(name, "", ["nope"], ("limit", "3"))).Status, 65535, 1, "field nope not exist");
        Is((await raw.QueryAsync(name, "", ["id"], ("limit", "16000"), ("offset", "1000"))).Status, 65535, 1,
            "invalid max query result window, (offset+limit) should be in range [1, 16384], but got 17000");
        Is((await raw.QueryAsync(name, "", ["id"], ("limit", "3"), ("iterator", "yes"))).Status, 1100, 5,
            "value for iterator field is invalid: invalid parameter[expected=true or false][actual=yes]");
        Is((await raw.QueryAsync(name, "", ["id"], ("limit", "3"), ("collection_id", "42"))).Status, 1100, 5,
            "Input collection id is not consistent to collectionID in the context,alias or database may have changed: invalid parameter");
        Is((await raw.QueryAsync(name, "", ["id"], ("limit", "3"), ("timezone", "Mars/Olympus"))).Status, 1100, 5,
            "unknown or invalid IANA Time Zone ID: Mars/Olympus: invalid parameter");
        Is(await raw.IndexAsync(name, "nope", ("FLAT", "L2")), 65535, 1, "cannot create index on non-exist field: nope");
    }

    // ---- schema rules ----

    [Fact]
    public async Task CreateCollectionFollowsTheProxyAndRootcoord()
    {
        using var raw = new RawMilvus(fx.Server);
        string n = Schemas.UniqueName("sch");
        var eleven = Enumerable.Range(0, 11).Select(i => W.Vector($"v{i}")).Prepend(W.Pk()).ToArray();
        Is(await raw.CreateCollectionAsync(W.Schema(n, eleven)), 65535, 1, "maximum vector field's number should be limited to 10");
        Is(await raw.CreateCollectionAsync(W.Schema(n, W.Pk())), 1100, 5, "schema does not contain vector field: invalid parameter");
        var named = new CreateCollectionRequest { CollectionName = n, Schema = Google.Protobuf.MessageExtensions.ToByteString(W.Schema(n + "x", W.Pk(), W.Vector())) };
        Is(await raw.Grpc.CreateCollectionAsync(named), 1100, 5,
            $"collection name = {n}, schema.Name={n}x: invalid parameter[expected=collection name matches schema name][actual=don't match]");
        Is(await raw.CreateCollectionAsync(W.Schema(n, W.Pk(), W.Vector("v", 1))), 65535, 1, "invalid dimension: 1. should be in range 2 ~ 32768");
        Is(await raw.CreateCollectionAsync(W.Schema(n, W.Pk(), W.Field("s", DataType.VarChar), W.Vector())), 65535, 1,
            $"type param(max_length) should be specified for the field(s) of collection {n}");
        Is(await raw.CreateCollectionAsync(W.Schema(n, W.Pk(), WithDefault(W.Field("t", DataType.Text, ("max_length", "9")), new ValueField { StringData = "x" }), W.Vector())), 1100, 5,
            "type (Text) of field (t) is not equal to the type(DataType_VarChar) of default_value: invalid parameter");
        Is(await raw.CreateCollectionAsync(W.Schema(n, W.Pk(), WithDefault(W.Field("n", DataType.Int8), new ValueField { IntData = 300 }), W.Vector())), 1100, 5,
            "default value out of range: invalid parameter[300 out of range -128 <= value <= 127]");
        var arrayVector = W.Field("av", DataType.ArrayOfVector, ("dim", "2"), ("max_capacity", "4"));
        arrayVector.ElementType = DataType.FloatVector;
        Is(await raw.CreateCollectionAsync(W.Schema(n, W.Pk(), W.Vector(), arrayVector)), 65535, 1, "array of vector can only be in the struct array field, field name: av");
        var pk = W.Pk();
        pk.Nullable = true;
        Is(await raw.CreateCollectionAsync(W.Schema(n, pk, W.Vector())), 1100, 5, "primary field not support null, type:Int64, name:id: invalid parameter");
        Is(await raw.CreateCollectionAsync(W.Schema(n, W.Pk(), W.Vector()), 0, ("collection.ttl.seconds", "soon")), 1100, 5, "collection TTL is not a valid positive integer: invalid parameter");
        Is(await raw.CreateCollectionAsync(W.Schema(n, W.Pk(), W.Vector()), 0, ("timezone", "Nowhere/Land")), 1100, 5, "unknown or invalid IANA Time Zone ID: Nowhere/Land: invalid parameter");
    }

    [Fact]
    public async Task OlderServerVersionsRefuseTwoSixFeatures()
    {
        await using var server = await TestServers.StartAsync(new TestServerOptions { Version = "v2.6.15", FlushMinInterval = TimeSpan.Zero });
        using var raw = new RawMilvus(server);
        var vector = Nullable(W.Vector());
        Is(await raw.CreateCollectionAsync(W.Schema("nv", W.Pk(), vector)), 1100, 5, "vector type not support null, type:FloatVector, name:v: invalid parameter");
        // Before v2.6.18 proxy.maxVectorFieldNum is 4; a struct's vector sub-field counts.
        var five = Enumerable.Range(0, 5).Select(i => W.Vector($"v{i}")).Prepend(W.Pk()).ToArray();
        Is(await raw.CreateCollectionAsync(W.Schema("five", five)), 65535, 1, "maximum vector field's number should be limited to 4");
        var withStruct = W.Schema("ws", [W.Pk(), .. Enumerable.Range(0, 4).Select(i => W.Vector($"v{i}"))]);
        var emb = W.Field("emb", DataType.ArrayOfVector, ("dim", "2"), ("max_capacity", "2"));
        emb.ElementType = DataType.FloatVector;
        withStruct.StructArrayFields.Add(new StructArrayFieldSchema { Name = "s", Fields = { emb } });
        Is(await raw.CreateCollectionAsync(withStruct), 65535, 1, "maximum vector field's number should be limited to 4");
        await using var old = await TestServers.StartAsync(new TestServerOptions { Version = "v2.5.14", FlushMinInterval = TimeSpan.Zero });
        using var rawOld = new RawMilvus(old);
        Is(await rawOld.CreateCollectionAsync(W.Schema("g", W.Pk(), W.Field("g", DataType.Geometry), W.Vector())), 1100, 5,
            "invalid parameter[expected=Invalid field][actual=field data type: 24 is not supported]");
        // Each 2.6 type from the release that brought it: Geometry 2.6.4, Timestamptz 2.6.6.
        await using var v263 = await TestServers.StartAsync(new TestServerOptions { Version = "v2.6.3", FlushMinInterval = TimeSpan.Zero });
        using var raw263 = new RawMilvus(v263);
        Is(await raw263.CreateCollectionAsync(W.Schema("g", W.Pk(), W.Field("g", DataType.Geometry), W.Vector())), 1100, 5,
            "invalid parameter[expected=Invalid field][actual=field data type: 24 is not supported]");
        RawMilvus.Ok(await raw263.CreateCollectionAsync(W.Schema("i8", W.Pk(), W.Field("i8", DataType.Int8Vector, ("dim", "4")))));
        await using var v265 = await TestServers.StartAsync(new TestServerOptions { Version = "v2.6.5", FlushMinInterval = TimeSpan.Zero });
        using var raw265 = new RawMilvus(v265);
        RawMilvus.Ok(await raw265.CreateCollectionAsync(W.Schema("g", W.Pk(), W.Field("g", DataType.Geometry), W.Vector())));
        Is(await raw265.CreateCollectionAsync(W.Schema("t", W.Pk(), W.Field("t", DataType.Timestamptz), W.Vector())), 1100, 5,
            "invalid parameter[expected=Invalid field][actual=field data type: 26 is not supported]");
    }
}
