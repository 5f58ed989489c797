using System.Management.Automation;
using MilvusDM.Core.Tests.Support;

namespace MilvusDM.PowerShell.Tests;

/// <summary>Get-FaissIndexInfo, Read-FaissIndex and Import-FaissIndex against files the real Faiss wrote in this run.</summary>
public sealed class FaissCmdletTests(ServerFixture server, FaissFixtures faiss) : IClassFixture<ServerFixture>, IClassFixture<FaissFixtures>
{
    private ModuleRunspace Connected()
    {
        var rs = new ModuleRunspace();
        rs.Invoke($"Connect-Milvus -Uri '{server.Uri}' | Out-Null");
        rs.SetVariable("dir", faiss.Dir);
        return rs;
    }

    private static string Name() => "faiss_" + Guid.NewGuid().ToString("N");

    [Fact]
    public void InfoDescribesFilesFromPathsWildcardsAndTheirRecoverability()
    {
        using var rs = Connected();
        var (o, shell) = rs.Invoke("Get-FaissIndexInfo -Path $dir/idmap_hnsw.index");
        Assert.Empty(shell.Streams.Error);
        var info = Assert.Single(o);
        Assert.Equal("IndexIDMap > IndexHNSW > IndexFlat", info.Properties["Type"].Value);
        Assert.Equal((16, 1000L, "L2", "Exact"), ((int)info.Properties["Dimension"].Value, (long)info.Properties["Count"].Value, (string)info.Properties["MilvusMetric"].Value, (string)info.Properties["Recoverability"].Value));

        var (many, manyShell) = rs.Invoke("Get-FaissIndexInfo -Path $dir/binary_*.index | ForEach-Object VectorType");
        Assert.Empty(manyShell.Streams.Error);
        Assert.Equal(5, many.Count);
        Assert.All(many, v => Assert.Equal("BinaryVector", v.ToString()));

        var (_, bad) = rs.Invoke("Get-FaissIndexInfo -Path $dir/truncated.index, $dir/nope.index");
        Assert.Equal(["FaissFileCorrupt,MilvusDM.PowerShell.Commands.GetFaissIndexInfoCommand", "FaissFileNotFound,MilvusDM.PowerShell.Commands.GetFaissIndexInfoCommand"],
            bad.Streams.Error.Select(e => e.FullyQualifiedErrorId));
    }

    [Fact]
    public void ImportLoadsEveryVectorWithTheIndexMetric()
    {
        using var rs = Connected();
        string name = Name();
        var (o, shell) = rs.Invoke($"Import-FaissIndex -Path $dir/ivfflat.index -CollectionName {name} -Load -IndexType HNSW -Verify");
        Assert.Empty(shell.Streams.Error);
        var result = Assert.Single(o);
        Assert.Equal(("Succeeded", 1000L, true), ((string)result.Properties["Status"].Value, (long)result.Properties["Rows"].Value, (bool?)result.Properties["Verified"].Value));
        // -Verify is its own progress activity, under the import's, and its time is reported apart from the import's.
        var verifying = shell.Streams.Progress.Where(p => p.ActivityId == 101).ToList();
        Assert.NotEmpty(verifying);
        Assert.StartsWith($"Verifying {name}", verifying[0].Activity);
        Assert.Equal(ProgressRecordType.Completed, verifying[^1].RecordType);
        Assert.True((TimeSpan?)result.Properties["VerificationElapsed"].Value > TimeSpan.Zero);
        var (info, _) = rs.Invoke($"Get-MilvusCollection {name}");
        var c = Assert.Single(info);
        Assert.Equal((1000L, 16, "L2", "id"), ((long)c.Properties["RowCount"].Value, (int)c.Properties["Dimension"].Value, (string)c.Properties["MetricType"].Value, (string)c.Properties["PrimaryKey"].Value));
        Assert.False((bool)c.Properties["AutoId"].Value);
        Assert.Equal(["embedding: HNSW/L2"], OutputLists.Items<string>(c.Properties["Indexes"].Value));
    }

