using System.Diagnostics;
using System.Globalization;
using MilvusDM.Core.Faiss;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Bench;

/// <summary>
/// Read speed, no server: a cached 1 GB Faiss flat file and 1 GB HDF5 files (contiguous and chunked) read through
/// the sources and the engine (into a sink that drops them) in engine-sized batches, beside h5py reading the same HDF5 files the same way in the same run.
/// Best of two passes; the files sit in the page cache, so this measures the readers, not the disk.
/// </summary>
internal static class ReadScenario
{
    public static async Task RunAsync(long rows, int dim)
    {
        int batch = new TransferOptions().BatchRows;
        Console.WriteLine($"read: {rows:N0} × {dim} float32, batches of {batch:N0} rows, best of 2, page cache warm");
        Console.WriteLine($"{"file",-20} {"reader",-10} {"GB",6} {"GB/s",7}");
        string faiss = BenchFiles.Faiss(rows, dim);
        Print("faiss flat", "MilvusDM", faiss, await BestAsync(() => Drain(new FaissIndexSource(faiss), batch)));
        foreach (bool chunked in new[] { false, true })
        {
            string h5 = BenchFiles.Hdf5(rows, dim, chunked);
            string label = chunked ? "hdf5 chunked" : "hdf5 contiguous";
            Print(label, "MilvusDM", h5, await BestAsync(() => Drain(new Hdf5VectorSource(h5), batch)));
            Print(label, "h5py", h5, await BestAsync(() => Task.FromResult(H5py(h5, batch))));
        }
    }

    /// <summary>The source through the engine into a sink that drops every batch (so buffers are recycled as on the way to Milvus).</summary>
    private static async Task<double> Drain(IVectorSource source, int batch)
    {
        var sw = Stopwatch.StartNew();
        var result = await new TransferEngine(new TransferOptions { BatchRows = batch }).RunAsync(new Unchecked(source), new DroppingSink());
        if (result.Status != TransferStatus.Succeeded) throw new InvalidOperationException($"read ended {result.Status}: {result.Error}");
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>The source without its precheck pass (the engine would read the file twice).</summary>
    private sealed class Unchecked(IVectorSource inner) : IVectorSource
    {
        public string Identity => inner.Identity + Guid.NewGuid();
        public string Description => inner.Description;
        public long? TotalRows => inner.TotalRows;
        public Task<CollectionSpec> DescribeAsync(CancellationToken ct) => inner.DescribeAsync(ct);
        public IAsyncEnumerable<VectorBatch> ReadAsync(SourcePosition? resumeAfter, int batchRows, CancellationToken ct) => inner.ReadAsync(resumeAfter, batchRows, ct);
    }

    private sealed class DroppingSink : IVectorSink, IForgetfulSink
    {
        public string Description => "nowhere";
        public Task<SinkPreparation> PrepareAsync(CollectionSpec source, CancellationToken ct) => Task.FromResult(SinkPreparation.Proceed());
        public Task WriteAsync(VectorBatch batch, CancellationToken ct) => Task.CompletedTask;
        public Task CompleteAsync(CancellationToken ct) => Task.CompletedTask;
    }

    /// <summary>h5py's time (measured inside python) to read the train dataset slice by slice into numpy arrays.</summary>
    private static double H5py(string file, int batch) => double.Parse(BenchFiles.Python($"""
        import h5py, time
        with h5py.File('{file}', 'r') as f:
            ds = f['train']
            t = time.perf_counter()
            for s in range(0, ds.shape[0], {batch}):
                ds[s:s + {batch}]
            print(time.perf_counter() - t)
        """).Trim(), CultureInfo.InvariantCulture);

    private static async Task<double> BestAsync(Func<Task<double>> run) => Math.Min(await run(), await run());

    private static void Print(string file, string reader, string path, double seconds)
    {
        double gb = new FileInfo(path).Length / 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file,-20} {reader,-10} {gb,6:N2} {gb / seconds,7:N2}"));
    }
}
