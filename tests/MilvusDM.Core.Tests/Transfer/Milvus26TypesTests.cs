using System.Text.Json;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Milvus;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Transfer;

/// <summary>
/// Every field type of Milvus 2.6 in one collection of a non-default database — Text, Geometry, Timestamptz, nullable
/// vectors, arrays of every element type, a struct array with a vector member, Int8 and sparse vectors, a BM25 function,
/// a clustering key, defaults and nulls in every nullable column, dynamic fields, user partitions, properties — and a
/// partition-key sibling: copied server to server, exported to HDF5 and imported back, compared row by row.
/// </summary>
public sealed class Milvus26TypesTests : IDisposable
{
    private const int Rows = 240;
    private readonly string _dir = Directory.CreateTempSubdirectory("milvusdm-26types").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static CollectionSpec Spec(string name) => new()
    {
        Name = name,
        Description = "every 2.6 type",
        EnableDynamicField = true,
        ConsistencyLevel = ConsistencyLevel.Bounded,
        Properties = new Dictionary<string, string> { ["collection.ttl.seconds"] = "86400", ["mmap.enabled"] = "false" },
        Fields =
        [
            new FieldSpec { Name = "id", DataType = MilvusDataType.Int64, IsPrimaryKey = true },
            new FieldSpec { Name = "title", DataType = MilvusDataType.VarChar, MaxLength = 128, ExtraTypeParams = new Dictionary<string, string> { ["enable_analyzer"] = "true" } },
            new FieldSpec { Name = "body", DataType = MilvusDataType.Text, MaxLength = 4096, IsNullable = true },
            new FieldSpec { Name = "lvl", DataType = MilvusDataType.Int32, DefaultValue = 7, IsClusteringKey = true },
            new FieldSpec { Name = "small", DataType = MilvusDataType.Int8, IsNullable = true, DefaultValue = -3 },
            new FieldSpec { Name = "mid", DataType = MilvusDataType.Int16, IsNullable = true },
            new FieldSpec { Name = "flag", DataType = MilvusDataType.Bool, IsNullable = true, DefaultValue = true },
            new FieldSpec { Name = "score", DataType = MilvusDataType.Float, IsNullable = true },
            new FieldSpec { Name = "weight", DataType = MilvusDataType.Double, DefaultValue = 0.25 },
            new FieldSpec { Name = "at", DataType = MilvusDataType.Timestamptz, IsNullable = true },
            new FieldSpec { Name = "since", DataType = MilvusDataType.Timestamptz, DefaultValue = 1_700_000_000_123_456L },
            new FieldSpec { Name = "place", DataType = MilvusDataType.Geometry, IsNullable = true },
            new FieldSpec { Name = "doc", DataType = MilvusDataType.Json, IsNullable = true },
            new FieldSpec { Name = "tags", DataType = MilvusDataType.Array, ElementType = MilvusDataType.VarChar, MaxLength = 16, MaxCapacity = 4, IsNullable = true },
            new FieldSpec { Name = "flags", DataType = MilvusDataType.Array, ElementType = MilvusDataType.Bool, MaxCapacity = 3 },
            new FieldSpec { Name = "i8s", DataType = MilvusDataType.Array, ElementType = MilvusDataType.Int8, MaxCapacity = 3 },
            new FieldSpec { Name = "i16s", DataType = MilvusDataType.Array, ElementType = MilvusDataType.Int16, MaxCapacity = 3 },
            new FieldSpec { Name = "i32s", DataType = MilvusDataType.Array, ElementType = MilvusDataType.Int32, MaxCapacity = 3 },
            new FieldSpec { Name = "i64s", DataType = MilvusDataType.Array, ElementType = MilvusDataType.Int64, MaxCapacity = 3 },
            new FieldSpec { Name = "f32s", DataType = MilvusDataType.Array, ElementType = MilvusDataType.Float, MaxCapacity = 3 },
            new FieldSpec { Name = "f64s", DataType = MilvusDataType.Array, ElementType = MilvusDataType.Double, MaxCapacity = 3 },
            new FieldSpec { Name = "fv", DataType = MilvusDataType.FloatVector, Dimension = 8, ExtraTypeParams = new Dictionary<string, string> { ["mmap.enabled"] = "true" } },
            new FieldSpec { Name = "nv", DataType = MilvusDataType.FloatVector, Dimension = 4, IsNullable = true },
            new FieldSpec { Name = "bv", DataType = MilvusDataType.BinaryVector, Dimension = 16 },
            new FieldSpec { Name = "iv", DataType = MilvusDataType.Int8Vector, Dimension = 4 },
            new FieldSpec { Name = "sv", DataType = MilvusDataType.SparseFloatVector },
            new FieldSpec { Name = "bm25", DataType = MilvusDataType.SparseFloatVector, IsFunctionOutput = true },
            new FieldSpec
            {
                Name = "chunks", DataType = MilvusDataType.ArrayOfStruct, MaxCapacity = 3,
                StructFields =
                [
                    new FieldSpec { Name = "text", DataType = MilvusDataType.Array, ElementType = MilvusDataType.VarChar, MaxLength = 32, MaxCapacity = 3 },
                    new FieldSpec { Name = "page", DataType = MilvusDataType.Array, ElementType = MilvusDataType.Int32, MaxCapacity = 3 },
                    new FieldSpec { Name = "emb", DataType = MilvusDataType.ArrayOfVector, ElementType = MilvusDataType.FloatVector, Dimension = 4, MaxCapacity = 3 },
                ],
            },
        ],
        Functions = [new FunctionSpec { Name = "title_bm25", Type = "BM25", InputFieldNames = ["title"], OutputFieldNames = ["bm25"] }],
    };

