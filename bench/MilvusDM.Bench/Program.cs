using System.Diagnostics;
using System.Globalization;
using MilvusDM.Bench;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;
using MilvusDM.TestServer;

// dotnet run -c Release --project bench/MilvusDM.Bench [-- --quick]
// Streams synthetic vectors through the engine into the test server in discard mode, then sends the same
// rows with a bare gRPC client (the ceiling), and prints rows/s, MB/s, the ratio (median of 3 alternating runs),
// and the process's peak working set (server included: it runs in-process).
// dotnet run -c Release --project bench/MilvusDM.Bench -- memory [--rows N]   (F2M/H2M peak RSS of a child; default 8,000,000 rows = 4 GB)
// dotnet run -c Release --project bench/MilvusDM.Bench -- read [--rows N]     (read speed of the sources, no server; default 2,000,000 rows = 1 GB)
// dotnet run -c Release --project bench/MilvusDM.Bench -- backup [--rows N]   (Backup-/Restore-Milvus beside M2H and M2M, child milvusdm; default 1,000,000 rows)
if (args is ["memory" or "read" or "backup", ..])
{
    int at = Array.IndexOf(args, "--rows");
    long? rowsOption = at > 0 ? long.Parse(args[at + 1], CultureInfo.InvariantCulture) : null;
    await (args[0] switch
    {
        "memory" => MemoryScenario.RunAsync(rowsOption ?? 8_000_000, 128),
        "read" => ReadScenario.RunAsync(rowsOption ?? 2_000_000, 128),
        _ => BackupScenario.RunAsync(rowsOption ?? 1_000_000, 128),
    });
    return;
}

bool quick = args.Contains("--quick");
var scenarios = quick
    ? new[] { (Rows: 100_000L, Dim: 128), (Rows: 20_000L, Dim: 768) }
    : new[] { (Rows: 1_000_000L, Dim: 128), (Rows: 200_000L, Dim: 768) };
const int throttle = 4;
int Repetitions = quick ? 1 : 3;

await using var server = await MilvusTestServer.StartAsync(new TestServerOptions { Discard = true });
using var client = new MilvusClient(new MilvusConnectionOptions { Uri = server.Uri.ToString(), CallTimeout = Environment.GetEnvironmentVariable("BENCH_NODEADLINE") == "1" ? Timeout.InfiniteTimeSpan : TimeSpan.FromMinutes(2) });
Console.WriteLine($"MilvusDM benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, server in-process (discard mode)");
Console.WriteLine($"{"scenario",-16} {"path",-8} {"rows/s",12} {"MB/s",8} {"seconds",8} {"ratio",7} {"peak WS MB",11}");
foreach (var (rows, dim) in scenarios)
{
    string name = $"bench_{dim}";
    var options = new TransferOptions { ThrottleLimit = throttle };
    int batchRows = (int)Math.Min(options.BatchRows, options.MaxBatchBytes / (dim * 4 + 8));
    long bytes = rows * (dim * 4L + 8);

    var source = new PregeneratedSource(rows, dim, batchRows);
    // Warm up both paths (JIT, connections) on a small run.
    await new TransferEngine(options).RunAsync(new PregeneratedSource(20_000, dim, batchRows), new MilvusCollectionSink(client, new MilvusSinkOptions { CollectionName = name, Flush = false }));
    await RawCeiling.RunAsync(server.Uri, name, 20_000, dim, batchRows, throttle, source.Blocks);

    // Alternate the two paths a few times and keep the median of each: two shared cores make single runs noisy.
    var engineTimes = new List<double>();
    var rawTimes = new List<double>();
    long enginePeak = 0;
    for (int rep = 0; rep < Repetitions; rep++)
    {
        GC.Collect();
        var sw = Stopwatch.StartNew();
        var result = await new TransferEngine(options).RunAsync(source,
            new MilvusCollectionSink(client, new MilvusSinkOptions { CollectionName = name, Flush = false }));
        engineTimes.Add(sw.Elapsed.TotalSeconds);
        enginePeak = Math.Max(enginePeak, Process.GetCurrentProcess().PeakWorkingSet64);
        if (result.Status != TransferStatus.Succeeded || result.Rows != rows) throw new InvalidOperationException($"engine run ended {result.Status}: {result.Error}");

        GC.Collect();
        sw.Restart();
        long sent = await RawCeiling.RunAsync(server.Uri, name, rows, dim, batchRows, throttle, source.Blocks);
        rawTimes.Add(sw.Elapsed.TotalSeconds);
        if (sent != rows) throw new InvalidOperationException($"ceiling run sent {sent} rows");
    }
    double engineSeconds = Median(engineTimes), rawSeconds = Median(rawTimes);

    string scenario = $"{rows / 1000:N0}k × {dim}";
    Print(scenario, "engine", rows, bytes, engineSeconds, rawSeconds / engineSeconds, enginePeak);
    Print(scenario, "ceiling", rows, bytes, rawSeconds, 1, Process.GetCurrentProcess().PeakWorkingSet64);
}

// H2M: an HDF5 file through Hdf5VectorSource and the engine.
long h2mRows = quick ? 100_000 : 1_000_000;
var (h2mSeconds, h2mBytes, h2mPeak) = await H2MScenario.RunAsync(client, h2mRows, 128);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{$"H2M {h2mRows / 1000:N0}k × 128",-16} {"hdf5",-8} {h2mRows / h2mSeconds,12:N0} {h2mBytes / h2mSeconds / 1e6,8:N1} {h2mSeconds,8:N2} {"",7} {h2mPeak / 1e6,11:N0}"));

// F2M: a Faiss IDMap/flat file through FaissIndexSource and the engine.
var (f2mSeconds, f2mBytes, f2mPeak) = await F2MScenario.RunAsync(client, h2mRows, 128);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{$"F2M {h2mRows / 1000:N0}k × 128",-16} {"faiss",-8} {h2mRows / f2mSeconds,12:N0} {f2mBytes / f2mSeconds / 1e6,8:N1} {f2mSeconds,8:N2} {"",7} {f2mPeak / 1e6,11:N0}"));

// M2M (stored source → discard target) and M2H (stored source → HDF5 files).
long m2mRows = quick ? 50_000 : 200_000;
var (m2m, m2h) = await M2MScenario.RunAsync(client, m2mRows, 128);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{$"M2M {m2mRows / 1000:N0}k × 128",-16} {"copy",-8} {m2mRows / m2m.Seconds,12:N0} {m2mRows * 520 / m2m.Seconds / 1e6,8:N1} {m2m.Seconds,8:N2} {"",7} {m2m.Peak / 1e6,11:N0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{$"M2H {m2mRows / 1000:N0}k × 128",-16} {"export",-8} {m2mRows / m2h.Seconds,12:N0} {m2h.Bytes / m2h.Seconds / 1e6,8:N1} {m2h.Seconds,8:N2} {"",7} {m2h.Peak / 1e6,11:N0}"));

static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

static void Print(string scenario, string path, long rows, long bytes, double seconds, double ratio, long peak) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{scenario,-16} {path,-8} {rows / seconds,12:N0} {bytes / seconds / 1e6,8:N1} {seconds,8:N2} {ratio,6:P0} {peak / 1e6,11:N0}"));
