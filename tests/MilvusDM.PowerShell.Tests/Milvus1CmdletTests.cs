using MilvusDM.Core.Tests.Support;

namespace MilvusDM.PowerShell.Tests;

/// <summary>Get-Milvus1Collection, Copy-MilvusCollection -SourcePath and Export-MilvusCollection -SourcePath on a synthetic Milvus 1.x data path.</summary>
public sealed class Milvus1CmdletTests(ServerFixture server, Milvus1Fixture fx) : IClassFixture<ServerFixture>, IClassFixture<Milvus1Fixture>, IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("m1-cmdlets").FullName;

    private ModuleRunspace Connected()
    {
        var rs = new ModuleRunspace();
        rs.Invoke($"$conn = Connect-Milvus -Uri '{server.Uri}'");
        rs.SetVariable("m1", fx.Root);
        rs.SetVariable("out", _out);
        return rs;
    }

    private static string Name() => "m1_" + Guid.NewGuid().ToString("N");

    [Fact]
    public void GetListsLiveCollectionsWithTheirPartitionNames()
    {
        using var rs = Connected();
        var (o, shell) = rs.Invoke("Get-Milvus1Collection $m1");
        Assert.Empty(shell.Streams.Error);
        Assert.Equal(["empty_c", "vectors_b", "vectors_f"], o.Select(c => (string)c.Properties["Name"].Value));
        var f = o.Single(c => (string)c.Properties["Name"].Value == "vectors_f");
        Assert.Equal(("FloatVector", 16, "IP", "IVF_FLAT"), ((string)f.Properties["VectorType"].Value, (int)f.Properties["Dimension"].Value, (string)f.Properties["MetricType"].Value, (string)f.Properties["IndexType"].Value));
        var (parts, _) = rs.Invoke("(Get-Milvus1Collection $m1 vectors_f).Partitions | ForEach-Object { $_.ToString() }");
        Assert.Equal(["_default (840)", "tag one → tag_one (120)", "2021-q3 → _2021_q3 (130)"], parts.Select(p => p.ToString()));

        var (_, bad) = rs.Invoke("Get-Milvus1Collection $m1/db/tables; Get-Milvus1Collection $m1 nope");
        Assert.Equal(["Milvus1NotADataPath,MilvusDM.PowerShell.Commands.GetMilvus1CollectionCommand", "Milvus1CollectionNotFound,MilvusDM.PowerShell.Commands.GetMilvus1CollectionCommand"],
            bad.Streams.Error.Select(e => e.FullyQualifiedErrorId));
    }

    [Fact]
    public void CopyMovesEveryPartitionAndVerifies()
    {
        using var rs = Connected();
        string name = Name();
        rs.Invoke($"Copy-MilvusCollection -SourcePath $m1 -Name vectors_f -Destination $conn -DestinationName {name} -WhatIf");
        Assert.Empty(rs.Invoke($"Get-MilvusCollection {name}").Output);

        var (o, shell) = rs.Invoke($"Copy-MilvusCollection -SourcePath $m1 -Name vectors_f -Destination $conn -DestinationName {name} -Verify -Verbose");
        Assert.Empty(shell.Streams.Error);
        Assert.Equal([("_default", 841L, true), ("tag_one", 120L, true), ("_2021_q3", 130L, true)],
            o.Select(r => ((string)r.Properties["Partition"].Value, (long)r.Properties["Rows"].Value, (bool)r.Properties["Verified"].Value)));
        Assert.Contains(shell.Streams.Verbose, v => v.Message.Contains("holds 295 live rows, but its metadata says 294"));
        Assert.Equal(1091L, Assert.Single(rs.Invoke($"(Get-MilvusCollection {name}).RowCount").Output).BaseObject);

        var (only, onlyShell) = rs.Invoke($"Copy-MilvusCollection -SourcePath $m1 -Name vectors_b -PartitionName p1 -Destination $conn -DestinationName {name}_b");
        Assert.Empty(onlyShell.Streams.Error);
        Assert.Equal(("p1", 33L), ((string)Assert.Single(only).Properties["Partition"].Value, (long)only[0].Properties["Rows"].Value));
        var (both, bothShell) = rs.Invoke($"Copy-MilvusCollection -SourcePath $m1 -Name vectors_* -Destination $conn -Mode Skip | ForEach-Object Destination");
        Assert.Empty(bothShell.Streams.Error);
        Assert.Equal(5, both.Count);   // vectors_b: 2 partitions, vectors_f: 3 (wildcards expand over the 1.x collections)
        var (_, unknown) = rs.Invoke($"Copy-MilvusCollection -SourcePath $m1 -Name vectors_b -PartitionName nope -Destination $conn -DestinationName {name}_c");
        Assert.Equal("Milvus1PartitionNotFound,MilvusDM.PowerShell.Commands.CopyMilvusCollectionCommand", Assert.Single(unknown.Streams.Error).FullyQualifiedErrorId);
    }

    [Fact]
    public async Task ExportWritesFilesThatH5pyReadsAndImportHdf5LoadsBack()
    {
        using var rs = Connected();
        var (o, shell) = rs.Invoke("Export-MilvusCollection -SourcePath $m1 -Name vectors_b -Path $out");
        Assert.Empty(shell.Streams.Error);
        Assert.Equal([("_default", 449L), ("p1", 33L)], o.Select(r => ((string)r.Properties["Partition"].Value, (long)r.Properties["Rows"].Value)));
        string file = Path.Combine(_out, "vectors_b_p1.h5");
        var run = await ProcessRunner.RunAsync("/usr/bin/python3", [Path.Combine(RepoPaths.Root, "tests", "fixtures", "check_hdf5.py"), file], RepoPaths.Root, TimeSpan.FromMinutes(1));
        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("\"embeddings\"", run.StdOut);

        string back = Name();
        // Milvus 1.x let an id repeat, so the _default file repeats ids: refused before writing, unless allowed.
        var (refused, refusedShell) = rs.Invoke($"Import-Hdf5 -Directory $out -CollectionName {back} -Verify");
        Assert.Equal(["Succeeded"], refused.Select(r => (string)r.Properties["Status"].Value));   // vectors_b_p1.h5; vectors_b.h5 (_default) is the error
        Assert.StartsWith("Hdf5DuplicateIds,", Assert.Single(refusedShell.Streams.Error).FullyQualifiedErrorId);
        // Allowed, every row is stored; Milvus 2.x reads one row per key, so the repeated ids' other rows are named as different.
        var (imported, importShell) = rs.Invoke($"Import-Hdf5 -Directory $out -CollectionName {back}_all -AllowDuplicateIds -Verify");
        Assert.Equal([("_default", false), ("p1", true)], imported.Select(r => ((string)r.Properties["Partition"].Value, (bool)r.Properties["Verified"].Value)));
        var error = Assert.Single(importShell.Streams.Error);
        Assert.Equal("VerificationFailed,MilvusDM.PowerShell.Commands.ImportHdf5Command", error.FullyQualifiedErrorId);
        Assert.Contains("0 missing (e.g. none), 39 different", error.Exception.Message);
    }

    /// <summary>The data path tests/fixtures/make_milvus1.py makes for the Pester suite gives what that suite expects.</summary>
    [Fact]
    public async Task ThePesterSuitesDataPathCopiesAndExports()
    {
        string m1 = Path.Combine(_out, "pester_m1");
        var made = await ProcessRunner.RunAsync("/usr/bin/python3", [Path.Combine(RepoPaths.Root, "tests", "fixtures", "make_milvus1.py"), m1], RepoPaths.Root, TimeSpan.FromMinutes(1));
        Assert.True(made.ExitCode == 0, made.StdErr);
        using var rs = Connected();
        rs.SetVariable("p", m1);
        var (o, shell) = rs.Invoke($"(Get-Milvus1Collection $p).Rows; Copy-MilvusCollection -SourcePath $p -Name pester_m1 -Destination $conn -DestinationName {Name()} -Verify | ForEach-Object {{ '{{0}}:{{1}}:{{2}}' -f $_.Partition, $_.Rows, $_.Verified }}");
        Assert.Empty(shell.Streams.Error);
        Assert.Equal(["118", "_default:98:True", "tag_1:20:True"], o.Select(x => x.ToString()));
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
