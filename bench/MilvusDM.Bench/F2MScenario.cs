using System.Diagnostics;
using System.Text;
using MilvusDM.Core.Faiss;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Bench;

/// <summary>F2M: an IndexIDMap over IndexFlatL2 (the layout Faiss 1.7.3 writes, faiss-format.md) imported through the engine.</summary>
internal static class F2MScenario
{
    public static async Task<(double Seconds, long Bytes, long PeakWorkingSet)> RunAsync(MilvusClient client, long rows, int dim)
    {
        string file = Path.Combine(Path.GetTempPath(), $"milvusdm-bench-{rows}x{dim}.index");
        try
        {
            Write(file, rows, dim);
            GC.Collect();
            var sw = Stopwatch.StartNew();
            var result = await FaissImport.RunAsync(client, file, new FaissReadOptions(), new MilvusSinkOptions { CollectionName = $"bench_faiss_{dim}", Mode = WriteMode.Overwrite, Flush = false },
                null, new TransferOptions(), null, CancellationToken.None);
            if (result.Status != TransferStatus.Succeeded || result.Rows != rows) throw new InvalidOperationException($"F2M ended {result.Status}: {result.Error}");
            return (sw.Elapsed.TotalSeconds, new FileInfo(file).Length, Process.GetCurrentProcess().PeakWorkingSet64);
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static void Write(string file, long rows, int dim)
    {
        using var w = new BinaryWriter(new BufferedStream(File.Create(file), 1 << 20));
        void Header(string fourcc)
        {
            w.Write(Encoding.ASCII.GetBytes(fourcc));
            w.Write(dim); w.Write(rows); w.Write(1L << 20); w.Write(1L << 20); w.Write((byte)1); w.Write(1);   // d, ntotal, dummies, is_trained, METRIC_L2
        }
        Header("IxMp");
        Header("IxF2");
        w.Write((ulong)(rows * dim));
        var row = new float[dim];
        for (long i = 0; i < rows; i++)
        {
            for (int d = 0; d < dim; d++) row[d] = (float)((i * 31 + d * 7) % 1000) / 1000f;
            foreach (var v in row) w.Write(v);
        }
        w.Write((ulong)rows);
        for (long i = 0; i < rows; i++) w.Write(i * 3 + 1);
    }
}
