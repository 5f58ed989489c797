using Apache.Arrow;
using Apache.Arrow.Types;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;
using MilvusDM.TestServer;
using ArrowWriter = ParquetSharp.Arrow.FileWriter;

namespace MilvusDM.Core.Tests.Milvus;

/// <summary>
/// The test server's bulk import against Milvus 2.6's rules (proxy-rules.md §12): the request checks of
/// task_import.go, the Parquet reader's schema and value checks, the job states and their progress, and atomic jobs.
/// Files are written with Arrow's writer (ParquetSharp), not with MilvusDM's.
/// </summary>
public sealed class ImportRulesTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("milvusdm-import-root").FullName;
    private MilvusTestServer _server = null!;
    private MilvusClient _c = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServers.StartAsync(new TestServerOptions { StorageRoot = _root, ImportStageDelay = TimeSpan.FromMilliseconds(150), FlushMinInterval = TimeSpan.Zero });
        _c = TestServers.Client(_server);
    }

    public async Task DisposeAsync()
    {
        _c.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>id Int64 key, v FloatVector(4), title VarChar(8), note nullable VarChar; indexed.</summary>
    private Task<string> CreateAsync(bool autoId = false, bool partitionKey = false) => CreateAsync(_c, autoId, partitionKey);

    private static async Task<string> CreateAsync(MilvusClient c, bool autoId = false, bool partitionKey = false)
    {
        string name = Schemas.UniqueName("imp");
        await c.CreateCollectionAsync(new CollectionSpec
        {
            Name = name,
            NumPartitions = partitionKey ? 4 : 0,
            Fields =
            [
                new FieldSpec { Name = "id", DataType = MilvusDataType.Int64, IsPrimaryKey = true, AutoId = autoId },
                new FieldSpec { Name = "v", DataType = MilvusDataType.FloatVector, Dimension = 4 },
                new FieldSpec { Name = "title", DataType = MilvusDataType.VarChar, MaxLength = 8, IsPartitionKey = partitionKey },
                new FieldSpec { Name = "note", DataType = MilvusDataType.VarChar, MaxLength = 8, IsNullable = true },
            ],
        });
        await c.CreateIndexAsync(name, Schemas.Flat("v"));
        await c.LoadCollectionAsync(name);
        await c.WaitForLoadedAsync(name);
        return name;
    }

    private static IArrowArray Longs(IEnumerable<long> values) => new Int64Array.Builder().AppendRange(values).Build();

    private static IArrowArray Strings(IEnumerable<string?> values)
    {
        var b = new StringArray.Builder();
        foreach (var v in values) { if (v is null) b.AppendNull(); else b.Append(v); }
        return b.Build();
    }

    private static IArrowArray FloatLists(int rows, Func<int, int> width)
    {
        var b = new ListArray.Builder(FloatType.Default);
        var values = (FloatArray.Builder)b.ValueBuilder;
        for (int i = 0; i < rows; i++)
        {
            b.Append();
            for (int k = 0; k < width(i); k++) values.Append(i + k / 10f);
        }
        return b.Build();
    }

    private static IArrowArray ByteLists(int rows, int width)
    {
        var b = new ListArray.Builder(UInt8Type.Default);
        var values = (UInt8Array.Builder)b.ValueBuilder;
        for (int i = 0; i < rows; i++)
        {
            b.Append();
            for (int k = 0; k < width; k++) values.Append((byte)(i + k));
        }
        return b.Build();
    }

    /// <summary>The columns written to a Parquet file under the storage root; returns its path relative to the root.</summary>
    private string Write(string name, params (string Column, IArrowArray Data)[] columns)
    {
        var schema = new Schema(columns.Select(c => new Field(c.Column, c.Data.Data.DataType, nullable: true)), null);
        string relative = $"files/{name}.parquet";
        string path = Path.Combine(_root, "files", name + ".parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new ArrowWriter(path, schema);
        writer.WriteRecordBatch(new RecordBatch(schema, columns.Select(c => c.Data), columns[0].Data.Length));
        writer.Close();
        return relative;
    }

    private string Good(string name, int rows, int first = 0) => Write(name,
        ("id", Longs(Enumerable.Range(first, rows).Select(i => (long)i))),
        ("v", FloatLists(rows, _ => 4)),
        ("title", Strings(Enumerable.Range(0, rows).Select(i => $"t{i % 50}"))),
        ("note", Strings(Enumerable.Range(0, rows).Select(i => i % 3 == 0 ? null : "n"))));

    private async Task<ImportJobStatus> ImportAndWaitAsync(string collection, string file, string? partition = null)
    {
        long job = (await _c.ImportAsync(collection, partition, [file])).Single();
        try { return await _c.WaitForImportAsync(job); }
        catch (MilvusDMException e) when (e.ErrorId == "MilvusImportFailed") { return await _c.GetImportStateAsync(job); }
    }

    /// <summary>The job fails with the reason, naming its file, and adds no row (the statistics count imported rows at once).</summary>
    private async Task AssertFailsAsync(string collection, string file, string reason)
    {
        long before = await _c.GetCollectionRowCountAsync(collection);
        var s = await ImportAndWaitAsync(collection, file);
        Assert.Equal(ImportJobState.Failed, s.State);
        Assert.True(s.Reason.Contains(reason, StringComparison.Ordinal), s.Reason);
        Assert.Contains($"file: id:", s.Reason);
        Assert.Equal(before, await _c.GetCollectionRowCountAsync(collection));
    }

    [Fact]
    public async Task AJobGoesThroughItsStagesAndItsRowsAppearOnlyWhenItCompletes()
    {
        // Stages long enough to see each one, however busy the machine.
        await using var slow = await TestServers.StartAsync(new TestServerOptions { StorageRoot = _root, ImportStageDelay = TimeSpan.FromMilliseconds(600) });
        using var c = TestServers.Client(slow);
        string name = await CreateAsync(c);
        long job = (await c.ImportAsync(name, null, [Good("good", 30)])).Single();
        var seen = new List<ImportJobStatus>();
        while (true)
        {
            var s = await c.GetImportStateAsync(job);
            if (seen.Count == 0 || seen[^1] != s) seen.Add(s);
            if (s.Finished) break;
            Assert.Equal(0, await c.CountAsync(name));
            await Task.Delay(20);
        }
        Assert.Equal([ImportJobState.Pending, ImportJobState.Importing, ImportJobState.Importing, ImportJobState.Importing, ImportJobState.Completed], seen.Select(s => s.State));
        Assert.Equal([0, 10, 40, 80, 100], seen.Select(s => s.Progress));
        Assert.Equal([0L, 0, 0, 30, 30], seen.Select(s => s.ImportedRows));   // index building: counted, not yet visible
        Assert.Equal(30, await c.CountAsync(name));
        Assert.Equal(30, await c.GetPartitionRowCountAsync(name, "_default"));   // imported segments are flushed ones
        Assert.Equal(10, await c.CountAsync(name, "note is null"));
        var listed = Assert.Single(await c.ListImportJobsAsync(name));
        Assert.Equal((ImportJobState.Completed, 100, 0L, 0L), (listed.State, listed.Progress, listed.ImportedRows, listed.JobId));

        // The wait reports each change, the first state and the last.
        var reported = new List<ImportJobStatus>();
        var done = await c.WaitForImportAsync((await c.ImportAsync(name, null, [Good("again", 5, 100)])).Single(), new SynchronousProgress<ImportJobStatus>(reported.Add));
        Assert.Equal((ImportJobState.Completed, 100, 5L), (done.State, done.Progress, done.ImportedRows));
        Assert.Equal(ImportJobState.Pending, reported[0].State);
        Assert.Equal(done, reported[^1]);
    }

    [Fact]
    public async Task ColumnsNamingNoFieldAreIgnoredAndANullableFieldMayBeLeftOut()
    {
        string name = await CreateAsync();
        string file = Write("extra", ("id", Longs([1, 2])), ("v", FloatLists(2, _ => 4)), ("title", Strings(["a", "b"])), ("whatever", Longs([5, 6])));
        Assert.Equal(ImportJobState.Completed, (await ImportAndWaitAsync(name, file)).State);
        Assert.Equal(2, await _c.CountAsync(name, "note is null"));
    }

    [Fact]
    public async Task AMissingRequiredColumnFailsTheJob() =>
        await AssertFailsAsync(await CreateAsync(), Write("nov", ("id", Longs([1])), ("title", Strings(["a"]))),
            "schema not equal, err=field 'v' not in arrow schema: importing data failed: importing data failed");

    [Fact]
    public async Task AnAutoIdKeyColumnIsRefused() =>
        await AssertFailsAsync(await CreateAsync(autoId: true), Good("autoid", 3),
            "the primary key 'id' is auto-generated, no need to provide: importing data failed");

    [Fact]
    public async Task AWrongListElementTypeIsRefused() =>
        await AssertFailsAsync(await CreateAsync(), Write("bytes", ("id", Longs([1])), ("v", ByteLists(1, 4)), ("title", Strings(["a"]))),
            "field 'v' type mis-match, expect arrow type 'list<item: float32, nullable>', get arrow data type 'list<element: uint8, nullable>'");

    [Fact]
    public async Task ANullInANonNullableColumnIsRefused() =>
        await AssertFailsAsync(await CreateAsync(), Write("nulltitle", ("id", Longs([1, 2])), ("v", FloatLists(2, _ => 4)), ("title", Strings(["a", null]))),
            "the field 'title' is not nullable but the file contains null value: importing data failed");

    [Fact]
    public async Task AVectorOfTheWrongLengthIsRefused() =>
        await AssertFailsAsync(await CreateAsync(), Write("short", ("id", Longs([1, 2])), ("v", FloatLists(2, i => i == 1 ? 3 : 4)), ("title", Strings(["a", "b"]))),
            "length of vector is not aligned: expected 4 but got 3, data type: FloatVector: importing data failed");

    [Fact]
    public async Task AJobIsAllOrNothing()
    {
        // The last row's title is longer than max_length: the insert checks refuse it, and no row of the file lands.
        string name = await CreateAsync();
        string file = Write("toolong", ("id", Longs(Enumerable.Range(0, 50).Select(i => (long)i))), ("v", FloatLists(50, _ => 4)),
            ("title", Strings(Enumerable.Range(0, 50).Select(i => i == 49 ? "much too long" : "ok"))));
        await AssertFailsAsync(name, file, "exceeds max length");
    }

    [Fact]
    public async Task AMissingFileFailsTheJobNotTheRequest() =>
        await AssertFailsAsync(await CreateAsync(), "files/nothing-here.parquet", "error: key not found[key=files/nothing-here.parquet]");

    [Fact]
    public async Task ADamagedFileFailsTheJob()
    {
        string name = await CreateAsync();
        string file = Good("damaged", 5);
        string path = Path.Combine(_root, file);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^1] ^= 0xFF;   // the trailing "PAR1" magic
        await File.WriteAllBytesAsync(path, bytes);
        await AssertFailsAsync(name, file, "new parquet reader failed");
    }

    [Fact]
    public async Task AParquetImportNamesOneFile()
    {
        string name = await CreateAsync();
        string a = Good("a", 2), b = Good("b", 2, 10);
        var two = await Assert.ThrowsAsync<MilvusServerException>(() => _c.ImportAsync(name, null, [a, b]));
        Assert.Equal((2100, "for Parquet import, accepts only one file: importing data failed"), (two.Code, two.Reason));
        // More than datacoord.maxFilesPerImportReq (1024) is refused by the same rule: the v1 request is one file group.
        var many = await Assert.ThrowsAsync<MilvusServerException>(() => _c.ImportAsync(name, null, Enumerable.Range(0, 1025).Select(i => $"x/{i}.parquet").ToList()));
        Assert.Equal(2100, many.Code);
        var mixed = await Assert.ThrowsAsync<MilvusServerException>(() => _c.ImportAsync(name, null, [a, "x.json"]));
        Assert.Equal($"inconsistency in file types, ({a}) vs (x.json): importing data failed", mixed.Reason);
        var empty = await Assert.ThrowsAsync<MilvusServerException>(() => _c.ImportAsync(name, null, []));
        Assert.Equal((1100, "import request is empty: invalid parameter"), (empty.Code, empty.Reason));
        Assert.Empty(await _c.ListImportJobsAsync(name));
    }

    [Fact]
    public async Task APartitionKeyCollectionTakesNoPartitionNameAndRoutesTheRows()
    {
        string name = await CreateAsync(partitionKey: true);
        string file = Good("pkey", 40);
        var named = await Assert.ThrowsAsync<MilvusServerException>(() => _c.ImportAsync(name, "_default_0", [file]));
        Assert.Equal((2100, "not allow to set partition name for collection with partition key: importing data failed"), (named.Code, named.Reason));
        Assert.Equal(ImportJobState.Completed, (await ImportAndWaitAsync(name, file)).State);
        Assert.Equal(40, await _c.CountAsync(name));
        Assert.True((await _c.ListPartitionsAsync(name)).Count(p => _c.GetPartitionRowCountAsync(name, p).GetAwaiter().GetResult() > 0) > 1);
    }

    [Fact]
    public async Task UnknownCollectionsPartitionsAndJobsAreRefused()
    {
        string name = await CreateAsync();
        var collection = await Assert.ThrowsAsync<MilvusServerException>(() => _c.ImportAsync("nope", null, [Good("c", 1)]));
        Assert.Equal((100, "collection not found[database=default][collection=nope]"), (collection.Code, collection.Reason));
        var partition = await Assert.ThrowsAsync<MilvusServerException>(() => _c.ImportAsync(name, "p9", [Good("p", 1)]));
        Assert.Equal((200, "partition not found[partition=p9]"), (partition.Code, partition.Reason));
        var job = await Assert.ThrowsAsync<MilvusServerException>(() => _c.GetImportStateAsync(42));
        Assert.Equal((2100, "import job does not exist, jobID=42: importing data failed"), (job.Code, job.Reason));
        var list = await Assert.ThrowsAsync<MilvusServerException>(() => _c.ListImportJobsAsync("nope"));
        Assert.Equal(100, list.Code);
    }

    [Fact]
    public async Task TheJobLimitAndABadTimeoutRefuseTheRequest()
    {
        await using var server = await TestServers.StartAsync(new TestServerOptions { StorageRoot = _root, MaxImportJobs = 1, ImportStageDelay = TimeSpan.FromSeconds(2) });
        using var c = TestServers.Client(server);
        await c.CreateCollectionAsync(Schemas.Simple("lim", dim: 4));
        var timeout = await Assert.ThrowsAsync<MilvusServerException>(() => c.ImportAsync("lim", null, ["a.parquet"], new Dictionary<string, string> { ["timeout"] = "soon" }));
        Assert.Equal((2100, "parse timeout failed, err=time: invalid duration \"soon\": importing data failed"), (timeout.Code, timeout.Reason));
        await c.ImportAsync("lim", null, ["a.parquet"], new Dictionary<string, string> { ["timeout"] = "1h30m" });
        var limit = await Assert.ThrowsAsync<MilvusServerException>(() => c.ImportAsync("lim", null, ["b.parquet"]));
        Assert.StartsWith("failed to broadcast import: failed to validate import request: The number of jobs has reached the limit", limit.Reason);
    }

    [Fact]
    public async Task AFileOutsideTheStorageRootIsNotFound()
    {
        string name = await CreateAsync();
        string outside = Path.Combine(Path.GetTempPath(), $"outside-{Guid.NewGuid():N}.parquet");
        File.Copy(Path.Combine(_root, Good("inside", 2)), outside);
        try { await AssertFailsAsync(name, $"../{Path.GetFileName(outside)}", "key not found"); }
        finally { File.Delete(outside); }
    }

    [Fact]
    public async Task SparseVectorsAreReadFromJsonTextOrAnIndicesValuesStruct()
    {
        string name = Schemas.UniqueName("sparse");
        await _c.CreateCollectionAsync(new CollectionSpec
        {
            Name = name,
            Fields =
            [
                new FieldSpec { Name = "id", DataType = MilvusDataType.Int64, IsPrimaryKey = true },
                new FieldSpec { Name = "sv", DataType = MilvusDataType.SparseFloatVector },
            ],
        });
        string json = Write("sv-json", ("id", Longs([1, 2])), ("sv", Strings(["{\"7\": 0.5, \"2\": 1.5}", "{\"indices\": [3], \"values\": [2.0]}"])));
        Assert.Equal(ImportJobState.Completed, (await ImportAndWaitAsync(name, json)).State);

        var indices = new ListArray.Builder(UInt32Type.Default);
        var values = new ListArray.Builder(FloatType.Default);
        foreach (var (i, v) in new[] { (new uint[] { 1, 9 }, new[] { 0.25f, 4f }), (new uint[] { 5 }, new[] { 1f }) })
        {
            indices.Append(); ((UInt32Array.Builder)indices.ValueBuilder).AppendRange(i);
            values.Append(); ((FloatArray.Builder)values.ValueBuilder).AppendRange(v);
        }
        IArrowArray[] children = [indices.Build(), values.Build()];
        var type = new StructType([new Field("indices", children[0].Data.DataType, true), new Field("values", children[1].Data.DataType, true)]);
        string structs = Write("sv-struct", ("id", Longs([3, 4])), ("sv", new StructArray(type, 2, children, ArrowBuffer.Empty)));
        Assert.Equal(ImportJobState.Completed, (await ImportAndWaitAsync(name, structs)).State);

        await _c.CreateIndexAsync(name, new IndexSpec { FieldName = "sv", IndexType = "SPARSE_INVERTED_INDEX", MetricType = "IP" });
        await _c.LoadCollectionAsync(name);
        var rows = (await _c.QueryAsync(name, new QueryOptions { Expression = "id > 0", OutputFields = ["id", "sv"] })).Batch!;
        var sparse = (SparseVectorColumn)rows["sv"]!;
        var ids = ((ScalarColumn<long>)rows["id"]!).Values;
        Assert.Equal(new Dictionary<uint, float> { [2] = 1.5f, [7] = 0.5f }, sparse.DecodeRow(System.Array.IndexOf(ids, 1L)));
        Assert.Equal(new Dictionary<uint, float> { [1] = 0.25f, [9] = 4f }, sparse.DecodeRow(System.Array.IndexOf(ids, 3L)));

        await AssertFailsAsync(name, Write("sv-bad", ("id", Longs([5])), ("sv", Strings(["[1, 2]"]))), "Invalid JSON string for SparseFloatVector: '[1, 2]'");
    }

    [Fact]
    public async Task ABm25OutputColumnIsRefused()
    {
        string name = Schemas.UniqueName("bm25");
        await _c.CreateCollectionAsync(new CollectionSpec
        {
            Name = name,
            Fields =
            [
                new FieldSpec { Name = "id", DataType = MilvusDataType.Int64, IsPrimaryKey = true },
                new FieldSpec { Name = "text", DataType = MilvusDataType.VarChar, MaxLength = 64, ExtraTypeParams = new Dictionary<string, string> { ["enable_analyzer"] = "true" } },
                new FieldSpec { Name = "bm25", DataType = MilvusDataType.SparseFloatVector, IsFunctionOutput = true },
            ],
            Functions = [new FunctionSpec { Name = "text_bm25", Type = "BM25", InputFieldNames = ["text"], OutputFieldNames = ["bm25"] }],
        });
        await AssertFailsAsync(name, Write("bm25", ("id", Longs([1])), ("text", Strings(["a b"])), ("bm25", Strings(["{\"1\": 1.0}"]))),
            "not allowed to provide data for BM25 function output field 'bm25': importing data failed");
        Assert.Equal(ImportJobState.Completed, (await ImportAndWaitAsync(name, Write("text", ("id", Longs([1])), ("text", Strings(["a b"]))))).State);
    }

    [Fact]
    public async Task ARefreshNeedsALoadedCollection()
    {
        string name = await CreateAsync();
        await _c.LoadCollectionAsync(name, refresh: true);
        await _c.ReleaseCollectionAsync(name);
        var e = await Assert.ThrowsAsync<MilvusServerException>(() => _c.LoadCollectionAsync(name, refresh: true));
        Assert.Equal(101, e.Code);
        Assert.StartsWith("collection not loaded[collection=", e.Reason);
    }

    [Fact]
    public async Task ANamedPartitionGetsTheRows()
    {
        string name = await CreateAsync();
        await _c.CreatePartitionAsync(name, "p1");
        Assert.Equal(ImportJobState.Completed, (await ImportAndWaitAsync(name, Good("part", 12), "p1")).State);
        Assert.Equal((12L, 0L), (await _c.CountAsync(name, partitions: ["p1"]), await _c.CountAsync(name, partitions: ["_default"])));
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, after the wait may have returned).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
