using System.Security.Cryptography;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;
using MilvusDM.Core.Parquet;

namespace MilvusDM.Core.Tests.Parquet;

/// <summary>ParquetFileSink → ParquetVectorSource: every field type, nulls and dynamic fields come back equal.</summary>
public sealed class ParquetRoundTripTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("milvusdm-parquet").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<ParquetFileSink> WriteAsync(CollectionSpec spec, IEnumerable<VectorBatch> batches, long maxFileSize = ParquetFileSink.DefaultMaxFileSize,
        IEnumerable<ParquetFileEntry>? finished = null, long rowGroupBytes = ParquetFileSink.DefaultTargetRowGroupBytes)
    {
        using var sink = new ParquetFileSink(_dir, "every", maxFileSize, finished, rowGroupBytes);
        await sink.PrepareAsync(spec, CancellationToken.None);
        foreach (var b in batches) await sink.WriteAsync(b, CancellationToken.None);
        await sink.CompleteAsync(CancellationToken.None);
        return sink;
    }

    private string[] PathsOf(ParquetFileSink sink) => sink.Files.Select(f => Path.Combine(_dir, f.Path)).ToArray();

    [Fact]
    public async Task EveryTypeRoundTripsWithTheSchemaGiven()
    {
        var spec = ParquetTestData.EveryTypeSpec();
        var data = ParquetTestData.EveryTypeBatch(240);
        var sink = await WriteAsync(spec, [data.Slice(0, 100), data.Slice(100, 17), data.Slice(117, 123)]);
        Assert.Single(sink.Files);
        Assert.Empty(Directory.GetFiles(_dir, "*.partial"));
        var source = new ParquetVectorSource(PathsOf(sink), spec);
        var read = await ParquetTestData.ReadAllAsync(source, batchRows: 64);
        Assert.Equal(240, source.TotalRows);
        Assert.Equal([64, 64, 64, 48], read.Select(b => b.RowCount));
        Assert.Equal([0L, 64, 128, 192], read.Select(b => b.Position!.Offset));
        ParquetTestData.AssertSameRows(spec, data, ParquetTestData.Concat(read));
        Assert.Null(read[0]["bm25"]);
    }

    [Fact]
    public async Task EveryTypeRoundTripsWithTheSchemaInferredFromTheFile()
    {
        var spec = ParquetTestData.EveryTypeSpec();
        var data = ParquetTestData.EveryTypeBatch(50);
        var sink = await WriteAsync(spec, [data]);
        var source = new ParquetVectorSource(PathsOf(sink));
        var inferred = await source.DescribeAsync(CancellationToken.None);
        foreach (var f in ParquetLayout.WrittenFields(spec).Where(f => !f.IsDynamic))
        {
            var g = inferred.Field(f.Name)!;
            Assert.Equal((f.DataType, f.ElementType, f.Dimension, f.IsNullable, f.IsPrimaryKey), (g.DataType, g.ElementType, g.Dimension, g.IsNullable, g.IsPrimaryKey));
        }
        Assert.True(inferred.EnableDynamicField);
        ParquetTestData.AssertSameRows(spec, data, ParquetTestData.Concat(await ParquetTestData.ReadAllAsync(source)));
    }

    [Fact]
    public async Task ConcurrentWritesAreSerialisedAndKeepEveryRow()
    {
        var spec = ParquetTestData.EveryTypeSpec();
        var data = ParquetTestData.EveryTypeBatch(400);
        using var sink = new ParquetFileSink(_dir, "every", targetRowGroupBytes: 20_000);
        await sink.PrepareAsync(spec, CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => sink.WriteAsync(data.Slice(i * 50, 50), CancellationToken.None))));
        await sink.CompleteAsync(CancellationToken.None);
        var read = ParquetTestData.Concat(await ParquetTestData.ReadAllAsync(new ParquetVectorSource(PathsOf(sink), spec)));
        var ids = ((ScalarColumn<long>)read["id"]!).Values;
        Assert.Equal(((ScalarColumn<long>)data["id"]!).Values.Order(), ids.Order());
    }

    [Fact]
    public async Task FilesAreCutAtMaxFileSizeAndDescribeThemselves()
    {
        var spec = ParquetTestData.EveryTypeSpec();
        var data = ParquetTestData.EveryTypeBatch(2000);
        const long max = 64 * 1024;
        var sink = await WriteAsync(spec, Enumerable.Range(0, 20).Select(i => data.Slice(i * 100, 100)), max);
        Assert.True(sink.Files.Count > 2, $"{sink.Files.Count} files");
        Assert.Equal(Enumerable.Range(0, sink.Files.Count).Select(i => $"every-{i:D5}.parquet"), sink.Files.Select(f => f.Path));
        Assert.Equal(2000, sink.Files.Sum(f => f.Rows));
        long first = 0;
        foreach (var f in sink.Files)
        {
            var path = Path.Combine(_dir, f.Path);
            Assert.True(f.Bytes <= max, $"{f.Path} has {f.Bytes} bytes");
            Assert.Equal(new FileInfo(path).Length, f.Bytes);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant(), f.Sha256);
            // Keys are 3 apart in the test data.
            Assert.Equal(first * 3, f.FirstKey);
            Assert.Equal((first + f.Rows - 1) * 3, f.LastKey);
            await using var reader = await global::Parquet.ParquetReader.CreateAsync(path);
            Assert.Equal(f.Rows, reader.Metadata!.NumRows);
            first += f.Rows;
        }
        ParquetTestData.AssertSameRows(spec, data, ParquetTestData.Concat(await ParquetTestData.ReadAllAsync(new ParquetVectorSource(PathsOf(sink), spec))));

        // Offsets run over all the files (the engine tells rows in flight by offset alone, whatever the file), and a
        // resume from any batch's position reads exactly the rows from it on.
        var batches = await ParquetTestData.ReadAllAsync(new ParquetVectorSource(PathsOf(sink), spec), batchRows: 70);
        var starts = batches.Select(b => b.Position!.Offset).ToList();
        Assert.Equal(Enumerable.Range(0, batches.Count).Select(i => batches.Take(i).Sum(b => (long)b.RowCount)), starts);
        Assert.True(batches.Select(b => b.Position!.Part).Distinct().Count() > 2);
        foreach (var at in new[] { batches[5], batches.First(b => b.Position!.Part != batches[0].Position!.Part) })
        {
            var rest = ParquetTestData.Concat(await ParquetTestData.ReadAllAsync(new ParquetVectorSource(PathsOf(sink), spec), batchRows: 70, from: at.Position));
            long offset = at.Position!.Offset;
            ParquetTestData.AssertSameRows(spec, data.Slice((int)offset, 2000 - (int)offset), rest);
        }
    }

    [Fact]
    public async Task RowGroupsHoldTheTargetBytesOfRows()
    {
        var spec = ParquetTestData.EveryTypeSpec();
        var data = ParquetTestData.EveryTypeBatch(1000);
        long rowWidth = data.ByteSize / data.RowCount;
        var sink = await WriteAsync(spec, Enumerable.Range(0, 10).Select(i => data.Slice(i * 100, 100)), rowGroupBytes: rowWidth * 150);
        await using var reader = await global::Parquet.ParquetReader.CreateAsync(Path.Combine(_dir, sink.Files.Single().Path));
        var groups = Enumerable.Range(0, reader.RowGroupCount).Select(g => reader.OpenRowGroupReader(g).RowCount).ToArray();
        Assert.All(groups[..^1], n => Assert.InRange(n, 140, 160));
        Assert.Equal(1000, groups.Sum());

        // A row wider than the target still gets a row group of its own.
        using var tiny = new ParquetFileSink(Path.Combine(_dir, "tiny"), targetRowGroupBytes: 1);
        await tiny.PrepareAsync(spec, CancellationToken.None);
        await tiny.WriteAsync(data.Slice(0, 3), CancellationToken.None);
        Assert.Equal(1, tiny.RowsPerRowGroup);
        await tiny.CompleteAsync(CancellationToken.None);
        await using var one = await global::Parquet.ParquetReader.CreateAsync(Path.Combine(_dir, "tiny", tiny.Files.Single().Path));
        Assert.Equal(3, one.RowGroupCount);
    }

    [Fact]
    public async Task ResumeNumbersNewFilesAfterTheFinishedOnesAndRewritesAnUnfinishedOne()
    {
        var spec = ParquetTestData.EveryTypeSpec();
        var data = ParquetTestData.EveryTypeBatch(600);
        var firstRun = await WriteAsync(spec, Enumerable.Range(0, 3).Select(i => data.Slice(i * 100, 100)), 40 * 1024);
        var finished = firstRun.Files.Take(2).ToArray();
        long done = finished.Sum(f => f.Rows);
        File.WriteAllText(Path.Combine(_dir, "every-00002.parquet.partial"), "torn");
        foreach (var f in firstRun.Files.Skip(2)) File.Delete(Path.Combine(_dir, f.Path));

        var secondRun = await WriteAsync(spec, [data.Slice((int)done, 600 - (int)done)], 40 * 1024, finished);
        Assert.Equal(finished, secondRun.Files.Take(2));
        Assert.Equal(Enumerable.Range(0, secondRun.Files.Count).Select(i => $"every-{i:D5}.parquet"), secondRun.Files.Select(f => f.Path));
        Assert.Equal(600, secondRun.Files.Sum(f => f.Rows));
        Assert.Empty(Directory.GetFiles(_dir, "*.partial"));
        var source = new ParquetVectorSource(PathsOf(secondRun), spec);
        ParquetTestData.AssertSameRows(spec, data, ParquetTestData.Concat(await ParquetTestData.ReadAllAsync(source)));

        // The source resumes from a row of the second file (offsets count the rows of all the files before it).
        long skipped = secondRun.Files[0].Rows + 5;
        var resumed = await ParquetTestData.ReadAllAsync(source, 1000, new() { Part = PathsOf(secondRun)[1], Offset = skipped });
        ParquetTestData.AssertSameRows(spec, data.Slice((int)skipped, 600 - (int)skipped), ParquetTestData.Concat(resumed));
        Assert.Equal((PathsOf(secondRun)[1], skipped), (resumed[0].Position!.Part, resumed[0].Position!.Offset));
        // A position whose offset is not in the file it names (counted per file, or of other files) is refused, not guessed at.
        var wrong = await Assert.ThrowsAsync<MilvusDMException>(() => ParquetTestData.ReadAllAsync(source, 1000, new() { Part = PathsOf(secondRun)[1], Offset = 5 }));
        Assert.Equal("ParquetResumePartUnknown", wrong.ErrorId);
    }

    [Fact]
    public async Task AutoIdKeysAndFunctionOutputsAreLeftOutAndAStructMemberOfFloat16IsRefused()
    {
        var spec = ParquetTestData.EveryTypeSpec();
        spec = spec with { Fields = spec.Fields.Select(f => f.IsPrimaryKey ? f with { AutoId = true } : f).ToArray() };
        var names = ParquetLayout.SchemaFor(spec).Fields.Select(f => f.Name).ToArray();
        Assert.DoesNotContain("id", names);
        Assert.DoesNotContain("bm25", names);
        Assert.Equal("$meta", names[^1]);
        var kept = spec with { Properties = new Dictionary<string, string> { ["allow_insert_auto_id"] = "true" } };
        Assert.Contains("id", ParquetLayout.SchemaFor(kept).Fields.Select(f => f.Name));

        var f16 = new FieldSpec { Name = "chunks", DataType = MilvusDataType.ArrayOfStruct, StructFields = [new FieldSpec { Name = "h", DataType = MilvusDataType.ArrayOfVector, ElementType = MilvusDataType.Float16Vector, Dimension = 4 }] };
        var e = Assert.Throws<MilvusDMException>(() => ParquetLayout.FieldFor(f16));
        Assert.Equal(MilvusDMErrorKind.Unsupported, e.Kind);
        Assert.Contains("'chunks'", e.Message);
    }
}
