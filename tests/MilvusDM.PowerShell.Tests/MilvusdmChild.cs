using System.Diagnostics;
using MilvusDM.Core.Tests.Support;

namespace MilvusDM.PowerShell.Tests;

/// <summary>
/// PowerShell commands run in milvusdm child processes (<c>milvusdm -c</c>), as a user's script runs them, with their
/// checkpoints in the working folder; and killed with SIGKILL, as a crash or an OOM kill stops them.
/// </summary>
internal sealed class MilvusdmChild(string workingDirectory)
{
    private static readonly string Cli = Path.Combine(RepoPaths.Root, "src", "MilvusDM.Cli", "bin", "Release", "net10.0", "milvusdm.dll");

    public async Task<(int ExitCode, string Output)> RunAsync(string command)
    {
        using var p = Start(command, drain: false);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// Starts <paramref name="command"/> and, once it is working (<paramref name="working"/> has moved), kills it at a
    /// random point, <paramref name="kills"/> times; a run that ends by itself is not counted. Returns the kills made.
    /// </summary>
    public async Task<int> KillRepeatedlyAsync(string command, int kills, Random random, Func<long> working)
    {
        int killed = 0;
        for (int attempt = 0; attempt < kills * 3 && killed < kills; attempt++)
        {
            long before = working();
            using var p = Start(command);
            for (int wait = 0; wait < 1000 && working() == before && !p.HasExited; wait++) await Task.Delay(10);
            await Task.Delay(random.Next(20, 400));
            if (p.HasExited) continue;
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            killed++;
        }
        return killed;
    }

    /// <param name="drain">Read and drop the output (a killed run's output is not looked at).</param>
    private Process Start(string command, bool drain = true)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var arg in new[] { Cli, "-c", command }) psi.ArgumentList.Add(arg);
        psi.Environment["MILVUSDM_CHECKPOINTS"] = Path.Combine(workingDirectory, "checkpoints");
        var p = Process.Start(psi)!;
        if (drain)
        {
            _ = p.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            _ = p.StandardError.BaseStream.CopyToAsync(Stream.Null);
        }
        return p;
    }
}
