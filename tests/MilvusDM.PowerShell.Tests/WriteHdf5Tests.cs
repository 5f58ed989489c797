using System.Text.Json;
using MilvusDM.Core.Tests.Support;

namespace MilvusDM.PowerShell.Tests;

/// <summary>Write-Hdf5: files h5py and h5dump read back, composed with Read-FaissIndex and Import-Hdf5.</summary>
public sealed class WriteHdf5Tests(ServerFixture server, FaissFixtures faiss) : IClassFixture<ServerFixture>, IClassFixture<FaissFixtures>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("milvusdm-write-hdf5").FullName;

    private ModuleRunspace Runspace()
    {
        var rs = new ModuleRunspace();
        rs.Invoke($"Connect-Milvus -Uri '{server.Uri}' | Out-Null");
        rs.SetVariable("out", _dir);
        rs.SetVariable("faissDir", faiss.Dir);
        return rs;
    }

    private static async Task<JsonElement> H5py(string file)
    {
        var run = await ProcessRunner.RunAsync("/usr/bin/python3", [Path.Combine(RepoPaths.Root, "tests", "fixtures", "check_hdf5.py"), file], RepoPaths.Root, TimeSpan.FromMinutes(1));
        Assert.True(run.ExitCode == 0, run.StdErr);
        return JsonDocument.Parse(run.StdOut).RootElement;
    }

    [Fact]
    public async Task BatchesBecomeAFileH5pyAndH5dumpRead()
    {
        using var rs = Runspace();
        var (o, shell) = rs.Invoke("""
            $ids = [long[]](10, 20, 30); $v = @([float[]](1, 2), [float[]](3, 4), [float[]](5.5, -6))
            New-MilvusVectorBatch -Id $ids -Vector $v -Field @{ title = @('a', 'é', $null); score = @(0.5, 1.5, 2.5) } | Write-Hdf5 -Path $out/small.h5 -MetricType IP
            """);
        Assert.Empty(shell.Streams.Error);
        Assert.Equal(("Succeeded", 3L), ((string)Assert.Single(o).Properties["Status"].Value, (long)o[0].Properties["Rows"].Value));
        string file = Path.Combine(_dir, "small.h5");
        Assert.False(File.Exists(file + ".partial"));

        var h5 = await H5py(file);
        var ds = h5.GetProperty("datasets");
        Assert.Equal([10L, 20L, 30L], ds.GetProperty("ids").GetProperty("values").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("float32", ds.GetProperty("embeddings").GetProperty("dtype").GetString());
        Assert.Equal([3, 2], ds.GetProperty("embeddings").GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(-6.0, ds.GetProperty("embeddings").GetProperty("values")[2][1].GetDouble());
        Assert.Equal(["a", "é", ""], ds.GetProperty("title").GetProperty("values").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([1, 1, 0], ds.GetProperty("title.valid").GetProperty("values").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0.5, 1.5, 2.5], ds.GetProperty("score").GetProperty("values").EnumerateArray().Select(e => e.GetDouble()));
        var attrs = h5.GetProperty("attrs");
        Assert.Equal(("IP", 2, "embedding"), (attrs.GetProperty("metric_type").GetString(), attrs.GetProperty("dimension").GetInt32(), attrs.GetProperty("vector_field").GetString()));

        // The schema attributes bring every field back on import, nulls included, without options.
        string name = "h5back_" + Guid.NewGuid().ToString("N");
        var (back, backShell) = rs.Invoke($"Import-Hdf5 $out/small.h5 -CollectionName {name} -Load; Get-MilvusCollection {name} | ForEach-Object Fields | ForEach-Object {{ \"$($_.Name):$($_.DataType):$($_.IsNullable)\" }}");
        Assert.Empty(backShell.Streams.Error);
        Assert.Equal(["id:Int64:False", "embedding:FloatVector:False", "title:VarChar:True", "score:Double:False"], back.Skip(1).Select(x => x.ToString()).OrderBy(x => x.StartsWith("id") ? 0 : x.StartsWith("emb") ? 1 : x.StartsWith("title") ? 2 : 3));
        Assert.Equal("IP", Assert.Single(rs.Invoke($"(Get-MilvusCollection {name}).MetricType").Output).BaseObject);

        var dump = await ProcessRunner.RunAsync("h5dump", ["-H", file], _dir, TimeSpan.FromMinutes(1));
        Assert.Equal(0, dump.ExitCode);
        Assert.Contains("DATASET \"embeddings\"", dump.StdOut);
        Assert.Contains("SIMPLE { ( 3, 2 ) / ( 3, 2 ) }", dump.StdOut);
        Assert.Contains("DATASET \"ids\"", dump.StdOut);
    }

    [Fact]
    public async Task FaissToHdf5ToMilvusKeepsEveryVector()
    {
        using var rs = Runspace();
        var (_, shell) = rs.Invoke("Read-FaissIndex $faissDir/idmap_ivfflat.index -BatchSize 300 | Write-Hdf5 $out/from_faiss.h5 -MetricType L2");
        Assert.Empty(shell.Streams.Error);
        var h5 = await H5py(Path.Combine(_dir, "from_faiss.h5"));
        var truth = faiss.FloatTruth("idmap_ivfflat", 16);
        var ids = h5.GetProperty("datasets").GetProperty("ids").GetProperty("values").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var vectors = h5.GetProperty("datasets").GetProperty("embeddings").GetProperty("values").EnumerateArray().ToArray();
        Assert.Equal(1000, ids.Length);
        for (int i = 0; i < ids.Length; i++)
            Assert.Equal(truth[ids[i]], vectors[i].EnumerateArray().Select(e => (float)e.GetDouble()));

        string name = "h5rt_" + Guid.NewGuid().ToString("N");
        var (imported, importShell) = rs.Invoke($"Import-Hdf5 $out/from_faiss.h5 -CollectionName {name}");
        Assert.Empty(importShell.Streams.Error);
        Assert.Equal(1000L, Assert.Single(imported).Properties["Rows"].Value);
        Assert.Equal("L2", Assert.Single(rs.Invoke($"(Get-MilvusCollection {name}).MetricType").Output).BaseObject);
    }

    [Fact]
    public void ExistingFilesNeedForceAndWhatIfWritesNothing()
    {
        using var rs = Runspace();
        rs.Invoke("New-MilvusVectorBatch -Id 1 -Vector @(,[float[]](1, 2)) | Write-Hdf5 $out/exists.h5");
        var (o, shell) = rs.Invoke("New-MilvusVectorBatch -Id 1 -Vector @(,[float[]](1, 2)) | Write-Hdf5 $out/exists.h5");
        Assert.Equal("Hdf5FileExists,MilvusDM.PowerShell.Commands.WriteHdf5Command", Assert.Single(shell.Streams.Error).FullyQualifiedErrorId);
        Assert.Empty(o);
        var (_, forced) = rs.Invoke("New-MilvusVectorBatch -Id 7 -Vector @(,[float[]](1, 2)) | Write-Hdf5 $out/exists.h5 -Force");
        Assert.Empty(forced.Streams.Error);
        var (none, whatIf) = rs.Invoke("New-MilvusVectorBatch -Id 1 -Vector @(,[float[]](1, 2)) | Write-Hdf5 $out/whatif.h5 -WhatIf");
        Assert.Empty(none);
        Assert.False(File.Exists(Path.Combine(_dir, "whatif.h5")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
