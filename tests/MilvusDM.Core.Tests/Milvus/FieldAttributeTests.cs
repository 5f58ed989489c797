using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;

namespace MilvusDM.Core.Tests.Milvus;

/// <summary>Partition keys, clustering keys, functions and their output fields survive create → describe, and behave as Milvus does.</summary>
public sealed class FieldAttributeTests(SharedServerFixture fx) : IClassFixture<SharedServerFixture>
{
    [Fact]
    public async Task PartitionKeyClusteringKeyAndBm25FunctionRoundTrip()
    {
        var c = fx.Client;
        string name = Schemas.UniqueName("attrs");
        await c.CreateCollectionAsync(new CollectionSpec
        {
            Name = name,
            NumPartitions = 4,
            Fields =
            [
                new FieldSpec { Name = "id", DataType = MilvusDataType.VarChar, MaxLength = 16, IsPrimaryKey = true, AutoId = false },
                new FieldSpec { Name = "tenant", DataType = MilvusDataType.Int64, IsPartitionKey = true },
                new FieldSpec { Name = "ts", DataType = MilvusDataType.Int64, IsClusteringKey = true },
                new FieldSpec { Name = "text", DataType = MilvusDataType.VarChar, MaxLength = 200, ExtraTypeParams = new Dictionary<string, string> { ["enable_analyzer"] = "true" } },
                new FieldSpec { Name = "sparse", DataType = MilvusDataType.SparseFloatVector, IsFunctionOutput = true },
                new FieldSpec { Name = "v", DataType = MilvusDataType.FloatVector, Dimension = 2 },
            ],
            Functions = [new FunctionSpec { Name = "bm25", Type = "BM25", InputFieldNames = ["text"], OutputFieldNames = ["sparse"] }],
        });
        var d = await c.DescribeCollectionFullAsync(name);
        Assert.True(d.Field("tenant")!.IsPartitionKey);
        Assert.True(d.Field("ts")!.IsClusteringKey);
        Assert.True(d.Field("sparse")!.IsFunctionOutput);
        Assert.Equal("true", d.Field("text")!.ExtraTypeParams["enable_analyzer"]);
        Assert.Equal(4, d.NumPartitions);
        Assert.Equal(["_default_0", "_default_1", "_default_2", "_default_3"], d.Partitions);
        var fn = Assert.Single(d.Functions);
        Assert.Equal(("bm25", "BM25", "text", "sparse"), (fn.Name, fn.Type, fn.InputFieldNames[0], fn.OutputFieldNames[0]));

        VectorBatch Rows(bool withSparse) => new(
        [
            new ScalarColumn<string>("id", MilvusDataType.VarChar, ["a", "b", "c"]),
            new ScalarColumn<long>("tenant", MilvusDataType.Int64, [1, 2, 3]),
            new ScalarColumn<long>("ts", MilvusDataType.Int64, [10, 20, 30]),
            new ScalarColumn<string>("text", MilvusDataType.VarChar, ["x y", "y z", "z"]),
            new FloatVectorColumn("v", 2, [1, 2, 3, 4, 5, 6]),
            .. withSparse ? new ColumnData[] { new SparseVectorColumn("sparse", [[], [], []]) } : [],
        ]);
        var fnOutput = await Assert.ThrowsAsync<MilvusServerException>(() => c.InsertAsync(name, Rows(withSparse: true)));
        Assert.Contains("function output", fnOutput.Reason);
        var manualPartition = await Assert.ThrowsAsync<MilvusServerException>(() => c.InsertAsync(name, Rows(false), "_default_1"));
        Assert.Contains("partition key", manualPartition.Reason);
        Assert.Equal(3, (await c.InsertAsync(name, Rows(false))).InsertCount);
        var noManual = await Assert.ThrowsAsync<MilvusServerException>(() => c.CreatePartitionAsync(name, "p"));
        Assert.Contains("partition key", noManual.Reason);

        await c.CreateIndexAsync(name, new IndexSpec { FieldName = "v", IndexType = "FLAT", MetricType = "L2" });
        var loadBlocked = await Assert.ThrowsAsync<MilvusServerException>(() => c.LoadCollectionAsync(name));
        Assert.Equal(MilvusErrorCodes.IndexNotFound, loadBlocked.Code);   // the sparse output field needs an index too
        await c.CreateIndexAsync(name, new IndexSpec { FieldName = "sparse", IndexType = "SPARSE_INVERTED_INDEX", MetricType = "BM25" });
        await c.LoadCollectionAsync(name);
        var rows = new List<VectorBatch>();
        await foreach (var p in new MilvusQueryIterator(c, name).ReadAsync()) rows.Add(p);
        var page = Assert.Single(rows);
        Assert.Null(page["sparse"]);   // function outputs are left out of exports: the target regenerates them
        Assert.Equal(["a", "b", "c"], ((ScalarColumn<string>)page["id"]!).Values);
        Assert.Equal([1L, 2L, 3L], ((ScalarColumn<long>)page["tenant"]!).Values);
    }

    [Fact]
    public async Task InvalidSchemasAreRejectedWithMilvusReasons()
    {
        async Task<MilvusServerException> Create(params FieldSpec[] fields) =>
            await Assert.ThrowsAsync<MilvusServerException>(() => fx.Client.CreateCollectionAsync(new CollectionSpec { Name = Schemas.UniqueName("bad"), Fields = fields }));
        var vector = new FieldSpec { Name = "v", DataType = MilvusDataType.FloatVector, Dimension = 4 };
        Assert.Contains("primary key is not specified", (await Create(vector)).Reason);
        Assert.Contains("Int64 or VarChar", (await Create(new FieldSpec { Name = "id", DataType = MilvusDataType.Double, IsPrimaryKey = true }, vector)).Reason);
        Assert.Contains("vector field", (await Create(new FieldSpec { Name = "id", DataType = MilvusDataType.Int64, IsPrimaryKey = true })).Reason);
        Assert.Contains("max_length", (await Create(new FieldSpec { Name = "id", DataType = MilvusDataType.VarChar, IsPrimaryKey = true }, vector)).Reason);
        Assert.Contains("multiple of 8", (await Create(new FieldSpec { Name = "id", DataType = MilvusDataType.Int64, IsPrimaryKey = true },
            new FieldSpec { Name = "b", DataType = MilvusDataType.BinaryVector, Dimension = 12 })).Reason);
        // validateFieldName answers ErrFieldInvalidName (1701), not 1100.
        var e = await Create(new FieldSpec { Name = "1bad", DataType = MilvusDataType.Int64, IsPrimaryKey = true }, vector);
        Assert.Equal((1701, "Invalid field name: 1bad. The first character of a field name must be an underscore or letter.: field name invalid[field=1bad]"), (e.Code, e.Reason));
    }
}
