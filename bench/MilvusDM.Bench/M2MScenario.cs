using System.Diagnostics;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;
using MilvusDM.TestServer;

namespace MilvusDM.Bench;

/// <summary>M2M and M2H: a stored collection (second in-process server, storing rows) copied to the discard server, and exported to HDF5.</summary>
internal static class M2MScenario
{
    public static async Task<((double Seconds, long Peak) Copy, (double Seconds, long Bytes, long Peak) Export)> RunAsync(MilvusClient discardTarget, long rows, int dim)
    {
        await using var sourceServer = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });
        using var source = new MilvusClient(new MilvusConnectionOptions { Uri = sourceServer.Uri.ToString() });
        var fill = await new TransferEngine().RunAsync(new SyntheticVectorSource(rows, dim),
            new MilvusCollectionSink(source, new MilvusSinkOptions { CollectionName = "bench_m2m", Indexes = [new IndexSpec { FieldName = "embedding", IndexType = "FLAT", MetricType = "L2" }], Load = true }));
        if (fill.Status != TransferStatus.Succeeded) throw new InvalidOperationException($"filling the source failed: {fill.Error}");

        GC.Collect();
        var sw = Stopwatch.StartNew();
        var copy = await CollectionCopy.RunAsync(source, discardTarget, new CollectionCopyOptions { Name = "bench_m2m", Mode = WriteMode.Overwrite }, null, CancellationToken.None);
        if (copy.Any(r => r.Status != TransferStatus.Succeeded) || copy.Sum(r => r.Rows) != rows) throw new InvalidOperationException("M2M copy failed");
        double copySeconds = sw.Elapsed.TotalSeconds;
        long copyPeak = Process.GetCurrentProcess().PeakWorkingSet64;

        string folder = Path.Combine(Path.GetTempPath(), $"milvusdm-bench-export-{Guid.NewGuid():N}");
        try
        {
            GC.Collect();
            sw.Restart();
            var export = await CollectionExport.RunAsync(source, new CollectionExportOptions { Name = "bench_m2m", Folder = folder }, null, CancellationToken.None);
            if (export.Any(r => r.Status != TransferStatus.Succeeded)) throw new InvalidOperationException("M2H export failed");
            long bytes = Directory.GetFiles(folder, "*.h5").Sum(f => new FileInfo(f).Length);
            return ((copySeconds, copyPeak), (sw.Elapsed.TotalSeconds, bytes, Process.GetCurrentProcess().PeakWorkingSet64));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