    internal static VectorBatch Data(int rows, long firstId = 0)
    {
        bool[] Every(int k) => Enumerable.Range(0, rows).Select(i => i % k != 0).ToArray();
        T[] Col<T>(Func<int, T> f) => Enumerable.Range(0, rows).Select(f).ToArray();
        var nullable = Every(5);
        var structs = new StructArrayColumn("chunks",
        [
            new ScalarColumn<Array>("text", MilvusDataType.Array, Col<Array>(i => Enumerable.Range(0, i % 4).Select(k => $"chunk {i}.{k}").ToArray()), null, MilvusDataType.VarChar),
            new ScalarColumn<Array>("page", MilvusDataType.Array, Col<Array>(i => Enumerable.Range(0, i % 4).Select(k => i * 10 + k).ToArray()), null, MilvusDataType.Int32),
            new VectorArrayColumn("emb", MilvusDataType.FloatVector, 4, Col<Array>(i => Enumerable.Range(0, i % 4 * 4).Select(k => i + k / 7f).ToArray())),
        ]);
        return new VectorBatch(
        [
            new ScalarColumn<long>("id", MilvusDataType.Int64, Col(i => firstId + i * 3L)),
            new ScalarColumn<string>("title", MilvusDataType.VarChar, Col(i => $"title {i} ünïcode ✓")),
            new ScalarColumn<string>("body", MilvusDataType.Text, Col(i => new string('x', i % 50) + $" body {i}"), Every(4)),
            new ScalarColumn<int>("lvl", MilvusDataType.Int32, Col(i => i % 9), Every(6)),
            new ScalarColumn<int>("small", MilvusDataType.Int8, Col(i => i % 100 - 50), Every(3)),
            new ScalarColumn<int>("mid", MilvusDataType.Int16, Col(i => i * 100 - 12000), nullable),
            new ScalarColumn<bool>("flag", MilvusDataType.Bool, Col(i => i % 3 == 0), Every(7)),
            new ScalarColumn<float>("score", MilvusDataType.Float, Col(i => i / 3f), nullable),
            new ScalarColumn<double>("weight", MilvusDataType.Double, Col(i => i / 7.0), Every(8)),
            new ScalarColumn<long>("at", MilvusDataType.Timestamptz, Col(i => 1_735_689_600_000_000L + i * 1_000_001L), nullable),
            new ScalarColumn<long>("since", MilvusDataType.Timestamptz, Col(i => 1_600_000_000_000_000L - i * 86_400_000_000L), Every(9)),
            new ScalarColumn<string>("place", MilvusDataType.Geometry, Col(i => i % 2 == 0 ? $"POINT ({i} {i / 2})" : $"LINESTRING ({i} 0, {i + 1} 1, {i + 2} 3)"), nullable),
            new ScalarColumn<string>("doc", MilvusDataType.Json, Col(i => JsonSerializer.Serialize(new { n = i, s = $"v{i}", nested = new[] { i, i + 1 } })), nullable),
            new ScalarColumn<Array>("tags", MilvusDataType.Array, Col<Array>(i => Enumerable.Range(0, i % 5).Select(k => $"t{k}").ToArray()), nullable, MilvusDataType.VarChar),
            new ScalarColumn<Array>("flags", MilvusDataType.Array, Col<Array>(i => new[] { i % 2 == 0, true }), null, MilvusDataType.Bool),
            new ScalarColumn<Array>("i8s", MilvusDataType.Array, Col<Array>(i => new[] { i % 127, -(i % 128) }), null, MilvusDataType.Int8),
            new ScalarColumn<Array>("i16s", MilvusDataType.Array, Col<Array>(i => new[] { i * 7, -i }), null, MilvusDataType.Int16),
            new ScalarColumn<Array>("i32s", MilvusDataType.Array, Col<Array>(i => new[] { i * 70000, 1, 2 }), null, MilvusDataType.Int32),
            new ScalarColumn<Array>("i64s", MilvusDataType.Array, Col<Array>(i => new[] { i * 10_000_000_000L }), null, MilvusDataType.Int64),
            new ScalarColumn<Array>("f32s", MilvusDataType.Array, Col<Array>(i => new[] { i / 3f, 0.1f }), null, MilvusDataType.Float),
            new ScalarColumn<Array>("f64s", MilvusDataType.Array, Col<Array>(i => new[] { i / 3.0 }), null, MilvusDataType.Double),
            new FloatVectorColumn("fv", 8, Enumerable.Range(0, rows * 8).Select(k => k / 11f).ToArray()),
            new FloatVectorColumn("nv", 4, Enumerable.Range(0, rows * 4).Select(k => -k / 13f).ToArray(), Every(4)),
            new ByteVectorColumn("bv", MilvusDataType.BinaryVector, 16, Enumerable.Range(0, rows * 2).Select(k => (byte)(k * 37)).ToArray()),
            new ByteVectorColumn("iv", MilvusDataType.Int8Vector, 4, Enumerable.Range(0, rows * 4).Select(k => (byte)(sbyte)(k % 200 - 100)).ToArray()),
            new SparseVectorColumn("sv", Col(i => SparseVectorColumn.EncodeRow(Enumerable.Range(0, 1 + i % 3).Select(k => KeyValuePair.Create((uint)(k * 1000 + i), 0.5f + k))))),
            structs,
            new ScalarColumn<string>("$meta", MilvusDataType.Json, Col(i => i % 2 == 0 ? $"{{\"extra\":{i},\"label\":\"l{i}\"}}" : "{}")) { IsDynamic = true },
        ]);
    }

