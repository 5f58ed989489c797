using System.Diagnostics;
using System.Globalization;
using MilvusDM.TestServer;

namespace MilvusDM.Bench;

/// <summary>
/// F2M and H2M of one large generated file (default 8,000,000 × 128 float32, 4 GB) run by the milvusdm host in a
/// child process against the in-process test server in discard mode; reports the child's peak resident memory,
/// which must not grow with the file (target ≤ 300 MB).
/// </summary>
internal static class MemoryScenario
{
    public static async Task RunAsync(long rows, int dim)
    {
        string cli = Path.Combine(RepoRoot(), "src", "MilvusDM.Cli", "bin", "Release", "net10.0", "milvusdm.dll");
        if (!File.Exists(cli)) throw new FileNotFoundException("Build the solution in Release first.", cli);
        string faiss = BenchFiles.Faiss(rows, dim), hdf5 = BenchFiles.Hdf5(rows, dim, chunked: false);
        await using var server = await MilvusTestServer.StartAsync(new TestServerOptions { Discard = true });
        Console.WriteLine($"memory: {rows:N0} × {dim} float32, child = milvusdm, server in the bench process (discard mode)");
        Console.WriteLine($"{"path",-6} {"file GB",8} {"seconds",8} {"rows/s",12} {"peak RSS MB",12}");
        foreach (var (label, file, command) in new[]
        {
            ("F2M", faiss, $"Import-FaissIndex '{faiss}' -CollectionName mem_faiss"),
            ("H2M", hdf5, $"Import-Hdf5 '{hdf5}' -CollectionName mem_h5"),
        })
        {
            var (seconds, peak) = RunChild(cli, $"Connect-Milvus {server.Uri} | Out-Null; {command} | Out-Null");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-6} {new FileInfo(file).Length / 1e9,8:N2} {seconds,8:N1} {rows / seconds,12:N0} {peak / 1e6,12:N0}"));
        }
    }

    /// <summary>Runs the command in milvusdm and returns its wall time and peak resident set (VmHWM, polled; /usr/bin/time -v when present).</summary>
    internal static (double Seconds, long PeakBytes) RunChild(string cli, string command)
    {
        bool timed = File.Exists("/usr/bin/time");
        var psi = new ProcessStartInfo(timed ? "/usr/bin/time" : "dotnet") { RedirectStandardError = true };
        if (timed) { psi.ArgumentList.Add("-v"); psi.ArgumentList.Add("dotnet"); }
        foreach (var a in new[] { cli, "-c", command }) psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        long polled = 0;
        while (!p.WaitForExit(100)) polled = Math.Max(polled, ChildHighWater(p.Id, timed));
        double seconds = sw.Elapsed.TotalSeconds;
        string err = stderr.Result;
        if (p.ExitCode != 0) throw new InvalidOperationException($"milvusdm exited with {p.ExitCode}: {err}");
        var line = err.Split('\n').FirstOrDefault(l => l.Contains("Maximum resident set size"));
        long peak = line is null ? polled : long.Parse(line[(line.LastIndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture) * 1024;
        return (seconds, peak);
    }

    /// <summary>VmHWM of the process (or of its only child, when it runs under /usr/bin/time).</summary>
    private static long ChildHighWater(int pid, bool wrapped)
    {
        try
        {
            if (wrapped && File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var child, ..]) pid = int.Parse(child, CultureInfo.InvariantCulture);
            var hwm = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return hwm is null ? 0 : long.Parse(hwm[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { return 0; }
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MilvusDM.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("MilvusDM.sln not found above the benchmark.");
    }
}
