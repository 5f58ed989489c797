using System.Text.Json;
using MilvusDM.Core.Model;
using MilvusDM.Core.Parquet;
using MilvusDM.Core.Tests.Milvus;
using MilvusDM.Core.Tests.Transfer;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Parquet;

/// <summary>Every Milvus 2.6 field type in one schema and batch (the 2.6 types test's, plus float16 and bfloat16), and comparisons.</summary>
internal static class ParquetTestData
{
    public static CollectionSpec EveryTypeSpec() => Milvus26TypesTests.Spec("every") with
    {
        Fields = [.. Milvus26TypesTests.Spec("every").Fields,
            new FieldSpec { Name = "hv", DataType = MilvusDataType.Float16Vector, Dimension = 4 },
            new FieldSpec { Name = "bfv", DataType = MilvusDataType.BFloat16Vector, Dimension = 4, IsNullable = true }],
    };

    public static VectorBatch EveryTypeBatch(int rows, long firstId = 0)
    {
        var data = Milvus26TypesTests.Data(rows, firstId);
        var dense = AllTypesRoundTripTests.ScalarsBatch(rows);
        var bfv = (ByteVectorColumn)dense["bfv"]!;
        // Int16 values that stay in range however many rows there are.
        var mid = (ScalarColumn<int>)data["mid"]!;
        return data.WithColumns([dense["hv"]!, new ScalarColumn<int>("mid", MilvusDataType.Int16, Enumerable.Range(0, rows).Select(i => i % 300 * 100 - 15000).ToArray(), mid.Validity), new ByteVectorColumn("bfv", MilvusDataType.BFloat16Vector, 4, bfv.Data, Enumerable.Range(0, rows).Select(i => i % 3 != 1).ToArray())]);
    }

    public static async Task<List<VectorBatch>> ReadAllAsync(IVectorSource source, int batchRows = 1000, SourcePosition? from = null)
    {
        await source.DescribeAsync(CancellationToken.None);
        var batches = new List<VectorBatch>();
        await foreach (var b in source.ReadAsync(from, batchRows, CancellationToken.None)) batches.Add(b);
        return batches;
    }

    /// <summary>Every written field equal row by row (values as JSON, so floats compare bit for bit).</summary>
    public static void AssertSameRows(CollectionSpec spec, VectorBatch expected, VectorBatch actual)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        foreach (var f in ParquetLayout.WrittenFields(spec))
        {
            var e = expected[f.Name];
            var a = actual[f.Name];
            Assert.True(a is not null, $"column {f.Name} missing");
            Assert.Equal(e?.GetType(), a!.GetType());
            for (int r = 0; r < expected.RowCount; r++)
                Assert.True(Json(e?.GetValue(r)) == Json(a.GetValue(r)), $"{f.Name} row {r}: expected {Json(e?.GetValue(r))}, got {Json(a.GetValue(r))}");
        }
    }

    public static string Json(object? v) => JsonSerializer.Serialize(v);

    public static VectorBatch Concat(IReadOnlyList<VectorBatch> parts) => AllTypesRoundTripTests.Concat(parts);
}