    private static readonly (string Field, string Type, string Metric)[] Indexes =
    [
        ("fv", "HNSW", "COSINE"), ("nv", "FLAT", "L2"), ("bv", "BIN_FLAT", "HAMMING"), ("iv", "HNSW", "L2"),
        ("sv", "SPARSE_INVERTED_INDEX", "IP"), ("bm25", "SPARSE_INVERTED_INDEX", "BM25"),
    ];

    /// <summary>An index on every vector field of <see cref="Spec"/> (and on <paramref name="more"/>), so the collection can be loaded and read.</summary>
    internal static async Task CreateIndexesAsync(MilvusClient db, string name, params (string Field, string Type, string Metric)[] more)
    {
        foreach (var (field, type, metric) in Indexes.Concat(more))
            await db.CreateIndexAsync(name, new IndexSpec { FieldName = field, IndexType = type, MetricType = metric });
        await db.CreateIndexAsync(name, new IndexSpec { FieldName = "chunks[emb]", IndexType = "HNSW", MetricType = "MAX_SIM_COSINE" });
    }

    internal static async Task CreateAsync(MilvusClient c)
    {
        await c.CreateDatabaseAsync("lab");
        var db = c.WithDatabase("lab");
        await db.CreateCollectionAsync(Spec("every26"));
        await db.CreatePartitionAsync("every26", "p1");
        await db.CreatePartitionAsync("every26", "p2");
        var data = Data(Rows);
        await db.InsertAsync("every26", data.Slice(0, 80));
        await db.InsertAsync("every26", data.Slice(80, 80), "p1");
        await db.InsertAsync("every26", data.Slice(160, 80), "p2");
        await CreateIndexesAsync(db, "every26");
        await db.CreateAliasAsync("every26", "every26_now");

        // The partition-key sibling: rows routed by tenant over 8 partitions.
        await db.CreateCollectionAsync(new CollectionSpec
        {
            Name = "tenants", NumPartitions = 8,
            Fields =
            [
                new FieldSpec { Name = "key", DataType = MilvusDataType.VarChar, MaxLength = 32, IsPrimaryKey = true },
                new FieldSpec { Name = "tenant", DataType = MilvusDataType.VarChar, MaxLength = 16, IsPartitionKey = true },
                new FieldSpec { Name = "v", DataType = MilvusDataType.FloatVector, Dimension = 4 },
            ],
        });
        await db.InsertAsync("tenants", new VectorBatch(
        [
            new ScalarColumn<string>("key", MilvusDataType.VarChar, Enumerable.Range(0, 100).Select(i => $"k\"{i}\\").ToArray()),
            new ScalarColumn<string>("tenant", MilvusDataType.VarChar, Enumerable.Range(0, 100).Select(i => $"t{i % 7}").ToArray()),
            new FloatVectorColumn("v", 4, Enumerable.Range(0, 400).Select(k => k * 0.5f).ToArray()),
        ]));
        await db.CreateIndexAsync("tenants", Schemas.Flat("v"));
    }

