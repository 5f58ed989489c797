using System.Runtime.InteropServices;
using System.Text.Json;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Faiss;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;

namespace MilvusDM.Core.Tests.Faiss;

/// <summary>
/// FaissFileSink writes files that our reader and the real Faiss 1.7.3 (python3-faiss, in a subprocess) both load with
/// every id and vector intact, and that Faiss searches like a brute-force search over the source rows.
/// </summary>
public sealed class FaissWriteTests : IDisposable
{
    private const int Rows = 1000, Dim = 16, Bits = 128, K = 5;
    private readonly string _dir = Directory.CreateTempSubdirectory("milvusdm-faisswrite-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CollectionSpec Spec(MilvusDataType vectorType, int dim, params FieldSpec[] extra) => new()
    {
        Name = "docs",
        Fields =
        [
            new FieldSpec { Name = "id", DataType = MilvusDataType.Int64, IsPrimaryKey = true },
            new FieldSpec { Name = "embedding", DataType = vectorType, Dimension = dim },
            new FieldSpec { Name = "title", DataType = MilvusDataType.VarChar, MaxLength = 64 },
            .. extra,
        ],
        EnableDynamicField = true,
    };

    /// <summary>Distinct ids over the whole signed range (both extremes included), in shuffled order.</summary>
    private static long[] Ids(Random rng)
    {
        var set = new HashSet<long> { long.MinValue, long.MaxValue, 0, -1 };
        while (set.Count < Rows) set.Add(rng.NextInt64(long.MinValue, long.MaxValue));
        return [.. set.OrderBy(_ => rng.Next())];
    }

    /// <summary>Cuts the rows into batches of uneven sizes (the sink is never told the total).</summary>
    private static List<VectorBatch> Batches(long[] ids, Func<int, int, ColumnData> vectors)
    {
        var list = new List<VectorBatch>();
        int[] sizes = [1, 137, 300, 62, 250];
        for (int start = 0, s = 0; start < ids.Length; s++)
        {
            int n = Math.Min(sizes[s % sizes.Length], ids.Length - start);
            var titles = Enumerable.Range(start, n).Select(i => $"t{i}").ToArray();
            list.Add(new VectorBatch([new ScalarColumn<long>("id", MilvusDataType.Int64, ids[start..(start + n)]), vectors(start, n),
                new ScalarColumn<string>("title", MilvusDataType.VarChar, titles)]));
            start += n;
        }
        return list;
    }

    /// <summary>Writes the batches concurrently, checking the file appears only when complete.</summary>
    private async Task<(string Path, IReadOnlyList<string> Notes)> Write(CollectionSpec spec, string? metric, List<VectorBatch> batches)
    {
        string path = Path.Combine(_dir, $"out-{Guid.NewGuid():N}.index");
        using var sink = new FaissFileSink(path, overwrite: false, metric);
        var prep = await sink.PrepareAsync(spec, CancellationToken.None);
        Assert.False(prep.Skip);
        await Task.WhenAll(batches.Select(b => Task.Run(() => sink.WriteAsync(b, CancellationToken.None))));
        Assert.False(File.Exists(path));
        Assert.True(File.Exists(path + ".partial"));
        await sink.CompleteAsync(CancellationToken.None);
        Assert.Equal(batches.Sum(b => b.RowCount), sink.Rows);
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(_dir).Select(Path.GetFileName));
        return (path, prep.Notes);
    }

    /// <summary>Our reader: every (id, vector) pair, in file order.</summary>
    private static async Task<(FaissIndexSource Source, List<(long Id, byte[] Vector)> Rows)> ReadBack(string path)
    {
        var source = new FaissIndexSource(path);
        var spec = await source.DescribeAsync(CancellationToken.None);
        var rows = new List<(long, byte[])>();
        await foreach (var b in source.ReadAsync(null, 128, CancellationToken.None))
        {
            var ids = (ScalarColumn<long>)b["id"]!;
            for (int i = 0; i < b.RowCount; i++)
                rows.Add((ids.Values[i], b["embedding"] switch
                {
                    FloatVectorColumn f => MemoryMarshal.AsBytes(f.GetVector(i)).ToArray(),
                    ByteVectorColumn v => v.GetVector(i).ToArray(),
                    _ => throw new InvalidOperationException(),
                }));
        }
        Assert.Equal(MilvusDataType.Int64, spec.PrimaryField.DataType);
        return (source, rows);
    }

