using System.Diagnostics;

namespace MilvusDM.Bench;

/// <summary>
/// Large input files for the memory and read scenarios, generated once into a temp folder and reused while they
/// exist (a 4 GB file takes a minute to write). Written to a .part file first, so an interrupted run leaves no half file.
/// </summary>
internal static class BenchFiles
{
    public static string Folder { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "milvusdm-bench-cache")).FullName;

    /// <summary>IndexIDMap over IndexFlatL2, by our own writer (the layout Faiss writes).</summary>
    public static string Faiss(long rows, int dim) => Cached($"flat-{rows}x{dim}.index", part => F2MScenario.Write(part, rows, dim));

    /// <summary>An ann-benchmarks file (train, float32) written by h5py; chunked (10,000 rows a chunk) or contiguous.</summary>
    public static string Hdf5(long rows, int dim, bool chunked) => Cached($"train-{rows}x{dim}-{(chunked ? "chunked" : "contiguous")}.h5", part =>
        Python($"""
            import h5py, numpy as np
            rows, dim, chunked = {rows}, {dim}, {(chunked ? "True" : "False")}
            with h5py.File({Quote(part)}, 'w') as f:
                f.attrs['distance'] = 'euclidean'
                ds = f.create_dataset('train', (rows, dim), dtype='<f4', chunks=(10000, dim) if chunked else None)
                step = 250000
                for s in range(0, rows, step):
                    n = min(step, rows - s)
                    ds[s:s + n] = (np.arange(s, s + n, dtype=np.int64)[:, None] * 31 + np.arange(dim) * 7) % 1000 / np.float32(1000)
            """));

    private static string Cached(string name, Action<string> write)
    {
        string file = Path.Combine(Folder, name);
        if (File.Exists(file)) return file;
        Console.Error.WriteLine($"writing {file} (cached for later runs)…");
        string part = file + ".part";
        write(part);
        File.Move(part, file, overwrite: true);
        return file;
    }

    /// <summary>Runs a script with /usr/bin/python3 and returns its standard output.</summary>
    public static string Python(string script)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(script);
        p.StandardInput.Close();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"python3 exited with {p.ExitCode}");
        return output;
    }

    private static string Quote(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
