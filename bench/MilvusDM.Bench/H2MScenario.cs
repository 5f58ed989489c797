using System.Diagnostics;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Bench;

/// <summary>H2M: an HDF5 file of synthetic vectors (written once with MilvusDM's own writer) imported through the engine.</summary>
internal static class H2MScenario
{
    public static async Task<(double Seconds, long Bytes, long PeakWorkingSet)> RunAsync(MilvusClient client, long rows, int dim)
    {
        string file = Path.Combine(Path.GetTempPath(), $"milvusdm-bench-{rows}x{dim}.h5");
        try
        {
            await WriteAsync(file, rows, dim);
            GC.Collect();
            var sw = Stopwatch.StartNew();
            var result = await Hdf5Import.RunAsync(client, file, new Hdf5ReadOptions(), new MilvusSinkOptions { CollectionName = $"bench_h5_{dim}", Mode = WriteMode.Overwrite, Flush = false },
                null, new TransferOptions(), null, CancellationToken.None);
            if (result.Status != TransferStatus.Succeeded || result.Rows != rows) throw new InvalidOperationException($"H2M ended {result.Status}: {result.Error}");
            return (sw.Elapsed.TotalSeconds, new FileInfo(file).Length, Process.GetCurrentProcess().PeakWorkingSet64);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task WriteAsync(string file, long rows, int dim)
    {
        var source = new SyntheticVectorSource(rows, dim);
        var spec = await source.DescribeAsync(CancellationToken.None);
        using var writer = new Hdf5FileWriter(file, spec, rows, "L2");
        await foreach (var batch in source.ReadAsync(null, 50_000, CancellationToken.None)) writer.Write(batch, batch.Position!.Offset);
        writer.Complete(overwrite: true);
    }
}
