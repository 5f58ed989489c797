using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using DuckDB.NET.Data;
using MilvusDM.Core.Backup;
using MilvusDM.Core.Jobs;
using MilvusDM.Core.Model;
using MilvusDM.Core.Parquet;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Tests.Transfer;
using MilvusDM.Core.Transfer;
using ParquetSharp;
using ArrowReader = ParquetSharp.Arrow.FileReader;
using ArrowWriter = ParquetSharp.Arrow.FileWriter;

namespace MilvusDM.Core.Tests.Parquet;

/// <summary>
/// Our files read by other Parquet readers — Apache Arrow's C++ reader (ParquetSharp, the same Arrow model Milvus's Go
/// reader uses) and DuckDB — give the column names, types and values of the source; and a file Arrow wrote in the
/// pymilvus BulkWriter layout reads back through <see cref="ParquetVectorSource"/>.
/// </summary>
public sealed class ParquetIndependentReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("milvusdm-parquet-x").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The Arrow type Milvus's reader must see for each field (util.go convertToArrowDataType).</summary>
    private static readonly Dictionary<string, string> ArrowTypes = new()
    {
        ["id"] = "int64", ["title"] = "utf8", ["body"] = "utf8", ["lvl"] = "int32", ["small"] = "int8", ["mid"] = "int16", ["flag"] = "bool",
        ["score"] = "float", ["weight"] = "double", ["at"] = "utf8", ["since"] = "utf8", ["place"] = "utf8", ["doc"] = "utf8",
        ["tags"] = "list<utf8>", ["flags"] = "list<bool>", ["i8s"] = "list<int8>", ["i16s"] = "list<int16>", ["i32s"] = "list<int32>",
        ["i64s"] = "list<int64>", ["f32s"] = "list<float>", ["f64s"] = "list<double>", ["fv"] = "list<float>", ["nv"] = "list<float>",
        ["bv"] = "list<uint8>", ["iv"] = "list<int8>", ["sv"] = "utf8", ["chunks"] = "list<struct<text:utf8,page:int32,emb:list<float>>>",
        ["hv"] = "list<uint8>", ["bfv"] = "list<uint8>", ["$meta"] = "utf8",
    };

    private async Task<(CollectionSpec Spec, VectorBatch Data, string Path)> WriteEveryTypeAsync(int rows)
    {
        var spec = ParquetTestData.EveryTypeSpec();
        var data = ParquetTestData.EveryTypeBatch(rows, firstId: 1);
        using var sink = new ParquetFileSink(_dir, "every", targetRowGroupBytes: 30_000);
        await sink.PrepareAsync(spec, CancellationToken.None);
        await sink.WriteAsync(data, CancellationToken.None);
        await sink.CompleteAsync(CancellationToken.None);
        return (spec, data, Path.Combine(_dir, sink.Files.Single().Path));
    }

    [Fact]
    public async Task ArrowReadsOurColumnsTypesAndValues()
    {
        var (spec, data, path) = await WriteEveryTypeAsync(120);
        using var reader = new ArrowReader(path);
        Assert.True(reader.NumRowGroups > 1);
        var schema = reader.Schema;
        Assert.Equal(ArrowTypes.Keys, schema.FieldsList.Select(f => f.Name));
        foreach (var f in schema.FieldsList) Assert.True(ArrowTypes[f.Name] == Render(f.DataType), $"{f.Name}: {Render(f.DataType)}");
        // Nullable and defaulted fields are optional columns, the others required.
        Assert.True(schema.GetFieldByName("body").IsNullable);
        Assert.True(schema.GetFieldByName("since").IsNullable);
        Assert.False(schema.GetFieldByName("id").IsNullable);
        Assert.False(schema.GetFieldByName("title").IsNullable);

        // Physical and logical Parquet types of the narrow integers.
        var columns = reader.ParquetReader.FileMetaData.Schema;
        var small = Enumerable.Range(0, columns.NumColumns).Select(columns.Column).Single(c => c.Path.ToDotString() == "small");
        Assert.Equal(PhysicalType.Int32, small.PhysicalType);
        Assert.Equal((8, true), (((IntLogicalType)small.LogicalType).BitWidth, ((IntLogicalType)small.LogicalType).IsSigned));

        var rows = new List<Dictionary<string, object?>>();
        using var batches = reader.GetRecordBatchReader();
        while (await batches.ReadNextRecordBatchAsync() is { } batch)
            for (int r = 0; r < batch.Length; r++)
                rows.Add(schema.FieldsList.Select((f, i) => (f.Name, Value: ToObject(batch.Column(i), r))).ToDictionary(x => x.Name, x => x.Value));
        Assert.Equal(data.RowCount, rows.Count);
        foreach (var f in ParquetLayout.WrittenFields(spec))
            for (int r = 0; r < data.RowCount; r++)
                Assert.True(Same(Expected(f, data[f.Name]!, r), rows[r][f.Name]), $"{f.Name} row {r}: {ParquetTestData.Json(Expected(f, data[f.Name]!, r))} vs {ParquetTestData.Json(rows[r][f.Name])}");
    }

    [Fact]
    public async Task ArrowReadsADumpsFilesAsTheRowsTheServerHolds()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        var spec = ParquetTestData.EveryTypeSpec();
        var data = ParquetTestData.EveryTypeBatch(150, firstId: 1);
        await client.CreateCollectionAsync(spec);
        await client.InsertAsync(spec.Name, data);
        await Milvus26TypesTests.CreateIndexesAsync(client, spec.Name, ("hv", "FLAT", "L2"), ("bfv", "FLAT", "L2"));
        string folder = Path.Combine(_dir, "dump");
        var results = await BackupJob.RunAsync(new BackupOptions { Source = client, Folder = folder, MaxFileSize = 40_000, TargetRowGroupBytes = 8_000 }, JobHost.Silent, CancellationToken.None);
        Assert.All(results, r => Assert.Equal(TransferStatus.Succeeded, r.Status));

        var backedUp = (await BackupFolder.ReadManifestAsync(folder, CancellationToken.None)).Collections.Single().Collection;
        var files = backedUp.Groups.Single().Files;
        Assert.True(files.Count > 1, "the size limit cuts the partition into several files");
        var written = ParquetLayout.WrittenFields(backedUp.Spec).ToList();
        var rows = new List<Dictionary<string, object?>>();
        foreach (var file in files)
        {
            using var reader = new ArrowReader(BackupFolder.PathOf(folder, file));
            Assert.Equal(written.Select(f => f.Name), reader.Schema.FieldsList.Select(f => f.Name));
            using var batches = reader.GetRecordBatchReader();
            while (await batches.ReadNextRecordBatchAsync() is { } batch)
                for (int r = 0; r < batch.Length; r++)
                    rows.Add(reader.Schema.FieldsList.Select((f, i) => (f.Name, Value: ToObject(batch.Column(i), r))).ToDictionary(x => x.Name, x => x.Value));
        }
        // What the server holds (defaults filled in), read by our client; the files hold it in key order.
        var held = ParquetTestData.Concat(await ParquetTestData.ReadAllAsync(new MilvusCollectionSource(client, spec.Name)));
        Assert.Equal(((ScalarColumn<long>)data["id"]!).Values, ((ScalarColumn<long>)held["id"]!).Values);
        Assert.Equal(((ScalarColumn<long>)held["id"]!).Values, rows.Select(r => (long)r["id"]!));
        foreach (var f in written)
            for (int r = 0; r < held.RowCount; r++)
                Assert.True(Same(Expected(f, held[f.Name]!, r), rows[r][f.Name]), $"{f.Name} row {r}: {ParquetTestData.Json(Expected(f, held[f.Name]!, r))} vs {ParquetTestData.Json(rows[r][f.Name])}");
    }

    [Fact]
    public async Task DuckDbReadsOurFiles()
    {
        var (_, data, path) = await WriteEveryTypeAsync(90);
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"DESCRIBE SELECT * FROM read_parquet('{path}')";
        var types = new Dictionary<string, string>();
        using (var r = cmd.ExecuteReader()) while (r.Read()) types[r.GetString(0)] = r.GetString(1);
        Assert.Equal(("BIGINT", "FLOAT[]", "UTINYINT[]", "TINYINT[]", "TINYINT", "SMALLINT", "VARCHAR", "BIGINT[]"),
            (types["id"], types["fv"], types["bv"], types["iv"], types["small"], types["mid"], types["$meta"], types["i64s"]));
        Assert.StartsWith("STRUCT(", types["chunks"]);
        Assert.EndsWith("[]", types["chunks"]);

        cmd.CommandText = $"SELECT count(*), sum(id)::BIGINT, count(body), count(nv), sum(len(chunks))::BIGINT FROM read_parquet('{path}')";
        using (var r = cmd.ExecuteReader())
        {
            Assert.True(r.Read());
            var ids = ((ScalarColumn<long>)data["id"]!).Values;
            Assert.Equal(90L, r.GetInt64(0));
            Assert.Equal(ids.Sum(), Convert.ToInt64(r.GetValue(1)));
            Assert.Equal((long)data["body"]!.Validity!.Count(v => v), r.GetInt64(2));
            Assert.Equal((long)data["nv"]!.Validity!.Count(v => v), r.GetInt64(3));
            var chunks = (StructArrayColumn)data["chunks"]!;
            Assert.Equal(Enumerable.Range(0, 90).Sum(chunks.CountOf), Convert.ToInt64(r.GetValue(4)));
        }
        cmd.CommandText = $"SELECT CAST(fv AS VARCHAR), \"at\" FROM read_parquet('{path}') WHERE id = 4";
        using (var r = cmd.ExecuteReader())
        {
            Assert.True(r.Read());
            var fv = ((FloatVectorColumn)data["fv"]!).GetVector(1).ToArray();
            Assert.Equal(fv, r.GetString(0).Trim('[', ']').Split(", ").Select(s => float.Parse(s, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(ParquetColumnWriter.TimestamptzText(((ScalarColumn<long>)data["at"]!).Values[1]), r.GetString(1));
        }
    }

    [Fact]
    public async Task AFileArrowWroteInTheBulkWriterLayoutReadsBack()
    {
        // As pymilvus BulkWriter writes it: list<float> vectors, JSON text for sparse and $meta, strings for VarChar.
        var schema = new Schema.Builder()
            .Field(f => f.Name("id").DataType(Int64Type.Default).Nullable(false))
            .Field(f => f.Name("vector").DataType(new ListType(FloatType.Default)))
            .Field(f => f.Name("text").DataType(StringType.Default))
            .Field(f => f.Name("sparse").DataType(StringType.Default))
            .Field(f => f.Name("$meta").DataType(StringType.Default))
            .Build();
        const int n = 25;
        var ids = new Int64Array.Builder();
        var vectors = new ListArray.Builder(FloatType.Default);
        var values = (FloatArray.Builder)vectors.ValueBuilder;
        var texts = new StringArray.Builder();
        var sparse = new StringArray.Builder();
        var meta = new StringArray.Builder();
        for (int i = 0; i < n; i++)
        {
            ids.Append(100 + i);
            vectors.Append();
            for (int k = 0; k < 4; k++) values.Append(i + k / 8f);
            if (i % 5 == 0) texts.AppendNull(); else texts.Append($"t{i}");
            sparse.Append($"{{\"{i}\": {i / 4f}, \"{i + 1000}\": 0.5}}");
            meta.Append($"{{\"k\": {i}}}");
        }
        var path = Path.Combine(_dir, "bulk.parquet");
        var batch = new RecordBatch(schema, [ids.Build(), vectors.Build(), texts.Build(), sparse.Build(), meta.Build()], n);
        using (var writer = new ArrowWriter(path, schema))
        {
            writer.WriteRecordBatch(batch);
            writer.Close();
        }

        var inferred = await new ParquetVectorSource(path).DescribeAsync(CancellationToken.None);
        Assert.Equal(("id", MilvusDataType.Int64, true), (inferred.PrimaryField.Name, inferred.PrimaryField.DataType, inferred.PrimaryField.IsPrimaryKey));
        Assert.Equal((MilvusDataType.FloatVector, 4), (inferred.Field("vector")!.DataType, inferred.Field("vector")!.Dimension));
        Assert.Equal(MilvusDataType.VarChar, inferred.Field("text")!.DataType);
        Assert.True(inferred.EnableDynamicField);

        var given = inferred with { Fields = inferred.Fields.Select(f => f.Name == "sparse" ? new FieldSpec { Name = "sparse", DataType = MilvusDataType.SparseFloatVector } : f).ToArray() };
        var read = ParquetTestData.Concat(await ParquetTestData.ReadAllAsync(new ParquetVectorSource(path, given)));
        Assert.Equal(Enumerable.Range(0, n).Select(i => 100L + i), ((ScalarColumn<long>)read["id"]!).Values);
        Assert.Equal(Enumerable.Range(0, n * 4).Select(k => k / 4 + k % 4 / 8f), ((FloatVectorColumn)read["vector"]!).Data);
        Assert.Null(read["text"]!.GetValue(5));
        Assert.Equal("t6", read["text"]!.GetValue(6));
        Assert.Equal(new Dictionary<uint, float> { [7] = 7 / 4f, [1007] = 0.5f }, ((SparseVectorColumn)read["sparse"]!).DecodeRow(7));
        Assert.True(read["$meta"]!.IsDynamic);
        Assert.Equal("{\"k\": 3}", read["$meta"]!.GetValue(3));
    }

    private static string Render(IArrowType t) => t switch
    {
        ListType l => $"list<{Render(l.ValueDataType)}>",
        StructType s => $"struct<{string.Join(",", s.Fields.Select(f => f.Name + ":" + Render(f.DataType)))}>",
        _ => t.Name,
    };

    private static object? ToObject(IArrowArray a, int i)
    {
        if (a.IsNull(i)) return null;
        return a switch
        {
            BooleanArray b => b.GetValue(i),
            Int8Array x => x.GetValue(i),
            UInt8Array x => x.GetValue(i),
            Int16Array x => x.GetValue(i),
            Int32Array x => x.GetValue(i),
            Int64Array x => x.GetValue(i),
            FloatArray x => x.GetValue(i),
            DoubleArray x => x.GetValue(i),
            StringArray s => s.GetString(i),
            ListArray l => Enumerable.Range(l.ValueOffsets[i], l.ValueOffsets[i + 1] - l.ValueOffsets[i]).Select(k => ToObject(l.Values, k)).ToList(),
            StructArray s => ((StructType)s.Data.DataType).Fields.Select((f, k) => (f.Name, V: ToObject(s.Fields[k], i))).ToDictionary(x => x.Name, x => x.V),
            _ => throw new NotSupportedException(a.GetType().Name),
        };
    }

    /// <summary>A source row as the layout stores it, built from the model, not from our writer.</summary>
    private static object? Expected(FieldSpec f, ColumnData c, int r)
    {
        if (c.IsNull(r)) return f.IsDynamic ? "{}" : null;
        return c switch
        {
            ScalarColumn<long> t when f.DataType == MilvusDataType.Timestamptz => DateTimeOffset.FromUnixTimeMilliseconds(0).AddTicks(t.Values[r] * 10).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"),
            SparseVectorColumn s => s.DecodeRow(r),
            FloatVectorColumn v => v.GetVector(r).ToArray(),
            ByteVectorColumn b when f.DataType == MilvusDataType.Int8Vector => b.GetVector(r).ToArray().Select(x => (int)(sbyte)x).ToArray(),
            ByteVectorColumn b => b.GetVector(r).ToArray().Select(x => (int)x).ToArray(),
            StructArrayColumn s => s.GetValue(r),
            _ => c.GetValue(r),
        };
    }

    private static bool Same(object? expected, object? actual) => expected switch
    {
        IReadOnlyDictionary<uint, float> sparse when actual is string json =>
            JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => KeyValuePair.Create(uint.Parse(p.Name), p.Value.GetSingle())).SequenceEqual(sparse),
        _ => ParquetTestData.Json(expected) == ParquetTestData.Json(actual),
    };
}
