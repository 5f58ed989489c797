using System.Text.Json;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;

namespace MilvusDM.Core.Tests.Milvus;

/// <summary>Insert → flush → statistics → index → load → count → page everything back → values equal, for every data type.</summary>
public sealed class AllTypesRoundTripTests(SharedServerFixture fx) : IClassFixture<SharedServerFixture>
{
    private const int Rows = 300;

    internal static CollectionSpec ScalarsAndDenseVectors(string name) => new()
    {
        Name = name,
        Description = "every scalar type and four dense vector types",
        EnableDynamicField = true,
        ConsistencyLevel = ConsistencyLevel.Strong,
        Properties = new Dictionary<string, string> { ["collection.ttl.seconds"] = "3600" },
        Fields =
        [
            new FieldSpec { Name = "pk", DataType = MilvusDataType.Int64, IsPrimaryKey = true, Description = "key" },
            new FieldSpec { Name = "b", DataType = MilvusDataType.Bool },
            new FieldSpec { Name = "i8", DataType = MilvusDataType.Int8 },
            new FieldSpec { Name = "i16", DataType = MilvusDataType.Int16 },
            new FieldSpec { Name = "i32", DataType = MilvusDataType.Int32, IsNullable = true },
            new FieldSpec { Name = "i64", DataType = MilvusDataType.Int64, DefaultValue = 42L },
            new FieldSpec { Name = "f", DataType = MilvusDataType.Float },
            new FieldSpec { Name = "d", DataType = MilvusDataType.Double, IsNullable = true },
            new FieldSpec { Name = "s", DataType = MilvusDataType.VarChar, MaxLength = 12, IsNullable = true },
            new FieldSpec { Name = "j", DataType = MilvusDataType.Json },
            new FieldSpec { Name = "al", DataType = MilvusDataType.Array, ElementType = MilvusDataType.Int64, MaxCapacity = 5 },
            new FieldSpec { Name = "as", DataType = MilvusDataType.Array, ElementType = MilvusDataType.VarChar, MaxCapacity = 3, MaxLength = 10, IsNullable = true },
            new FieldSpec { Name = "fv", DataType = MilvusDataType.FloatVector, Dimension = 8 },
            new FieldSpec { Name = "bv", DataType = MilvusDataType.BinaryVector, Dimension = 16 },
            new FieldSpec { Name = "hv", DataType = MilvusDataType.Float16Vector, Dimension = 4 },
            new FieldSpec { Name = "bfv", DataType = MilvusDataType.BFloat16Vector, Dimension = 4 },
        ],
    };

    internal static VectorBatch ScalarsBatch(int rows)
    {
        var valid = Enumerable.Range(0, rows).Select(i => i % 3 != 0).ToArray();
        var strings = Enumerable.Range(0, rows).Select(i => valid[i] ? (i % 2 == 0 ? $"é{i}" : $"s\"{i}") : null).ToArray();
        return new VectorBatch(
        [
            new ScalarColumn<long>("pk", MilvusDataType.Int64, Enumerable.Range(0, rows).Select(i => (long)i * 7 - 1000).ToArray()),
            new ScalarColumn<bool>("b", MilvusDataType.Bool, Enumerable.Range(0, rows).Select(i => i % 2 == 0).ToArray()),
            new ScalarColumn<int>("i8", MilvusDataType.Int8, Enumerable.Range(0, rows).Select(i => i % 256 - 128).ToArray()),
            new ScalarColumn<int>("i16", MilvusDataType.Int16, Enumerable.Range(0, rows).Select(i => i * 100 - 30000).ToArray()),
            new ScalarColumn<int>("i32", MilvusDataType.Int32, Enumerable.Range(0, rows).Select(i => valid[i] ? i * 1000 : 0).ToArray(), valid),
            new ScalarColumn<long>("i64", MilvusDataType.Int64, Enumerable.Range(0, rows).Select(i => valid[i] ? long.MaxValue - i : 0).ToArray(), valid),
            new ScalarColumn<float>("f", MilvusDataType.Float, Enumerable.Range(0, rows).Select(i => i / 3f).ToArray()),
            new ScalarColumn<double>("d", MilvusDataType.Double, Enumerable.Range(0, rows).Select(i => valid[i] ? Math.PI * i : 0).ToArray(), valid),
            new ScalarColumn<string>("s", MilvusDataType.VarChar, strings!, valid),
            new ScalarColumn<string>("j", MilvusDataType.Json, Enumerable.Range(0, rows).Select(i => $"{{\"n\":{i},\"tags\":[\"a\",\"b\"]}}").ToArray()),
            new ScalarColumn<Array>("al", MilvusDataType.Array, Enumerable.Range(0, rows).Select(i => (Array)Enumerable.Range(0, i % 6).Select(k => (long)k * i).ToArray()).ToArray(), elementType: MilvusDataType.Int64),
            new ScalarColumn<Array>("as", MilvusDataType.Array, Enumerable.Range(0, rows).Select(i => (Array)(valid[i] ? new[] { "x", $"y{i % 10}" } : Array.Empty<string>())).ToArray(), valid, MilvusDataType.VarChar),
            new FloatVectorColumn("fv", 8, Enumerable.Range(0, rows * 8).Select(i => i * 0.25f - 3).ToArray()),
            new ByteVectorColumn("bv", MilvusDataType.BinaryVector, 16, Enumerable.Range(0, rows * 2).Select(i => (byte)(i * 31)).ToArray()),
            new ByteVectorColumn("hv", MilvusDataType.Float16Vector, 4, Enumerable.Range(0, rows * 4).SelectMany(i => BitConverter.GetBytes((Half)(i * 0.5f))).ToArray()),
            // Bytes below 64 keep every bfloat16's exponent short of all-ones: Milvus refuses NaN and infinity.
            new ByteVectorColumn("bfv", MilvusDataType.BFloat16Vector, 4, Enumerable.Range(0, rows * 8).Select(i => (byte)(i * 7 % 64)).ToArray()),
            new ScalarColumn<string>("$meta", MilvusDataType.Json, Enumerable.Range(0, rows).Select(i => i % 2 == 0 ? $"{{\"extra\":{i}}}" : "{}").ToArray()) { IsDynamic = true },
        ]);
    }

