using MilvusDM.TestServer;

namespace MilvusDM.PowerShell.Tests;

/// <summary>Read-MilvusCollection and Copy-MilvusCollection between two test servers.</summary>
public sealed class CopyCmdletTests
{
    [Fact]
    public async Task CollectionsCopyByWildcardAndFromGetMilvusCollection()
    {
        await using var a = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });
        await using var b = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });
        using var rs = new ModuleRunspace();
        var (_, setup) = rs.Invoke($$"""
            $src = Connect-Milvus -Uri '{{a.Uri}}'
            $dst = Connect-Milvus -Uri '{{b.Uri}}' -NoDefault
            foreach ($n in 'docs_a', 'docs_b') {
                $ids = [long[]](1..250); $v = foreach ($i in 1..250) { ,[float[]]($i, -$i, 0.5) }
                New-MilvusVectorBatch -Id $ids -Vector $v -Field @{ title = [string[]](1..250 | ForEach-Object { "t$_" }) } |
                    Write-MilvusCollection -Name $n -PartitionName p7 -IndexType HNSW -MetricType L2 -Load | Out-Null
            }
            """);
        Assert.Empty(setup.Streams.Error);

        var (copied, shell) = rs.Invoke("Copy-MilvusCollection -Name 'docs_*' -Destination $dst");
        Assert.Empty(shell.Streams.Error);
        Assert.Equal(4, copied.Count);   // two partitions (_default, p7) per collection
        Assert.All(copied, r => Assert.Equal("Succeeded", r.Properties["Status"].Value));
        Assert.Equal(500L, copied.Sum(r => (long)r.Properties["Rows"].Value));
        Assert.Contains(copied, r => (string?)r.Properties["Partition"].Value == "p7" && (long)r.Properties["Rows"].Value == 250);

        var (info, _) = rs.Invoke("Get-MilvusCollection docs_a -Connection $dst");
        var c = Assert.Single(info);
        Assert.Equal((250L, "Loaded", "L2"), ((long)c.Properties["RowCount"].Value, (string)c.Properties["LoadState"].Value, (string)c.Properties["MetricType"].Value));
        Assert.Equal(["_default", "p7"], OutputLists.Items<string>(c.Properties["Partitions"].Value));

        var (piped, pipedShell) = rs.Invoke("Get-MilvusCollection docs_b | Copy-MilvusCollection -Destination $dst -DestinationName docs_b2 -PartitionName p7");
        Assert.Empty(pipedShell.Streams.Error);
        Assert.Equal(250L, Assert.Single(piped).Properties["Rows"].Value);

        var (titles, _) = rs.Invoke("Read-MilvusCollection docs_b2 -Connection $dst -Field title -BatchSize 100 | ForEach-Object { $b = $_; for ($i = 0; $i -lt $b.Count; $i++) { $b.GetValue('title', $i) } }");
        Assert.Equal(Enumerable.Range(1, 250).Select(i => $"t{i}"), titles.Select(t => t.ToString()));

        var (_, missing) = rs.Invoke("Copy-MilvusCollection -Name nope -Destination $dst");
        Assert.Equal("MilvusCollectionNotFound,MilvusDM.PowerShell.Commands.CopyMilvusCollectionCommand", Assert.Single(missing.Streams.Error).FullyQualifiedErrorId);
        var (none, _) = rs.Invoke("Copy-MilvusCollection -Name docs_a -Destination $dst -DestinationName whatif_copy -WhatIf; Get-MilvusCollection whatif_* -Connection $dst");
        Assert.Empty(none);
    }
}

/// <summary>Copy-MilvusCollection -Verify and Compare-MilvusCollection.</summary>
/// <summary>A source held in many small segments: the copy sizes its pages and says so in -Verbose.</summary>
public sealed class ManySegmentsCopyCmdletTests
{
    [Fact]
    public async Task PageSizeIsChosenFromSegmentsAndShownInVerbose()
    {
        await using var a = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero, SegmentRows = 500 });
        await using var b = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });
        using var rs = new ModuleRunspace();
        var (_, setup) = rs.Invoke($$"""
            $src = Connect-Milvus -Uri '{{a.Uri}}'
            $dst = Connect-Milvus -Uri '{{b.Uri}}' -NoDefault
            $ids = [long[]](1..6000); [System.Random]::new(9).Shuffle($ids)
            $v = foreach ($i in $ids) { ,[float[]]($i, -$i, 0.5, 1) }
            New-MilvusVectorBatch -Id $ids -Vector $v | Write-MilvusCollection -Name busy -IndexType FLAT -MetricType L2 | Out-Null
            """);
        Assert.Empty(setup.Streams.Error);
        var (copied, shell) = rs.Invoke("Copy-MilvusCollection -Name busy -Destination $dst -Verify -Verbose");
        Assert.Empty(shell.Streams.Error);
        var result = Assert.Single(copied);
        Assert.Equal(("Succeeded", 6000L, true), ((string)result.Properties["Status"].Value, (long)result.Properties["Rows"].Value, (bool)result.Properties["Verified"].Value));
        Assert.Contains(shell.Streams.Verbose, v => v.Message.StartsWith("Query pages: limit ", StringComparison.Ordinal) && v.Message.Contains("12 loaded segment(s)"));
    }
}

