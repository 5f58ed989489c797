using System.Text.Json;
using MilvusDM.Core.Tests.Support;
using MilvusDM.TestServer;

namespace MilvusDM.PowerShell.Tests;

/// <summary>
/// Backup-Milvus and Restore-Milvus killed with SIGKILL at random points in milvusdm child processes, each time
/// resumed: the cut backup's files equal an uncut backup's (paths, rows, SHA-256), and the restore ends with every key
/// of the source once (count(*) and a full key scan), verified against the manifest.
/// </summary>
public sealed class BackupChaosTests : IDisposable
{
    private const int Kills = 5, DefaultRows = 80_000, P1Rows = 60_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("milvusdm-backup-chaos").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ACutBackupEqualsAnUncutOneAndACutRestoreEndsWithEveryRowOnce()
    {
        await using var a = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });
        await using var b = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });
        var child = new MilvusdmChild(_dir);
        var random = new Random(2027);
        string make = Path.Combine(RepoPaths.Root, "tests", "fixtures", "make_random_h5.py");
        foreach (var (file, rows, first) in new[] { ("d.h5", DefaultRows, 0), ("p1.h5", P1Rows, 100_000) })
        {
            var made = await ProcessRunner.RunAsync("/usr/bin/python3", [make, Path.Combine(_dir, file), $"{rows}", "8", "--shuffle", "--first", $"{first}"], _dir, TimeSpan.FromMinutes(1));
            Assert.True(made.ExitCode == 0, made.StdErr);
        }
        var loaded = await child.RunAsync($"Connect-Milvus -Uri '{a.Uri}' | Out-Null; Import-Hdf5 d.h5 -CollectionName bk; Import-Hdf5 p1.h5 -CollectionName bk -PartitionName p1 -Load");
        Assert.True(loaded.ExitCode == 0, loaded.Output);

        string backup = $"Connect-Milvus -Uri '{a.Uri}' | Out-Null; Backup-Milvus -Path {{0}} -MaxFileSize 96KB";
        var uncut = await child.RunAsync(string.Format(backup, "uncut"));
        Assert.True(uncut.ExitCode == 0, uncut.Output);
        a.Faults.ResponseDelay = TimeSpan.FromMilliseconds(250);   // the kills land between pages and files (a page is about 16,000 rows)
        string cut = Path.Combine(_dir, "cut");
        Assert.Equal(Kills, await child.KillRepeatedlyAsync(string.Format(backup, "cut") + " -Resume", Kills, random, () => PartFiles(cut)));
        Assert.False(File.Exists(Path.Combine(cut, "manifest.json")), "a killed backup has no manifest");
        a.Faults.ResponseDelay = TimeSpan.Zero;
        var resumed = await child.RunAsync(string.Format(backup, "cut") + " -Resume");
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        var files = FilesOf(Path.Combine(_dir, "uncut"));
        Assert.True(files.Count > 10, $"{files.Count} files: the size limit should cut each partition into several");
        Assert.Equal(files, FilesOf(cut));

        b.Faults.WriteDelay = TimeSpan.FromMilliseconds(15);
        string restore = $"$d = Connect-Milvus -Uri '{b.Uri}' -NoDefault; Restore-Milvus -Path cut -Connection $d -BatchSize 1000 -Resume";
        Assert.Equal(Kills, await child.KillRepeatedlyAsync(restore, Kills, random, () => b.Faults.WriteCalls));
        b.Faults.WriteDelay = TimeSpan.Zero;
        var restored = await child.RunAsync(restore + " -Verify | ForEach-Object { \"$($_.Partition) verified $($_.Verified)\" }");
        Assert.True(restored.ExitCode == 0, restored.Output);
        Assert.Contains("_default verified True", restored.Output);
        Assert.Contains("p1 verified True", restored.Output);

        using var rs = new ModuleRunspace();
        var (compared, shell) = rs.Invoke($"$s = Connect-Milvus -Uri '{a.Uri}'; $d = Connect-Milvus -Uri '{b.Uri}' -NoDefault; Compare-MilvusCollection -Name bk -Destination $d");
        Assert.Empty(shell.Streams.Error);
        var c = Assert.Single(compared);
        Assert.Equal((long)(DefaultRows + P1Rows), (long)c.Properties["TargetRows"].Value);       // every key, by a full key scan
        Assert.Equal((long)(DefaultRows + P1Rows), (long)c.Properties["TargetEntities"].Value);   // each once, by count(*)
        Assert.True((bool)c.Properties["Equal"].Value, c.ToString());
    }

    private static long PartFiles(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "part-*", SearchOption.AllDirectories).LongCount() : 0;

    /// <summary>Every data file the manifest records: path, rows and SHA-256.</summary>
    private static List<string> FilesOf(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "manifest.json")));
        var files = new List<string>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("Sha256", out var sha))
                files.Add($"{e.GetProperty("Path").GetString()} {e.GetProperty("Rows").GetInt64()} {sha.GetString()}");
            else if (e.ValueKind == JsonValueKind.Object) foreach (var p in e.EnumerateObject()) Walk(p.Value);
            else if (e.ValueKind == JsonValueKind.Array) foreach (var x in e.EnumerateArray()) Walk(x);
        }
        Walk(doc.RootElement);
        return files;
    }
}