    private sealed record FaissView(string Type, string Inner, long NTotal, long InnerNTotal, int D, int MetricType, long[] Ids, byte[] Vectors, long[] Labels, float[] Distances);

    /// <summary>The real Faiss loads the file (tests/fixtures/check_faiss.py) and searches it.</summary>
    private async Task<FaissView> AskFaiss(string path, bool binary, byte[] queries)
    {
        string prefix = Path.Combine(_dir, "faiss-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(prefix + ".queries", queries);
        string script = Path.Combine(RepoPaths.Root, "tests", "fixtures", "check_faiss.py");
        var run = await ProcessRunner.RunAsync("/usr/bin/python3", [script, path, binary ? "binary" : "float", prefix + ".queries", K.ToString(), prefix],
            RepoPaths.Root, TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"check_faiss.py failed (is python3-faiss installed?):\n{run.StdErr}");
        var j = JsonDocument.Parse(run.StdOut).RootElement;
        byte[] Read(string ext) => File.Exists(prefix + ext) ? File.ReadAllBytes(prefix + ext) : [];
        var view = new FaissView(j.GetProperty("type").GetString()!, j.GetProperty("inner").GetString()!, j.GetProperty("ntotal").GetInt64(),
            j.GetProperty("inner_ntotal").GetInt64(), j.GetProperty("d").GetInt32(), j.GetProperty("metric_type").GetInt32(),
            MemoryMarshal.Cast<byte, long>(Read(".ids")).ToArray(), Read(".vecs"),
            MemoryMarshal.Cast<byte, long>(Read(".knn")).ToArray(), MemoryMarshal.Cast<byte, float>(Read(".dist")).ToArray());
        foreach (var f in Directory.GetFiles(_dir, Path.GetFileName(prefix) + ".*")) File.Delete(f);
        return view;
    }

    /// <summary>Top-k ids and distances by brute force over the source rows (smaller is nearer; IP is negated).</summary>
    private static (long Id, float Distance)[] BruteForce<T>(IReadOnlyDictionary<long, T[]> rows, T[] query, Func<T[], T[], float> distance) =>
        rows.Select(r => (r.Key, distance(r.Value, query))).OrderBy(x => x.Item2).Take(K).ToArray();

    private static float L2(float[] a, float[] b) { float s = 0; for (int i = 0; i < a.Length; i++) { float t = a[i] - b[i]; s += t * t; } return s; }
    private static float NegIp(float[] a, float[] b) { float s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return -s; }
    private static float Hamming(byte[] a, byte[] b) { int s = 0; for (int i = 0; i < a.Length; i++) s += System.Numerics.BitOperations.PopCount((uint)(a[i] ^ b[i])); return s; }

    [Theory]
    [InlineData(null, "IxF2", 1, "L2")]
    [InlineData("L2", "IxF2", 1, "L2")]
    [InlineData("IP", "IxFI", 0, "IP")]
    [InlineData("COSINE", "IxFI", 0, "IP")]
    public async Task FaissWriteFloatVectorsThatOurReaderAndFaissLoadAndSearch(string? metric, string innerFourcc, int faissMetric, string milvusMetric)
    {
        var rng = new Random(17);
        var ids = Ids(rng);
        var data = new float[Rows * Dim];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        data[5] = -0f; data[6] = float.Epsilon; // odd bit patterns survive
        var truth = ids.Select((id, i) => (id, v: data.AsSpan(i * Dim, Dim).ToArray())).ToDictionary(x => x.id, x => x.v);

        var (path, notes) = await Write(Spec(MilvusDataType.FloatVector, Dim), metric,
            Batches(ids, (s, n) => new FloatVectorColumn("embedding", Dim, data.AsSpan(s * Dim, n * Dim).ToArray())));
        Assert.Contains(notes, n => n.Contains("'title' (VarChar)") && n.Contains("$meta"));
        Assert.Equal(metric == "COSINE", notes.Any(n => n.Contains("COSINE")));

        var (source, mine) = await ReadBack(path);
        Assert.Equal(milvusMetric, source.MetricType);
        Assert.Equal(Rows, mine.Count);
        foreach (var (id, vector) in mine) Assert.Equal(MemoryMarshal.AsBytes(truth[id].AsSpan()).ToArray(), vector);

        // Queries: some stored rows and some fresh vectors.
        var queries = ids.Take(8).Select(id => truth[id]).Concat(Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, Dim).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray())).ToArray();
        var faiss = await AskFaiss(path, binary: false, MemoryMarshal.AsBytes(queries.SelectMany(q => q).ToArray().AsSpan()).ToArray());
        // Faiss 1.7.3's Python downcast names IndexFlatL2/IP "IndexFlat"; the fourcc (after "IxM2" + 33-byte header) tells them apart.
        Assert.Equal(("IndexIDMap2", "IndexFlat", Rows, Rows, Dim, faissMetric), (faiss.Type, faiss.Inner, faiss.NTotal, faiss.InnerNTotal, faiss.D, faiss.MetricType));
        Assert.Equal(innerFourcc, System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(path), 37, 4));
        Assert.Equal(mine.Select(r => r.Id), faiss.Ids);
        Assert.Equal(mine.SelectMany(r => r.Vector), faiss.Vectors);
        for (int q = 0; q < queries.Length; q++)
        {
            var expected = BruteForce(truth, queries[q], faissMetric == 1 ? L2 : NegIp);
            Assert.Equal(expected.Select(e => e.Id), faiss.Labels.Skip(q * K).Take(K));
        }
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("HAMMING", false)]
    [InlineData("JACCARD", true)]
    public async Task FaissWriteBinaryVectorsThatOurReaderAndFaissLoadAndSearch(string? metric, bool noted)
    {
        var rng = new Random(23);
        var ids = Ids(rng);
        var data = new byte[Rows * Bits / 8];
        rng.NextBytes(data);
        int bytes = Bits / 8;
        var truth = ids.Select((id, i) => (id, v: data.AsSpan(i * bytes, bytes).ToArray())).ToDictionary(x => x.id, x => x.v);

        var (path, notes) = await Write(Spec(MilvusDataType.BinaryVector, Bits), metric,
            Batches(ids, (s, n) => new ByteVectorColumn("embedding", MilvusDataType.BinaryVector, Bits, data.AsSpan(s * bytes, n * bytes).ToArray())));
        Assert.Equal(noted, notes.Any(n => n.Contains("Hamming")));

        var (source, mine) = await ReadBack(path);
        Assert.Equal("HAMMING", source.MetricType);
        Assert.Equal(Rows, mine.Count);
        foreach (var (id, vector) in mine) Assert.Equal(truth[id], vector);

        var queries = ids.Take(6).Select(id => truth[id]).Concat(Enumerable.Range(0, 6).Select(_ => { var q = new byte[bytes]; rng.NextBytes(q); return q; })).ToArray();
        var faiss = await AskFaiss(path, binary: true, queries.SelectMany(q => q).ToArray());
        Assert.Equal(("IndexBinaryIDMap2", "IndexBinaryFlat", Rows, Rows, Bits), (faiss.Type, faiss.Inner, faiss.NTotal, faiss.InnerNTotal, faiss.D));
        Assert.Equal(mine.Select(r => r.Id), faiss.Ids);
        Assert.Equal(mine.SelectMany(r => r.Vector), faiss.Vectors);
        for (int q = 0; q < queries.Length; q++)
        {
            // Hamming distances are small integers: ties are common, so compare distances and check each label's own distance.
            var expected = BruteForce(truth, queries[q], Hamming);
            var labels = faiss.Labels.Skip(q * K).Take(K).ToArray();
            Assert.Equal(expected.Select(e => e.Distance), faiss.Distances.Skip(q * K).Take(K));
            Assert.Equal(expected.Select(e => e.Distance), labels.Select(id => Hamming(truth[id], queries[q])));
            Assert.Equal(K, labels.Distinct().Count());
        }
    }

    [Fact]
    public async Task FaissWriteAnEmptyCollectionGivesAnEmptyIndex()
    {
        var (path, _) = await Write(Spec(MilvusDataType.FloatVector, Dim), "IP", []);
        var (_, mine) = await ReadBack(path);
        Assert.Empty(mine);
        var faiss = await AskFaiss(path, binary: false, []);
        Assert.Equal(("IndexIDMap2", "IndexFlat", 0L, 0L, Dim), (faiss.Type, faiss.Inner, faiss.NTotal, faiss.InnerNTotal, faiss.D));
    }

    // Faiss itself writes the same rows into an IDMap2 over a flat index; argv: metric (L2/IP/binary), d, ids, vectors, output.
    private const string FaissWritesItself = """
        import sys, faiss, numpy as np
        kind, d, ids, vecs, out = sys.argv[1], int(sys.argv[2]), np.fromfile(sys.argv[3], dtype='int64'), sys.argv[4], sys.argv[5]
        if kind == 'binary':
            index = faiss.IndexBinaryIDMap2(faiss.IndexBinaryFlat(d))
            index.add_with_ids(np.fromfile(vecs, dtype='uint8').reshape(-1, d // 8), ids)
            faiss.write_index_binary(index, out)
        else:
            index = faiss.IndexIDMap2(faiss.IndexFlatL2(d) if kind == 'L2' else faiss.IndexFlatIP(d))
            index.add_with_ids(np.fromfile(vecs, dtype='float32').reshape(-1, d), ids)
            faiss.write_index(index, out)
        """;

    [Theory]
    [InlineData("L2")]
    [InlineData("IP")]
    [InlineData("binary")]
    public async Task FaissWriteMatchesWhatFaissWritesByteForByte(string kind)
    {
        var rng = new Random(5);
        var ids = Ids(rng);
        bool binary = kind == "binary";
        int dim = binary ? Bits : Dim;
        var vectors = new byte[Rows * (binary ? Bits / 8 : Dim * 4)];
        if (binary) rng.NextBytes(vectors); else FillFloats(vectors, rng);
        int rowBytes = vectors.Length / Rows;
        var (mine, _) = await Write(Spec(binary ? MilvusDataType.BinaryVector : MilvusDataType.FloatVector, dim), binary ? null : kind, Batches(ids, (s, n) => binary
            ? new ByteVectorColumn("embedding", MilvusDataType.BinaryVector, dim, vectors.AsSpan(s * rowBytes, n * rowBytes).ToArray())
            : new FloatVectorColumn("embedding", dim, MemoryMarshal.Cast<byte, float>(vectors.AsSpan(s * rowBytes, n * rowBytes)).ToArray())));
        // Our concurrent writes keep arrival order: hand Faiss the rows in the order our file holds them.
        var (_, rows) = await ReadBack(mine);
        string idsFile = Path.Combine(_dir, "order.ids"), vecsFile = Path.Combine(_dir, "order.vecs"), theirs = Path.Combine(_dir, "faiss.index");
        File.WriteAllBytes(idsFile, MemoryMarshal.AsBytes(rows.Select(r => r.Id).ToArray().AsSpan()).ToArray());
        File.WriteAllBytes(vecsFile, rows.SelectMany(r => r.Vector).ToArray());
        var run = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", FaissWritesItself, kind, dim.ToString(), idsFile, vecsFile, theirs], RepoPaths.Root, TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.StdErr);
        var expected = File.ReadAllBytes(theirs);
        // Faiss 1.7.3 leaves the binary IDMap's code_size (bytes 8..11) at 0; newer Faiss sets it to d/8, as we do.
        if (binary) BitConverter.TryWriteBytes(expected.AsSpan(8, 4), dim / 8);
        Assert.Equal(expected, File.ReadAllBytes(mine));
    }

    private static void FillFloats(byte[] bytes, Random rng)
    {
        var floats = MemoryMarshal.Cast<byte, float>(bytes.AsSpan());
        for (int i = 0; i < floats.Length; i++) floats[i] = (float)(rng.NextDouble() * 2 - 1);
    }

    public static TheoryData<string, FieldSpec[], string[]> Unsupported => new()
    {
        { "sparse", [Field("sparse", MilvusDataType.SparseFloatVector, null)], ["'sparse' (SparseFloatVector)"] },
        { "two vector fields", [Field("emb", MilvusDataType.FloatVector, 8), Field("bits", MilvusDataType.BinaryVector, 64)], ["'emb' (FloatVector)", "'bits' (BinaryVector)"] },
        { "float16", [Field("half", MilvusDataType.Float16Vector, 8)], ["'half' (Float16Vector)"] },
        { "int8", [Field("q", MilvusDataType.Int8Vector, 8)], ["'q' (Int8Vector)"] },
        { "no vector", [], ["no vector field"] },
    };

    private static FieldSpec Field(string name, MilvusDataType type, int? dim) => new() { Name = name, DataType = type, Dimension = dim };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public async Task FaissWriteRefusesCollectionsItCannotRepresentBeforeWriting(string why, FieldSpec[] vectors, string[] named)
    {
        var spec = new CollectionSpec { Name = "c", Fields = [new FieldSpec { Name = "id", DataType = MilvusDataType.Int64, IsPrimaryKey = true }, .. vectors] };
        string path = Path.Combine(_dir, "x.index");
        using var sink = new FaissFileSink(path, overwrite: false);
        var e = await Assert.ThrowsAsync<MilvusDMException>(() => sink.PrepareAsync(spec, CancellationToken.None));
        Assert.Equal("FaissUnsupportedCollection", e.ErrorId);
        Assert.Equal(MilvusDMErrorKind.Unsupported, e.Kind);
        Assert.Contains("FloatVector or BinaryVector", e.Message);
        foreach (var n in named) Assert.Contains(n, e.Message);
        Assert.True(Directory.GetFiles(_dir).Length == 0, why);
    }

    [Fact]
    public async Task FaissWriteLeavesOutBm25OutputsButNeedsInt64Keys()
    {
        var bm25 = Spec(MilvusDataType.FloatVector, Dim, new FieldSpec { Name = "sparse", DataType = MilvusDataType.SparseFloatVector, IsFunctionOutput = true });
        using (var ok = new FaissFileSink(Path.Combine(_dir, "bm25.index"), overwrite: false))
            Assert.Contains((await ok.PrepareAsync(bm25, CancellationToken.None)).Notes, n => n.Contains("'sparse' (SparseFloatVector)"));

        var varchar = Schemas.Simple("v", pkType: MilvusDataType.VarChar);
        using var sink = new FaissFileSink(Path.Combine(_dir, "v.index"), overwrite: false);
        var e = await Assert.ThrowsAsync<MilvusDMException>(() => sink.PrepareAsync(varchar, CancellationToken.None));
        Assert.Equal("FaissNeedsInt64Keys", e.ErrorId);
        Assert.Contains("'id' (VarChar)", e.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "v.index.partial")));
    }

    [Theory]
    [InlineData(MilvusDataType.FloatVector, 8, "HAMMING")]
    [InlineData(MilvusDataType.BinaryVector, 64, "L2")]
    public async Task FaissWriteRefusesAMetricTheFlatIndexCannotHave(MilvusDataType type, int dim, string metric)
    {
        using var sink = new FaissFileSink(Path.Combine(_dir, "m.index"), overwrite: false, metric);
        var e = await Assert.ThrowsAsync<MilvusDMException>(() => sink.PrepareAsync(Spec(type, dim), CancellationToken.None));
        Assert.Equal("FaissMetricUnsupported", e.ErrorId);
    }

    [Fact]
    public async Task FaissWriteKeepsAnExistingFileUnlessOverwriting()
    {
        string path = Path.Combine(_dir, "existing.index");
        File.WriteAllText(path, "keep me");
        var spec = Schemas.Simple("s");
        using (var sink = new FaissFileSink(path, overwrite: false))
        {
            var e = await Assert.ThrowsAsync<MilvusDMException>(() => sink.PrepareAsync(spec, CancellationToken.None));
            Assert.Equal(("FaissFileExists", MilvusDMErrorKind.AlreadyExists), (e.ErrorId, e.Kind));
        }
        Assert.Equal("keep me", File.ReadAllText(path));

        using (var sink = new FaissFileSink(path, overwrite: true))
        {
            await sink.PrepareAsync(spec, CancellationToken.None);
            await sink.WriteAsync(Schemas.SimpleBatch(10, 3), CancellationToken.None);
            Assert.Equal("keep me", File.ReadAllText(path)); // replaced only on completion
            await sink.CompleteAsync(CancellationToken.None);
        }
        var (_, rows) = await ReadBack(path);
        Assert.Equal([10L, 11, 12], rows.Select(r => r.Id));
    }

    [Fact]
    public async Task FaissWriteAbandonedOrMismatchedRunLeavesNoFile()
    {
        string path = Path.Combine(_dir, "abandoned.index");
        using (var sink = new FaissFileSink(path, overwrite: false))
        {
            await sink.PrepareAsync(Schemas.Simple("s"), CancellationToken.None);
            await sink.WriteAsync(Schemas.SimpleBatch(0, 4), CancellationToken.None);
            var e = await Assert.ThrowsAsync<MilvusDMException>(() => sink.WriteAsync(Schemas.SimpleBatch(4, 2, dim: 4), CancellationToken.None));
            Assert.Equal("FaissColumnMismatch", e.ErrorId);
            var nulls = new VectorBatch([new ScalarColumn<long>("id", MilvusDataType.Int64, [7]), new FloatVectorColumn("embedding", 8, new float[8], [false])]);
            Assert.Equal("FaissNullVector", (await Assert.ThrowsAsync<MilvusDMException>(() => sink.WriteAsync(nulls, CancellationToken.None))).ErrorId);
        }
        Assert.Empty(Directory.GetFiles(_dir));
    }
}
