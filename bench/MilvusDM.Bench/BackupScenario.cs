using System.Globalization;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;
using MilvusDM.TestServer;

namespace MilvusDM.Bench;

/// <summary>
/// Dump and restore of one collection (default 1,000,000 × 128 float32 in 4 partitions) by milvusdm in a child
/// process: Backup-Milvus from a storing in-process server into Parquet, Restore-Milvus of that dump into a discard
/// server, and beside them, in the same run, Export-MilvusCollection of the same collection to HDF5 (M2H) and a copy
/// to the discard server (M2M). Rows/s, MB/s (data bytes: 8 + 4 × dim per row) and the child's peak resident set.
/// The vectors are seeded random floats: embeddings do not compress, and neither should the benchmark's.
/// </summary>
internal static class BackupScenario
{
    private const string Collection = "bench_dump";
    private const int Partitions = 4;

    public static async Task RunAsync(long rows, int dim)
    {
        string cli = Path.Combine(MemoryScenario.RepoRoot(), "src", "MilvusDM.Cli", "bin", "Release", "net10.0", "milvusdm.dll");
        if (!File.Exists(cli)) throw new FileNotFoundException("Build the solution in Release first.", cli);
        await using var source = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });
        await using var discard = await MilvusTestServer.StartAsync(new TestServerOptions { Discard = true, FlushMinInterval = TimeSpan.Zero });
        await FillAsync(source, rows, dim);

        string work = Path.Combine(Path.GetTempPath(), $"milvusdm-bench-dump-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            double bytes = rows * (8.0 + 4 * dim);
            string connect = $"$s = Connect-Milvus {source.Uri}; $d = Connect-Milvus {discard.Uri} -NoDefault";
            Console.WriteLine($"dump/restore: {rows:N0} × {dim} float32 in {Partitions} partitions, child = milvusdm, servers in the bench process (source stores, target discards)");
            Console.WriteLine($"{"path",-32} {"rows/s",12} {"MB/s",8} {"seconds",8} {"peak RSS MB",12} {"files MB",9}");
            foreach (var (label, command, output) in new[]
            {
                ("Backup-Milvus → Parquet", $"Backup-Milvus -Path '{work}/dump'", $"{work}/dump"),
                ("Restore-Milvus ← Parquet", $"Restore-Milvus -Path '{work}/dump' -Connection $d", ""),
                ("M2H Export-MilvusCollection", $"Export-MilvusCollection -Name {Collection} -Path '{work}/h5'", $"{work}/h5"),
                ("M2M Copy-MilvusCollection", $"Copy-MilvusCollection -Name {Collection} -DestinationName copied -Destination $d", ""),
            })
            {
                var (seconds, peak) = MemoryScenario.RunChild(cli, $"{connect}; {command} | Out-Null");
                double files = output.Length == 0 ? 0 : Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1e6;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label,-32} {rows / seconds,12:N0} {bytes / seconds / 1e6,8:N1} {seconds,8:N1} {peak / 1e6,12:N0} {(files > 0 ? files.ToString("N0", CultureInfo.InvariantCulture) : ""),9}"));
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The source collection: <paramref name="rows"/> synthetic rows spread over the partitions, a FLAT index, not loaded (the backup loads it).</summary>
    private static async Task FillAsync(MilvusTestServer server, long rows, int dim)
    {
        using var client = new MilvusClient(new MilvusConnectionOptions { Uri = server.Uri.ToString() });
        var engine = new TransferEngine();
        long each = rows / Partitions;
        for (int p = 0; p < Partitions; p++)
        {
            var part = new RandomVectorSource(p == Partitions - 1 ? rows - each * p : each, dim, firstId: each * p);
            var sink = new MilvusCollectionSink(client, new MilvusSinkOptions
            {
                CollectionName = Collection, PartitionName = p == 0 ? null : $"p{p}", Flush = p == Partitions - 1,
                Indexes = p == 0 ? [new IndexSpec { FieldName = "embedding", IndexType = "FLAT", MetricType = "L2" }] : [],
            });
            var result = await engine.RunAsync(part, sink);
            if (result.Status != TransferStatus.Succeeded) throw new InvalidOperationException($"filling the source failed: {result.Error}");
        }
    }
}

/// <summary>Seeded random vectors (uniform in [-1, 1)) with ids from <paramref name="firstId"/>.</summary>
internal sealed class RandomVectorSource(long rows, int dim, long firstId) : IVectorSource
{
    public string Identity => $"random:{rows}x{dim}@{firstId}";
    public string Description => $"random {rows:N0} × {dim} float32";
    public long? TotalRows => rows;

    public Task<CollectionSpec> DescribeAsync(CancellationToken ct) => new SyntheticVectorSource(rows, dim).DescribeAsync(ct);

    public async IAsyncEnumerable<VectorBatch> ReadAsync(SourcePosition? resumeAfter, int batchRows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var random = new Random((int)firstId + 17);
        for (long start = 0; start < rows; start += batchRows)
        {
            int n = (int)Math.Min(batchRows, rows - start);
            var ids = new long[n];
            var data = new float[n * dim];
            for (int i = 0; i < n; i++) ids[i] = firstId + start + i;
            for (int k = 0; k < data.Length; k++) data[k] = random.NextSingle() * 2 - 1;
            yield return new VectorBatch([new ScalarColumn<long>("id", MilvusDataType.Int64, ids), new FloatVectorColumn("embedding", dim, data)], new SourcePosition { Offset = start });
            await Task.Yield();
        }
    }
}