    [Fact]
    public async Task EveryScalarAndDenseVectorTypeRoundTrips()
    {
        var c = fx.Client;
        string name = Schemas.UniqueName("alltypes");
        await c.CreateCollectionAsync(ScalarsAndDenseVectors(name));
        var sent = ScalarsBatch(Rows);
        await c.InsertAsync(name, sent.Slice(0, 200));
        await c.InsertAsync(name, sent.Slice(200, Rows - 200));
        await c.FlushAndWaitAsync(name);
        Assert.Equal(Rows, await c.GetCollectionRowCountAsync(name));

        foreach (var v in new[] { "fv", "bv", "hv", "bfv" })
            await c.CreateIndexAsync(name, new IndexSpec { FieldName = v, IndexType = v == "bv" ? "BIN_FLAT" : "FLAT", MetricType = v == "bv" ? "HAMMING" : "L2" });
        await c.LoadCollectionAsync(name);
        await c.WaitForLoadedAsync(name);
        Assert.Equal(Rows, await c.CountAsync(name));

        var pages = new List<VectorBatch>();
        await foreach (var page in new MilvusQueryIterator(c, name, new QueryIteratorOptions { PageSize = 64 }).ReadAsync()) pages.Add(page);
        Assert.True(pages.Count > 1);
        var got = Concat(pages);

        var expectedOrder = Enumerable.Range(0, Rows).ToArray();   // keys were inserted ascending
        foreach (var column in sent.Columns.Where(col => !col.IsDynamic))
        {
            var back = got[column.Name]!;
            Assert.Equal(column.DataType, back.DataType);
            foreach (int i in expectedOrder)
            {
                object? expected = column.GetValue(i);
                if (column.Name == "i64" && expected is null) expected = 42L;   // the default value replaces nulls
                AssertValueEqual(expected, back.GetValue(i), $"{column.Name}[{i}]");
            }
        }
        var meta = (ScalarColumn<string>)got["$meta"]!;
        Assert.True(meta.IsDynamic);
        Assert.Equal(JsonDocument.Parse("{\"extra\":4}").RootElement.GetProperty("extra").GetInt32(),
            JsonDocument.Parse(meta.Values[4]).RootElement.GetProperty("extra").GetInt32());
        Assert.Equal("{}", meta.Values[5].Replace(" ", ""));

        var described = await c.DescribeCollectionFullAsync(name);
        Assert.True(described.EnableDynamicField);
        Assert.Equal(ConsistencyLevel.Strong, described.ConsistencyLevel);
        Assert.Equal("3600", described.Properties["collection.ttl.seconds"]);
        Assert.Equal(16, described.Fields.Count);
        Assert.Equal(42L, described.Field("i64")!.DefaultValue);
        Assert.True(described.Field("s")!.IsNullable);
        Assert.Equal(12, described.Field("s")!.MaxLength);
        Assert.Equal(MilvusDataType.VarChar, described.Field("as")!.ElementType);
        Assert.Equal(3, described.Field("as")!.MaxCapacity);
        Assert.Equal(16, described.Field("bv")!.Dimension);
        Assert.Equal(4, described.Indexes.Count);
        Assert.Equal("HAMMING", described.Indexes.Single(i => i.FieldName == "bv").MetricType);
    }