public sealed class VerifyCmdletTests
{
    [Fact]
    public async Task VerifyProvesTheCopyAndCompareNamesDifferences()
    {
        await using var a = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });
        await using var b = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });
        using var rs = new ModuleRunspace();
        rs.Invoke($$"""
            $src = Connect-Milvus -Uri '{{a.Uri}}'
            $dst = Connect-Milvus -Uri '{{b.Uri}}' -NoDefault
            $v = foreach ($i in 1..100) { ,[float[]]($i, 2) }
            New-MilvusVectorBatch -Id ([long[]](1..100)) -Vector $v | Write-MilvusCollection -Name verified -IndexType FLAT -MetricType L2 | Out-Null
            """);
        var (copied, shell) = rs.Invoke("Copy-MilvusCollection verified -Destination $dst -Verify");
        Assert.Empty(shell.Streams.Error);
        Assert.True((bool)Assert.Single(copied).Properties["Verified"].Value);

        var (same, _) = rs.Invoke("Compare-MilvusCollection verified -Destination $dst");
        Assert.True((bool)Assert.Single(same).Properties["Equal"].Value);

        rs.Invoke("New-MilvusVectorBatch -Id ([long[]](500)) -Vector @(,[float[]](5, 5)) | Write-MilvusCollection -Name verified -Connection $dst | Out-Null");
        var (diff, _) = rs.Invoke("Compare-MilvusCollection verified -Destination $dst");
        var d = Assert.Single(diff);
        Assert.Equal((false, 1L, 0L), ((bool)d.Properties["Equal"].Value, (long)d.Properties["Extra"].Value, (long)d.Properties["Missing"].Value));
        Assert.Equal([500L], OutputLists.Items<object>(d.Properties["ExtraKeys"].Value).Select(Convert.ToInt64));

        // The destination silently changes a vector of the next write: -Verify catches it and names the row.
        b.Faults.CorruptWrites(b.Faults.WriteCalls + 1);
        var (bad, badShell) = rs.Invoke("Copy-MilvusCollection verified -Destination $dst -DestinationName corrupted -Verify");
        Assert.False((bool)Assert.Single(bad).Properties["Verified"].Value);
        var error = Assert.Single(badShell.Streams.Error);
        Assert.Equal("VerificationFailed,MilvusDM.PowerShell.Commands.CopyMilvusCollectionCommand", error.FullyQualifiedErrorId);
        Assert.Contains("1 different (e.g. 1)", error.Exception.Message);
    }
}

/// <summary>-Verbose tells about every call the client retried (here: a rate-limited insert).</summary>
public sealed class RetryVerboseTests
{
    [Fact]
    public async Task ARateLimitedWriteIsRetriedAndToldInVerbose()
    {
        await using var server = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });
        server.Faults.RateLimitWrites(1);
        using var rs = new ModuleRunspace();
        var (written, shell) = rs.Invoke($$"""
            Connect-Milvus -Uri '{{server.Uri}}' | Out-Null
            New-MilvusVectorBatch -Id ([long[]](1..10)) -Vector (1..10 | ForEach-Object { ,[float[]]($_, 1) }) | Write-MilvusCollection -Name retried -Verbose
            """);
        Assert.Empty(shell.Streams.Error);
        Assert.Equal(10L, (long)Assert.Single(written).Properties["Rows"].Value);
        Assert.Contains(shell.Streams.Verbose, v => v.Message.StartsWith("Milvus Insert at ", StringComparison.Ordinal) && v.Message.Contains("rate limit") && v.Message.Contains("retry 1 of"));
        Assert.Single(shell.Streams.Verbose, v => v.Message.StartsWith("Milvus Insert at ", StringComparison.Ordinal));   // one retry, told once
    }
}
