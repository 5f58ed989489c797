using Google.Protobuf;
using Milvus.Client.Grpc;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Milvus.Wire;
using MilvusDM.Core.Tests.Support;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;

namespace MilvusDM.Core.Tests.Milvus;

/// <summary>
/// Milvus 2.6 field types in the test server, at the wire level: what an insert must carry and what a query returns
/// (Text, Geometry, Timestamptz, nullable vectors, Int8Vector, every Array element type, struct arrays).
/// </summary>
public sealed class ServerTypesTests(SharedServerFixture fx) : IClassFixture<SharedServerFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private Task Insert(string collection, uint rows, params FieldDataOut[] fields) =>
        fx.Client.WriteAsync(WireMethods.Insert, collection, null, fields, rows, None);

    private async Task<MilvusServerException> InsertFails(string collection, uint rows, params FieldDataOut[] fields) =>
        await Assert.ThrowsAsync<MilvusServerException>(() => Insert(collection, rows, fields));

    private static FieldSchema Nullable(FieldSchema f)
    {
        f.Nullable = true;
        return f;
    }

    private async Task<(RawMilvus Raw, string Name)> LoadedAsync(string prefix, FieldSchema[] fields, params (string, string)[] properties)
    {
        var raw = new RawMilvus(fx.Server);
        string name = Schemas.UniqueName(prefix);
        await raw.CreateLoadedAsync(W.Schema(name, fields), properties);
        return (raw, name);
    }

    [Fact]
    public async Task TextTravelsInStringData()
    {
        var (raw, name) = await LoadedAsync("text", [W.Pk(), Nullable(W.Field("t", DataType.Text, ("max_length", "16"))), W.Vector()]);
        using var _ = raw;
        await Insert(name, 3, W.Longs("id", W.Ids(3)), W.Strings("t", DataType.Text, ["long text", "ß"], [true, false, true]), W.Floats("v", 2, W.Vectors(3, 2)));
        var t = W.Column(await raw.QueryAsync(name, "id >= 0", ["t"]), "t");
        Assert.Equal((DataType.Text, ScalarField.DataOneofCase.StringData), (t.Type, t.Scalars.DataCase));
        Assert.Equal(["long text", "", "ß"], t.Scalars.StringData.Data);
        Assert.Equal([true, false, true], t.ValidData);
        var tooLong = await InsertFails(name, 1, W.Longs("id", [9]), W.Strings("t", DataType.Text, [new string('x', 17)], [true]), W.Floats("v", 2, [1, 2]));
        Assert.Equal("length of text field t exceeds max length, row number: 0, length: 17, max length: 16: invalid parameter", tooLong.Reason);
        // Milvus does not require max_length on Text at create, but its insert check reads it.
        var (raw2, bare) = await LoadedAsync("textnl", [W.Pk(), W.Field("t", DataType.Text), W.Vector()]);
        using var __ = raw2;
        var e = await InsertFails(bare, 1, W.Longs("id", [1]), W.Strings("t", DataType.Text, ["x"]), W.Floats("v", 2, [1, 2]));
        Assert.Equal((1100, "max length not found: invalid parameter[expected=max length key in type parameters][actual=not found]"), (e.Code, e.Reason));
    }

    [Fact]
    public async Task GeometryGoesInAsWktAndComesBackAsGoGeomWkt()
    {
        var g = Nullable(W.Field("g", DataType.Geometry));
        var (raw, name) = await LoadedAsync("geo", [W.Pk(), g, W.Field("h", DataType.Geometry), W.Vector()]);
        using var _ = raw;
        FieldDataOut Wkt(string field, string[] values, bool[]? valid = null) =>
            W.Scalar(field, DataType.Geometry, new ScalarField { GeometryWktData = new GeometryWktArray { Data = { values } } }, valid);
        await Insert(name, 4, W.Longs("id", W.Ids(4)),
            Wkt("g", ["POINT(1 2)", "linestring (0 0, 1 1.5)", "MULTIPOINT ((1 2), (3 4))"], [true, true, false, true]),
            Wkt("h", ["POLYGON((0 0,1 0,1 1,0 0))", "POINT Z (1 2 3)", "POINT EMPTY", "GEOMETRYCOLLECTION(POINT(1e3 -0.25))"]),
            W.Floats("v", 2, W.Vectors(4, 2)));
        var r = await raw.QueryAsync(name, "id >= 0", ["g", "h"]);
        RawMilvus.Ok(r.Status);
        var gc = W.Column(r, "g");
        Assert.Equal((DataType.Geometry, ScalarField.DataOneofCase.GeometryWktData), (gc.Type, gc.Scalars.DataCase));
        Assert.Equal(["POINT (1 2)", "LINESTRING (0 0, 1 1.5)", "", "MULTIPOINT (1 2, 3 4)"], gc.Scalars.GeometryWktData.Data);
        Assert.Equal([true, true, false, true], gc.ValidData);
        Assert.Equal(["POLYGON ((0 0, 1 0, 1 1, 0 0))", "POINT Z (1 2 3)", "POINT EMPTY", "GEOMETRYCOLLECTION (POINT (1000 -0.25))"],
            W.Column(r, "h").Scalars.GeometryWktData.Data);

        var bad = await InsertFails(name, 1, W.Longs("id", [9]), Wkt("g", ["POINT(1)"], [true]), Wkt("h", ["POINT(1 2)"]), W.Floats("v", 2, [1, 2]));
        Assert.Equal((1001, 1), (bad.Code, bad.LegacyErrorCode));
        Assert.StartsWith("IO failed: syntax error: ", bad.Reason);
        // The proxy reads only geometry_wkt_data: WKB in geometry_data leaves the column empty.
        var wkb = W.Scalar("h", DataType.Geometry, new ScalarField { GeometryData = new GeometryArray { Data = { ByteString.CopyFrom(new byte[21]) } } });
        var e = await InsertFails(name, 1, W.Longs("id", [9]), Wkt("g", [], [false]), wkb, W.Floats("v", 2, [1, 2]));
        Assert.Equal((1100, "geometry field 'h' is illegal, array type mismatch: invalid parameter[expected=need geometry array][actual=got nil]"), (e.Code, e.Reason));
    }

    [Fact]
    public async Task GeometryDefaultsAreWkt()
    {
        using var raw = new RawMilvus(fx.Server);
        var g = W.Field("g", DataType.Geometry);
        g.DefaultValue = new ValueField { StringData = "POINT(0 0)" };
        string name = Schemas.UniqueName("geod");
        await raw.CreateLoadedAsync(W.Schema(name, W.Pk(), g, W.Vector()));
        await Insert(name, 2, W.Longs("id", W.Ids(2)), W.Scalar("g", DataType.Geometry, new ScalarField { GeometryWktData = new GeometryWktArray { Data = { "POINT(5 5)" } } }, [false, true]),
            W.Floats("v", 2, W.Vectors(2, 2)));
        Assert.Equal(["POINT (0 0)", "POINT (5 5)"], W.Column(await raw.QueryAsync(name, "id >= 0", ["g"]), "g").Scalars.GeometryWktData.Data);
        var bad = W.Field("g", DataType.Geometry);
        bad.DefaultValue = new ValueField { StringData = "CIRCLE(1)" };
        var s = await raw.CreateCollectionAsync(W.Schema(Schemas.UniqueName("geob"), W.Pk(), bad, W.Vector()));
        Assert.Equal((1100, "invalid default value for geometry field: invalid parameter"), (s.Code, s.Reason));
    }

    [Fact]
    public async Task TimestamptzGoesInAsIsoStringsAndComesBackInTheResolvedTimezone()
    {
        var (raw, name) = await LoadedAsync("tsz", [W.Pk(), W.Field("ts", DataType.Timestamptz), W.Vector()]);
        using var _ = raw;
        await Insert(name, 4, W.Longs("id", W.Ids(4)),
            W.Strings("ts", DataType.Timestamptz, ["2025-01-02T03:04:05.123456Z", "2025-01-02T11:04:05+08:00", "2025-01-02 03:04:05", "2025-01-02T03:04:05.100Z"]),
            W.Floats("v", 2, W.Vectors(4, 2)));
        var utc = W.Column(await raw.QueryAsync(name, "id >= 0", ["ts"]), "ts");
        Assert.Equal((DataType.Timestamptz, ScalarField.DataOneofCase.StringData), (utc.Type, utc.Scalars.DataCase));
        Assert.Equal(["2025-01-02T03:04:05.123456Z", "2025-01-02T03:04:05Z", "2025-01-02T03:04:05Z", "2025-01-02T03:04:05.1Z"], utc.Scalars.StringData.Data);
        var shanghai = W.Column(await raw.QueryAsync(name, "id == 0", ["ts"], ("timezone", "Asia/Shanghai")), "ts");
        Assert.Equal(["2025-01-02T11:04:05.123456+08:00"], shanghai.Scalars.StringData.Data);

        var micros = W.Scalar("ts", DataType.Timestamptz, new ScalarField { TimestamptzData = new TimestamptzArray { Data = { 1_735_787_045_000_000 } } });
        var e = await InsertFails(name, 1, W.Longs("id", [9]), micros, W.Floats("v", 2, [1, 2]));
        Assert.Equal((1100, "timestamptz field data must be a string array: invalid parameter"), (e.Code, e.Reason));
        foreach (var text in new[] { "yesterday", "2025-01-02T03:04:05+15:00", "2025-01-02T03:04:05+0800" })
        {
            var bad = await InsertFails(name, 1, W.Longs("id", [9]), W.Strings("ts", DataType.Timestamptz, [text]), W.Floats("v", 2, [1, 2]));
            Assert.Equal($"got invalid timestamptz string '{text}': invalid timezone name; must be a valid IANA Time Zone ID (e.g., 'Asia/Shanghai' or 'UTC'): invalid parameter", bad.Reason);
        }
    }

    [Fact]
    public async Task TimestamptzFollowsTheCollectionTimezoneAndDefaults()
    {
        var ts = Nullable(W.Field("ts", DataType.Timestamptz));
        ts.DefaultValue = new ValueField { StringData = "2025-01-01T00:00:00+08:00" };
        var (raw, name) = await LoadedAsync("tszd", [W.Pk(), ts, Nullable(W.Field("plain", DataType.Timestamptz)), W.Vector()], ("timezone", "Asia/Tokyo"));
        using var _ = raw;
        var described = await raw.Grpc.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = name });
        // Stored as UTC microseconds, described back as RFC 3339 in the collection's timezone.
        Assert.Equal("2025-01-01T01:00:00+09:00", described.Schema.Fields.Single(f => f.Name == "ts").DefaultValue.StringData);
        await Insert(name, 2, W.Longs("id", W.Ids(2)), W.Strings("ts", DataType.Timestamptz, ["2025-06-01 12:00:00"], [false, true]),
            W.Strings("plain", DataType.Timestamptz, [], [false, false]), W.Floats("v", 2, W.Vectors(2, 2)));
        var r = await raw.QueryAsync(name, "id >= 0", ["ts", "plain"]);
        // A naive string is read in Asia/Tokyo; the default fills the false row (a default counts as valid).
        Assert.Equal(["2025-01-01T01:00:00+09:00", "2025-06-01T12:00:00+09:00"], W.Column(r, "ts").Scalars.StringData.Data);
        Assert.Equal([true, true], W.Column(r, "ts").ValidData);
        Assert.Equal([false, false], W.Column(r, "plain").ValidData);
        Assert.Equal(["2025-06-01T03:00:00Z"], W.Column(await raw.QueryAsync(name, "id == 1", ["ts"], ("timezone", "UTC")), "ts").Scalars.StringData.Data);
        // Leaving a nullable Timestamptz column out fails as in Milvus: the proxy's generated empty column is no string array.
        var e = await InsertFails(name, 1, W.Longs("id", [5]), W.Strings("ts", DataType.Timestamptz, ["2025-01-01 00:00:00"], [true]), W.Floats("v", 2, [1, 2]));
        Assert.Equal("timestamptz field data must be a string array: invalid parameter", e.Reason);
    }

    [Fact]
    public async Task NullableVectorsAreCompactBothWays()
    {
        var (raw, name) = await LoadedAsync("nvec", [W.Pk(), Nullable(W.Vector("v", 2)), Nullable(W.Vector("i8", 4, DataType.Int8Vector))]);
        using var _ = raw;
        var i8 = new FieldDataOut { FieldName = "i8", Type = DataType.Int8Vector, Vectors = new VectorFieldOut { Dim = 4, Int8Vector = ByteString.CopyFrom([1, 2, 3, 4, 0xFF, 0x80, 0, 7]) } };
        i8.ValidData.AddRange([true, true, false]);
        await Insert(name, 3, W.Longs("id", W.Ids(3)), W.Floats("v", 2, [1, 2, 5, 6], [true, false, true]), i8);
        var r = await raw.QueryAsync(name, "id >= 0", ["v", "i8"]);
        var v = W.Column(r, "v");
        Assert.Equal([1f, 2, 5, 6], v.Vectors.FloatVector.Data);
        Assert.Equal(2L, v.Vectors.Dim);
        Assert.Equal([true, false, true], v.ValidData);
        var back = W.Column(r, "i8");
        Assert.Equal(new byte[] { 1, 2, 3, 4, 0xFF, 0x80, 0, 7 }, back.Vectors.Int8Vector.ToByteArray());
        Assert.Equal([true, true, false], back.ValidData);
        Assert.Equal(3, W.Column(await raw.QueryAsync(name, "", ["count(*)"]), "count(*)").Scalars.LongData.Data[0]);
        // Three vectors for two true flags: the row count check names the passed num_rows.
        var e = await InsertFails(name, 3, W.Longs("id", W.Ids(3)), W.Floats("v", 2, W.Vectors(3, 2), [true, false, true]), i8);
        Assert.Equal("the num_rows (3) of field (v) is not equal to passed num_rows (3): invalid parameter[expected=3][actual=3]", e.Reason);
    }

    [Fact]
    public async Task ArraysOfEveryElementTypeRoundTrip()
    {
        var types = new[] { DataType.Bool, DataType.Int8, DataType.Int16, DataType.Int32, DataType.Int64, DataType.Float, DataType.Double, DataType.VarChar };
        var fields = types.Select(t =>
        {
            var f = W.Field($"a_{t}".ToLowerInvariant(), DataType.Array, ("max_capacity", "3"));
            f.ElementType = t;
            if (t == DataType.VarChar) f.TypeParams.Add(new KeyValuePair { Key = "max_length", Value = "4" });
            return f;
        });
        var (raw, name) = await LoadedAsync("arr", [W.Pk(), .. fields, W.Vector()]);
        using var _ = raw;
        ScalarField Cell(DataType t, int row) => t switch
        {
            DataType.Bool => new ScalarField { BoolData = new BoolArray { Data = { Enumerable.Range(0, row).Select(i => i % 2 == 0) } } },
            DataType.Int8 or DataType.Int16 or DataType.Int32 => new ScalarField { IntData = new IntArray { Data = { Enumerable.Range(0, row).Select(i => -i * 10) } } },
            DataType.Int64 => new ScalarField { LongData = new LongArray { Data = { Enumerable.Range(0, row).Select(i => long.MinValue + i) } } },
            DataType.Float => new ScalarField { FloatData = new FloatArray { Data = { Enumerable.Range(0, row).Select(i => i / 4f) } } },
            DataType.Double => new ScalarField { DoubleData = new DoubleArray { Data = { Enumerable.Range(0, row).Select(i => i / 3d) } } },
            _ => new ScalarField { StringData = new StringArray { Data = { Enumerable.Range(0, row).Select(i => $"é{i}") } } },
        };
        FieldDataOut Column(DataType t) => W.Scalar($"a_{t}".ToLowerInvariant(), DataType.Array,
            new ScalarField { ArrayData = new ArrayArray { ElementType = t, Data = { Enumerable.Range(0, 4).Select(row => Cell(t, row % 4)) } } });
        // Row 3 holds 3 elements: the capacity; rows 0..2 hold 0..2 (an empty cell still carries its element slot).
        await Insert(name, 4, [W.Longs("id", W.Ids(4)), .. types.Select(Column), W.Floats("v", 2, W.Vectors(4, 2))]);
        var r = await raw.QueryAsync(name, "id >= 0", types.Select(t => $"a_{t}".ToLowerInvariant()).ToArray());
        foreach (var t in types)
        {
            var c = W.Column(r, $"a_{t}".ToLowerInvariant());
            Assert.Equal(t, c.Scalars.ArrayData.ElementType);
            Assert.Equal(Enumerable.Range(0, 4).Select(row => Cell(t, row)), c.Scalars.ArrayData.Data);
        }
        var wrongSlot = W.Scalar("a_int64", DataType.Array, new ScalarField { ArrayData = new ArrayArray { ElementType = DataType.Int64, Data = { new ScalarField { IntData = new IntArray { Data = { 1 } } } } } });
        var e = await InsertFails(name, 1, [W.Longs("id", [9]), .. types.Where(t => t != DataType.Int64).Select(t => Single(Column(t))), wrongSlot, W.Floats("v", 2, [1, 2])]);
        Assert.Equal("insert data does not match: invalid parameter[expected=int64 array][actual=*schemapb.ScalarField_IntData array]", e.Reason);
        var full = W.Scalar("a_int8", DataType.Array, new ScalarField { ArrayData = new ArrayArray { ElementType = DataType.Int8, Data = { new ScalarField { IntData = new IntArray { Data = { 1, 2, 3, 4 } } } } } });
        var cap = await InsertFails(name, 1, [W.Longs("id", [9]), .. types.Where(t => t != DataType.Int8).Select(t => Single(Column(t))), full, W.Floats("v", 2, [1, 2])]);
        Assert.Equal("the length (4) of 0th array exceeds max capacity (3): invalid parameter[expected=valid length array][actual=array length exceeds max capacity]", cap.Reason);
    }

    private static FieldDataOut Single(FieldDataOut column)
    {
        var one = column.Clone();
        var cells = one.Scalars.ArrayData.Data.Take(1).ToList();
        one.Scalars.ArrayData.Data.Clear();
        one.Scalars.ArrayData.Data.AddRange(cells);
        return one;
    }

    private static CollectionSchema StructSchema(string name)
    {
        var schema = W.Schema(name, W.Pk(), W.Vector());
        var clips = new StructArrayFieldSchema { Name = "clips" };
        var n = W.Field("n", DataType.Array, ("max_capacity", "4"));
        n.ElementType = DataType.Int64;
        var tag = W.Field("tag", DataType.Array, ("max_capacity", "4"), ("max_length", "8"));
        tag.ElementType = DataType.VarChar;
        var emb = W.Field("emb", DataType.ArrayOfVector, ("max_capacity", "4"), ("dim", "2"));
        emb.ElementType = DataType.FloatVector;
        clips.Fields.AddRange([n, tag, emb]);
        schema.StructArrayFields.Add(clips);
        return schema;
    }

    /// <summary>A struct-array column: FieldData{struct_arrays{fields}} named after the struct, one sub-field FieldData each.</summary>
    private static FieldDataOut Clips(long[][] ns, string[][] tags, float[][][] embs)
    {
        var n = new FieldData { FieldName = "n", Type = DataType.Array, Scalars = new ScalarField { ArrayData = new ArrayArray { ElementType = DataType.Int64 } } };
        n.Scalars.ArrayData.Data.AddRange(ns.Select(r => new ScalarField { LongData = new LongArray { Data = { r } } }));
        var tag = new FieldData { FieldName = "tag", Type = DataType.Array, Scalars = new ScalarField { ArrayData = new ArrayArray { ElementType = DataType.VarChar } } };
        tag.Scalars.ArrayData.Data.AddRange(tags.Select(r => new ScalarField { StringData = new StringArray { Data = { r } } }));
        var va = new VectorArray { Dim = 2, ElementType = DataType.FloatVector };
        va.Data.AddRange(embs.Select(r => new VectorField { Dim = 2, FloatVector = new FloatArray { Data = { r.SelectMany(x => x) } } }));
        var emb = new FieldData { FieldName = "emb", Type = DataType.ArrayOfVector, Vectors = new VectorField { Dim = 2, VectorArray = va } };
        return new FieldDataOut { FieldName = "clips", Type = DataType.ArrayOfStruct, StructArrays = new StructArrayField { Fields = { n, tag, emb } } };
    }

    [Fact]
    public async Task StructArraysRoundTripUnderTheirStructName()
    {
        using var raw = new RawMilvus(fx.Server);
        string name = Schemas.UniqueName("st");
        await raw.CreateLoadedAsync(StructSchema(name));
        var described = await raw.Grpc.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = name });
        var st = Assert.Single(described.Schema.StructArrayFields);
        Assert.Equal(("clips", 102L, 0), (st.Name, st.FieldID, st.TypeParams.Count));
        Assert.Equal([("n", 103L, DataType.Array), ("tag", 104L, DataType.Array), ("emb", 105L, DataType.ArrayOfVector)],
            st.Fields.Select(f => (f.Name, f.FieldID, f.DataType)));

        long[][] ns = [[1, 2], [], [3]];
        string[][] tags = [["a", "b"], [], ["c"]];
        float[][][] embs = [[[1, 2], [3, 4]], [], [[5, 6]]];
        await Insert(name, 3, W.Longs("id", W.Ids(3)), W.Floats("v", 2, W.Vectors(3, 2)), Clips(ns, tags, embs));

        var r = await raw.QueryAsync(name, "id >= 0", ["clips"]);
        RawMilvus.Ok(r.Status);
        Assert.Equal(["id", "clips"], r.OutputFields);
        var clips = W.Column(r, "clips");
        Assert.Equal((DataType.ArrayOfStruct, 102L, FieldData.FieldOneofCase.StructArrays), (clips.Type, clips.FieldId, clips.FieldCase));
        var subs = clips.StructArrays.Fields;
        Assert.Equal(["n", "tag", "emb"], subs.Select(s => s.FieldName));
        Assert.Equal(ns, subs[0].Scalars.ArrayData.Data.Select(c => c.LongData.Data.ToArray()));
        Assert.Equal(tags, subs[1].Scalars.ArrayData.Data.Select(c => c.StringData.Data.ToArray()));
        var rows = subs[2].Vectors.VectorArray;
        Assert.Equal((2L, DataType.FloatVector), (rows.Dim, rows.ElementType));
        Assert.Equal(embs.Select(e => e.SelectMany(x => x).ToArray()), rows.Data.Select(v => v.FloatVector.Data.ToArray()));

        var star = await raw.QueryAsync(name, "id >= 0", ["*"]);
        Assert.Equal(["id", "v", "clips"], star.FieldsData.Select(f => f.FieldName));
        var one = W.Column(await raw.QueryAsync(name, "id >= 0", ["clips[tag]"]), "clips");
        Assert.Equal(["tag"], one.StructArrays.Fields.Select(f => f.FieldName));
    }

    [Fact]
    public async Task StructArrayRulesFollowMilvus()
    {
        using var raw = new RawMilvus(fx.Server);
        string name = Schemas.UniqueName("str");
        RawMilvus.Ok(await raw.CreateCollectionAsync(StructSchema(name)));
        var uneven = await InsertFails(name, 2, W.Longs("id", W.Ids(2)), W.Floats("v", 2, W.Vectors(2, 2)), Clips([[1], [2]], [["a"]], [[[1, 2]], [[3, 4]]]));
        Assert.Equal((65535, "inconsistent array length in struct field 'clips': expected 2, got 1 for sub-field 'tag'"), (uneven.Code, uneven.Reason));
        var missing = await InsertFails(name, 1, W.Longs("id", [1]), W.Floats("v", 2, [1, 2]));
        Assert.Equal((65535, "the number of struct array fields is not the same as needed, expected: 1, actual: 0"), (missing.Code, missing.Reason));
        var capacity = await InsertFails(name, 1, W.Longs("id", [1]), W.Floats("v", 2, [1, 2]), Clips([[1, 2, 3, 4, 5]], [["a", "b", "c", "d", "e"]], [[[1, 2], [1, 2], [1, 2], [1, 2], [1, 2]]]));
        Assert.Equal("the length (5) of 0th array exceeds max capacity (4): invalid parameter[expected=valid length array][actual=array length exceeds max capacity]", capacity.Reason);
        RawMilvus.Ok(await raw.IndexAsync(name, "v", ("FLAT", "L2")));
        var load = await raw.Grpc.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = name });
        Assert.Equal(700, load.Code);   // the struct's vector sub-field needs an index too
        Assert.Contains("clips[emb]", load.Reason);

        async Task<Status> Create(Action<StructArrayFieldSchema> change)
        {
            var s = StructSchema(Schemas.UniqueName("strb"));
            change(s.StructArrayFields[0]);
            return await raw.CreateCollectionAsync(s);
        }
        var s1 = await Create(st => st.Fields[1].TypeParams.Single(p => p.Key == "max_capacity").Value = "5");
        Assert.Equal("all sub-fields in struct array field must have the same max_capacity: structName=clips, subFieldName=tag, max_capacity=5, expected=4: invalid parameter", s1.Reason);
        var s2 = await Create(st => st.Fields[0].Nullable = true);
        Assert.Equal((65535, "nullable is not supported for fields in struct array now, fieldName = n"), (s2.Code, s2.Reason));
        var s3 = await Create(st => st.Fields[2].ElementType = DataType.BinaryVector);
        Assert.Equal("unsupported element type of array field emb, now only float vector is supported", s3.Reason);
        var s4 = await Create(st => st.Fields.Add(W.Field("j", DataType.Json)));
        Assert.Equal("fields in StructArrayField must be Array or ArrayOfVector, field name = j, field type = JSON", s4.Reason);
        var s5 = await Create(st => st.Fields[0].TypeParams.Clear());
        Assert.Equal("type param(max_capacity) should be specified for field n in struct array field clips: invalid parameter", s5.Reason);
        // A struct's vector sub-field counts toward the vector-field limit (10 from v2.6.18).
        var wide = StructSchema(Schemas.UniqueName("strw"));
        wide.Fields.AddRange(Enumerable.Range(0, 9).Select(i => W.Vector($"w{i}")));
        Assert.Equal("maximum vector field's number should be limited to 10", (await raw.CreateCollectionAsync(wide)).Reason);
    }
}
