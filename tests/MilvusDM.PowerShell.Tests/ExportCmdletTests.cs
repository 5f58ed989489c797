using System.Text.Json;
using MilvusDM.Core.Tests.Support;

namespace MilvusDM.PowerShell.Tests;

/// <summary>Export-MilvusCollection: HDF5 per partition plus task files, read by h5py, loaded back equal.</summary>
public sealed class ExportCmdletTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("milvusdm-export").FullName;

    [Fact]
    public async Task PartitionsBecomeFilesThatLoadBackEqual()
    {
        using var rs = new ModuleRunspace();
        rs.SetVariable("out", _dir);
        string name = "exp_" + Guid.NewGuid().ToString("N")[..8];
        var (_, setup) = rs.Invoke($$"""
            Connect-Milvus -Uri '{{server.Uri}}' | Out-Null
            $v = foreach ($i in 1..120) { ,[float[]]($i, -$i, 0.25) }
            New-MilvusVectorBatch -Id ([long[]](1..120)) -Vector $v -Field @{ title = [string[]](1..120 | ForEach-Object { "doc $_" }) } |
                Write-MilvusCollection -Name {{name}} -PartitionName p1 -IndexType FLAT -MetricType IP | Out-Null
            $w = foreach ($i in 1..30) { ,[float[]](0, $i, 1) }
            New-MilvusVectorBatch -Id ([long[]](1001..1030)) -Vector $w -Field @{ title = [string[]](1..30 | ForEach-Object { "x $_" }) } |
                Write-MilvusCollection -Name {{name}} | Out-Null
            """);
        Assert.Empty(setup.Streams.Error);

        var (planned, whatIf) = rs.Invoke($"Export-MilvusCollection {name} -Path $out/export -WhatIf");
        Assert.Empty(planned);
        Assert.False(Directory.Exists(Path.Combine(_dir, "export")) && Directory.EnumerateFiles(Path.Combine(_dir, "export")).Any());

        var (results, shell) = rs.Invoke($"Export-MilvusCollection {name} -Path $out/export");
        Assert.Empty(shell.Streams.Error);
        Assert.Equal([("_default", 30L), ("p1", 120L)], results.Select(r => ((string)r.Properties["Partition"].Value, (long)r.Properties["Rows"].Value)));
        string p1 = Path.Combine(_dir, "export", $"{name}_p1.h5");
        Assert.True(File.Exists(p1));
        string yaml = await File.ReadAllTextAsync(Path.Combine(_dir, "export", $"{name}_p1.yaml"));
        Assert.Contains("H2M:", yaml);
        Assert.Contains($"dest_collection_name: '{name}'", yaml);
        Assert.Contains("dest_partition_name: 'p1'", yaml);
        Assert.Contains("metric_type: 'IP'", yaml);
        Assert.Contains(p1, yaml);

        var run = await ProcessRunner.RunAsync("/usr/bin/python3", [Path.Combine(RepoPaths.Root, "tests", "fixtures", "check_hdf5.py"), p1], RepoPaths.Root, TimeSpan.FromMinutes(1));
        Assert.True(run.ExitCode == 0, run.StdErr);
        var h5 = JsonDocument.Parse(run.StdOut).RootElement.GetProperty("datasets");
        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), h5.GetProperty("ids").GetProperty("values").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("doc 7", h5.GetProperty("title").GetProperty("values")[6].GetString());

        string back = name + "_back";
        // No options: the files carry schema, partition and index definitions; -Verify proves each file landed.
        var (imported, importShell) = rs.Invoke($"Import-Hdf5 -Directory $out/export -CollectionName {back} -Verify");
        Assert.Empty(importShell.Streams.Error);
        Assert.Equal([("_default", true), ("p1", true)], imported.Select(r => ((string)r.Properties["Partition"].Value, (bool)r.Properties["Verified"].Value)));
        var (described, _) = rs.Invoke($"(Get-MilvusCollection {back}).Indexes");
        Assert.Equal(["embedding: FLAT/IP"], described.Select(d => d.ToString()));
        var (cmp, _) = rs.Invoke($"Compare-MilvusCollection {name} {back}");
        Assert.True((bool)Assert.Single(cmp).Properties["Equal"].Value, Assert.Single(cmp).ToString());

        var (_, again) = rs.Invoke($"Export-MilvusCollection {name} -Path $out/export");
        Assert.Equal("Hdf5FileExists,MilvusDM.PowerShell.Commands.ExportMilvusCollectionCommand", again.Streams.Error.First().FullyQualifiedErrorId);
        var (_, forced) = rs.Invoke($"Export-MilvusCollection {name} -Path $out/export -Force");
        Assert.Empty(forced.Streams.Error);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