    private static object Shape(FieldSpec f) => (f.Name, f.DataType, f.Dimension, f.MaxLength, f.MaxCapacity, f.ElementType, f.IsNullable,
        f.DefaultValue, f.IsPrimaryKey, f.IsPartitionKey, f.IsClusteringKey, f.IsFunctionOutput, string.Join(",", f.ExtraTypeParams.OrderBy(p => p.Key)),
        string.Join(";", f.StructFields.Select(m => (m.Name, m.DataType, m.ElementType, m.Dimension, m.MaxLength, m.MaxCapacity))));

    /// <summary>Every row of the two collections, field by field, and the schemas attribute by attribute.</summary>
    internal static async Task AssertSameAsync(MilvusClient a, string aName, MilvusClient b, string bName)
    {
        var (x, y) = (await a.DescribeCollectionFullAsync(aName), await b.DescribeCollectionFullAsync(bName));
        Assert.Equal(x.Fields.Select(Shape), y.Fields.Select(Shape));
        Assert.Equal((x.EnableDynamicField, x.ConsistencyLevel, x.Description, x.NumPartitions), (y.EnableDynamicField, y.ConsistencyLevel, y.Description, y.NumPartitions));
        Assert.Equal(x.Properties.OrderBy(p => p.Key), y.Properties.Where(p => x.Properties.ContainsKey(p.Key)).OrderBy(p => p.Key));
        Assert.Equal(x.Functions.Select(f => (f.Name, f.Type, string.Join(",", f.InputFieldNames), string.Join(",", f.OutputFieldNames))),
            y.Functions.Select(f => (f.Name, f.Type, string.Join(",", f.InputFieldNames), string.Join(",", f.OutputFieldNames))));
        Assert.Equal(x.Partitions, y.Partitions);
        Assert.Equal(x.Indexes.Select(i => (i.FieldName, i.IndexType, i.MetricType)).Order(), y.Indexes.Select(i => (i.FieldName, i.IndexType, i.MetricType)).Order());

        foreach (var (client, name) in new[] { (a, aName), (b, bName) }) await client.LoadCollectionAsync(name);
        foreach (var p in x.HasPartitionKey ? [] : x.Partitions)
            Assert.Equal(await a.CountAsync(aName, partitions: [p]), await b.CountAsync(bName, partitions: [p]));
        var left = await ReadAllAsync(a, aName);
        var right = await ReadAllAsync(b, bName);
        Assert.Equal(left.RowCount, right.RowCount);
        foreach (var column in left.Columns)
        {
            var other = right[column.Name] ?? throw new Xunit.Sdk.XunitException($"column {column.Name} missing");
            for (int i = 0; i < left.RowCount; i++)
            {
                if (column is StructArrayColumn s) Assert.Equal(s.RowJson(i), ((StructArrayColumn)other).RowJson(i));
                else AllTypesRoundTripTests.AssertValueEqual(column.GetValue(i), other.GetValue(i), $"{column.Name}[{i}]");
            }
        }
        var comparison = await CollectionComparison.CompareAsync(a, aName, b, bName);
        Assert.True(comparison.Equal, $"missing {comparison.Missing}, extra {comparison.Extra}, different {comparison.Different}: {string.Join(", ", comparison.DifferentKeys)}");
    }