    [Fact]
    public async Task SparseInt8VectorsAndVarCharKeysRoundTrip()
    {
        var c = fx.Client;
        string name = Schemas.UniqueName("sparse");
        await c.CreateCollectionAsync(new CollectionSpec
        {
            Name = name,
            Fields =
            [
                new FieldSpec { Name = "key", DataType = MilvusDataType.VarChar, MaxLength = 32, IsPrimaryKey = true },
                new FieldSpec { Name = "sv", DataType = MilvusDataType.SparseFloatVector },
                new FieldSpec { Name = "iv", DataType = MilvusDataType.Int8Vector, Dimension = 6 },
            ],
        });
        var keys = Enumerable.Range(0, Rows).Select(i => $"k{i:D5}\"\\{(char)('a' + i % 26)}").ToArray();
        var sparse = Enumerable.Range(0, Rows).Select(i => SparseVectorColumn.EncodeRow(
            Enumerable.Range(0, i % 5).Select(k => new KeyValuePair<uint, float>((uint)(k * 1000 + i), k + 0.5f)))).ToArray();
        var int8 = Enumerable.Range(0, Rows * 6).Select(i => (byte)(sbyte)(i % 255 - 127)).ToArray();
        await c.InsertAsync(name, new VectorBatch([
            new ScalarColumn<string>("key", MilvusDataType.VarChar, keys),
            new SparseVectorColumn("sv", sparse),
            new ByteVectorColumn("iv", MilvusDataType.Int8Vector, 6, int8),
        ]));
        await c.CreateIndexAsync(name, new IndexSpec { FieldName = "sv", IndexType = "SPARSE_INVERTED_INDEX", MetricType = "IP" });
        await c.CreateIndexAsync(name, new IndexSpec { FieldName = "iv", IndexType = "HNSW", MetricType = "L2", Params = new Dictionary<string, string> { ["M"] = "8", ["efConstruction"] = "64" } });
        await c.LoadCollectionAsync(name);

        var pages = new List<VectorBatch>();
        await foreach (var page in new MilvusQueryIterator(c, name, new QueryIteratorOptions { PageSize = 50 }).ReadAsync()) pages.Add(page);
        var got = Concat(pages);
        var order = keys.Select((k, i) => (k, i)).OrderBy(x => x.k, StringComparer.Ordinal).ToArray();
        Assert.Equal(order.Select(x => x.k), ((ScalarColumn<string>)got["key"]!).Values);
        var sv = (SparseVectorColumn)got["sv"]!;
        var iv = (ByteVectorColumn)got["iv"]!;
        for (int r = 0; r < order.Length; r++)
        {
            Assert.Equal(sparse[order[r].i], sv.Rows[r]);
            Assert.Equal(int8.AsSpan(order[r].i * 6, 6).ToArray(), iv.GetVector(r).ToArray());
        }
        var hnsw = (await c.DescribeIndexesAsync(name)).Single(i => i.FieldName == "iv");
        Assert.Equal("HNSW", hnsw.IndexType);
        Assert.Equal("8", hnsw.Params["M"]);
        Assert.Equal("64", hnsw.Params["efConstruction"]);
    }

    internal static VectorBatch Concat(IReadOnlyList<VectorBatch> pages)
    {
        var columns = new List<ColumnData>();
        foreach (var first in pages[0].Columns)
            columns.Add(ColumnConcat.Concat(pages.Select(p => p[first.Name]!).ToArray()));
        return new VectorBatch(columns);
    }

    internal static void AssertValueEqual(object? expected, object? actual, string where)
    {
        switch (expected)
        {
            case null: Assert.True(actual is null, $"{where}: expected null, got {actual}"); break;
            case Array a when actual is Array b: Assert.True(a.Cast<object>().SequenceEqual(b.Cast<object>()), $"{where}: arrays differ"); break;
            case IReadOnlyDictionary<uint, float> x when actual is IReadOnlyDictionary<uint, float> y: Assert.True(x.SequenceEqual(y), $"{where}: sparse rows differ"); break;
            case string s when actual is string t && s.StartsWith('{'):
                Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(s)), JsonSerializer.Serialize(JsonDocument.Parse(t))); break;
            default: Assert.True(Equals(expected, actual), $"{where}: expected {expected}, got {actual}"); break;
        }
    }
}