    [Fact]
    public void PipelineOfFilesAppendsAfterTheFirstAndLossyNeedsTheSwitch()
    {
        using var rs = Connected();
        string name = Name();
        var (o, shell) = rs.Invoke($"[System.IO.DirectoryInfo]::new($dir).GetFiles('idmap*_flat.index') | Import-FaissIndex -CollectionName {name} -Mode Overwrite -Force -AllowDuplicateIds");
        Assert.Empty(shell.Streams.Error);
        Assert.Equal(2, o.Count);
        Assert.All(o, r => Assert.Equal("Succeeded", r.Properties["Status"].Value));
        // Many files: a parent record counts them (2 of 2…), each file's rows under it, the file named beneath the bar.
        Assert.Contains(shell.Streams.Progress, p => p.ActivityId == 10 && p.StatusDescription.StartsWith("2 of 2: ", StringComparison.Ordinal));
        Assert.Contains(shell.Streams.Progress, p => p.ActivityId == 1 && p.ParentActivityId == 10 && p.CurrentOperation.EndsWith(".index", StringComparison.Ordinal));

        var (lossy, lossyShell) = rs.Invoke($"Import-FaissIndex -Path $dir/ivfpq.index -CollectionName {Name()}");
        Assert.Empty(lossy);   // refused before anything was written: one error, no result
        Assert.Contains("-AllowLossy", Assert.Single(lossyShell.Streams.Error).ErrorDetails.RecommendedAction);
        // The same refusal in a task file names the task file's key, not the cmdlet's parameter.
        string task = Path.Combine(Path.GetTempPath(), $"lossy_{Guid.NewGuid():N}.yaml");
        File.WriteAllText(task, $"steps:\n  - name: lossy\n    source: {{ faiss: {{ path: '{faiss.Dir}/ivfpq.index' }} }}\n    destination: {{ milvus: {{ uri: '{server.Uri}', collection: {Name()} }} }}\n");
        try
        {
            var (_, taskShell) = rs.Invoke($"Invoke-MilvusDMTask '{task}'");
            string remedy = taskShell.Streams.Error.First(e => e.FullyQualifiedErrorId.StartsWith("FaissIndexLossy", StringComparison.Ordinal)).ErrorDetails.RecommendedAction;
            Assert.Contains("allow_lossy: true", remedy);
            Assert.DoesNotContain("-AllowLossy", remedy);
        }
        finally { File.Delete(task); }
        Assert.Equal("FaissIndexLossy,MilvusDM.PowerShell.Commands.ImportFaissIndexCommand", Assert.Single(lossyShell.Streams.Error).FullyQualifiedErrorId);
        var (ok, okShell) = rs.Invoke($"Import-FaissIndex -Path $dir/ivfpq.index -CollectionName {Name()} -AllowLossy -Verbose");
        Assert.Equal("Succeeded", Assert.Single(ok).Properties["Status"].Value);
        Assert.Contains(okShell.Streams.Verbose, v => v.Message.Contains("reconstruction"));
    }

    [Fact]
    public void ReadStreamsBatchesThatWriteAcceptsAndWhatIfWritesNothing()
    {
        using var rs = Connected();
        string name = Name();
        var (o, shell) = rs.Invoke($"Read-FaissIndex -Path $dir/binary_ivf.index -BatchSize 300 | ForEach-Object {{ $_.Count }}");
        Assert.Empty(shell.Streams.Error);
        Assert.Equal(1000, o.Sum(x => (int)x.BaseObject));
        Assert.All(o, x => Assert.True((int)x.BaseObject <= 300));

        var (w, wShell) = rs.Invoke($"Read-FaissIndex -Path $dir/hnsw_flat.index | Write-MilvusCollection -Name {name}");
        Assert.Empty(wShell.Streams.Error);
        Assert.Equal(1000L, Assert.Single(w).Properties["Rows"].Value);

        string untouched = Name();
        var (none, noneShell) = rs.Invoke($"Import-FaissIndex -Path $dir/flat_l2.index -CollectionName {untouched} -WhatIf");
        Assert.Empty(none);
        Assert.Empty(noneShell.Streams.Error);
        var (found, _) = rs.Invoke($"Get-MilvusCollection -Name '{untouched}*'");
        Assert.Empty(found);
    }
}
