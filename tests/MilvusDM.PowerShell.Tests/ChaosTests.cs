using MilvusDM.Core.Tests.Support;
using MilvusDM.TestServer;

namespace MilvusDM.PowerShell.Tests;

/// <summary>
/// The chaos test: a 1,000,000-row Faiss import and a 300,000-row server-to-server copy run in milvusdm child
/// processes that are killed with SIGKILL at random points ten times each, each time resumed; in the end each target
/// holds exactly its source's keys, each once — by count(*) (which counts a doubled key twice, as Milvus does) and by
/// a full key scan.
/// </summary>
public sealed class ChaosTests : IDisposable
{
    private const int ImportRows = 1_000_000, CopyRows = 300_000, Kills = 10;
    private readonly string _dir = Directory.CreateTempSubdirectory("milvusdm-chaos").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task KilledAgainAndAgainThenResumedEndsWithEveryRowOnce()
    {
        await using var a = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });
        await using var b = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });
        a.Faults.WriteDelay = b.Faults.WriteDelay = TimeSpan.FromMilliseconds(15);   // writes in flight when the kill comes
        string index = Path.Combine(_dir, "chaos.index"), h5 = Path.Combine(_dir, "chaos.h5");
        var fixtures = Path.Combine(RepoPaths.Root, "tests", "fixtures");
        var madeIndex = await ProcessRunner.RunAsync("/usr/bin/python3", [Path.Combine(fixtures, "make_random_faiss.py"), index, $"{ImportRows}", "8"], _dir, TimeSpan.FromMinutes(1));
        Assert.True(madeIndex.ExitCode == 0, madeIndex.StdErr);
        var madeH5 = await ProcessRunner.RunAsync("/usr/bin/python3", [Path.Combine(fixtures, "make_random_h5.py"), h5, $"{CopyRows}", "8", "--shuffle"], _dir, TimeSpan.FromMinutes(1));
        Assert.True(madeH5.ExitCode == 0, madeH5.StdErr);
        var random = new Random(2026);
        var child = new MilvusdmChild(_dir);

        string import = $"Connect-Milvus -Uri '{a.Uri}' | Out-Null; Import-FaissIndex '{index}' -CollectionName chaos -BatchSize 2000 -Resume -Load";
        Assert.Equal(Kills, await child.KillRepeatedlyAsync(import, Kills, random, () => a.Faults.WriteCalls));
        var done = await child.RunAsync(import);
        Assert.True(done.ExitCode == 0, done.Output);

        var loaded = await child.RunAsync($"Connect-Milvus -Uri '{a.Uri}' | Out-Null; Import-Hdf5 '{h5}' -CollectionName copied -BatchSize 5000 -Load");
        Assert.True(loaded.ExitCode == 0, loaded.Output);
        string copy = $"$s = Connect-Milvus -Uri '{a.Uri}'; $d = Connect-Milvus -Uri '{b.Uri}' -NoDefault; Copy-MilvusCollection -Name copied -Destination $d -BatchSize 1000 -Resume";
        Assert.Equal(Kills, await child.KillRepeatedlyAsync(copy, Kills, random, () => b.Faults.WriteCalls));
        var copied = await child.RunAsync(copy);
        Assert.True(copied.ExitCode == 0, copied.Output);

        using var rs = new ModuleRunspace();
        var (compared, shell) = rs.Invoke($"""
            $s = Connect-Milvus -Uri '{a.Uri}'; $d = Connect-Milvus -Uri '{b.Uri}' -NoDefault
            Compare-MilvusCollection -Name chaos -Destination $s
            Compare-MilvusCollection -Name copied -Destination $d
            """);
        Assert.Empty(shell.Streams.Error);
        Assert.Equal(2, compared.Count);
        foreach (var (c, rows) in compared.Zip([ImportRows, CopyRows]))   // the import against itself, then the copy against its source
        {
            Assert.Equal((long)rows, (long)c.Properties["TargetRows"].Value);       // every key, by a full key scan
            Assert.Equal((long)rows, (long)c.Properties["TargetEntities"].Value);   // each once, by count(*)
            Assert.True((bool)c.Properties["Equal"].Value, c.ToString());
        }
    }
}