    private static async Task<VectorBatch> ReadAllAsync(MilvusClient c, string name)
    {
        var pages = new List<VectorBatch>();
        await foreach (var p in new MilvusQueryIterator(c, name).ReadAsync()) pages.Add(p);
        return AllTypesRoundTripTests.Concat(pages);
    }

    [Fact]
    public async Task EveryTypeIsWrittenAndReadBackExactly()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        await CreateAsync(client);
        var db = client.WithDatabase("lab");
        await db.LoadCollectionAsync("every26");
        var back = await ReadAllAsync(db, "every26");
        var data = Data(Rows);
        Assert.Equal(Rows, back.RowCount);
        foreach (var column in data.Columns)
            for (int i = 0; i < Rows; i++)
            {
                object? expected = column.GetValue(i);
                if (expected is null && Spec("every26").Field(column.Name)?.DefaultValue is { } d) expected = d;   // a null becomes the default
                if (column is StructArrayColumn s) Assert.Equal(s.RowJson(i), ((StructArrayColumn)back[column.Name]!).RowJson(i));
                else AllTypesRoundTripTests.AssertValueEqual(expected, back[column.Name]!.GetValue(i), $"{column.Name}[{i}]");
            }
    }

    [Fact]
    public async Task EveryTypeCopiesServerToServerAndExportsToHdf5AndBackExactly()
    {
        await using var pair = await ServerPair.StartAsync();
        await CreateAsync(pair.Source);
        var (src, dst) = (pair.Source.WithDatabase("lab"), pair.Destination.WithDatabase("lab"));

        foreach (var name in new[] { "every26", "tenants" })
        {
            var copied = await CollectionCopy.RunAsync(src, dst, new CollectionCopyOptions { Name = name, IncludeAliases = true, Verify = true, Transfer = new TransferOptions { BatchRows = 50 } }, null, CancellationToken.None);
            Assert.All(copied, r => Assert.True(r.Status == TransferStatus.Succeeded, r.Error?.ToString()));
            Assert.True(copied[0].Verified, copied[0].Verification);
            await AssertSameAsync(src, name, dst, name);
        }
        Assert.Equal(["every26_now"], (await dst.DescribeCollectionAsync("every26")).Aliases);

        var exported = await CollectionExport.RunAsync(src, new CollectionExportOptions { Name = "every26", Folder = _dir, Transfer = new TransferOptions { BatchRows = 64 } }, null, CancellationToken.None);
        Assert.All(exported, r => Assert.True(r.Status == TransferStatus.Succeeded, r.Error?.ToString()));
        foreach (var file in Hdf5Import.FilesIn(_dir))
        {
            var r = await Hdf5Import.RunAsync(dst, file, new Hdf5ReadOptions(), new MilvusSinkOptions { CollectionName = "every26_back" }, null, new TransferOptions { BatchRows = 64 }, null, CancellationToken.None);
            Assert.True(r.Status == TransferStatus.Succeeded, r.Error?.ToString());
        }
        await AssertSameAsync(src, "every26", dst, "every26_back");
    }
}
