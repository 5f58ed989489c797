using System.Management.Automation;
using MilvusDM.TestServer;

namespace MilvusDM.PowerShell.Tests;

/// <summary>User-facing scenarios through a hosted runspace that imported the built module.</summary>
public sealed class CmdletTests(ServerFixture fx) : IClassFixture<ServerFixture>
{
    private const string MakeBatches = """
        function Make-Batches([int]$count, [int]$rows, [int]$dim, [long]$first = 0) {
            for ($b = 0; $b -lt $count; $b++) {
                $ids = [long[]]::new($rows); $vectors = [object[]]::new($rows); $titles = [string[]]::new($rows)
                for ($i = 0; $i -lt $rows; $i++) {
                    $id = $first + $b * $rows + $i
                    $ids[$i] = $id; $titles[$i] = "t$id"
                    $v = [float[]]::new($dim); for ($d = 0; $d -lt $dim; $d++) { $v[$d] = $id + $d / 10 }
                    $vectors[$i] = $v
                }
                New-MilvusVectorBatch -Id $ids -Vector $vectors -Field @{ title = $titles }
            }
        }
        """;

    private static string Name() => "ps_" + Guid.NewGuid().ToString("N");

    private ModuleRunspace Connected()
    {
        var rs = new ModuleRunspace();
        var (_, shell) = rs.Invoke($"Connect-Milvus -Uri '{fx.Uri}' | Out-Null; {MakeBatches}");
        Assert.Empty(shell.Streams.Error);
        return rs;
    }

    [Fact]
    public void PipedBatchesLandInTheCollectionAndGetMilvusCollectionShowsThem()
    {
        using var rs = Connected();
        string name = Name();
        var (output, shell) = rs.Invoke($"Make-Batches 5 200 8 | Write-MilvusCollection -Name {name} -Load -IndexType HNSW -MetricType L2");
        Assert.Empty(shell.Streams.Error);
        var result = Assert.Single(output);
        Assert.Equal("MilvusDM.PowerShell.MilvusTransferResult", result.BaseObject.GetType().FullName);
        Assert.Equal(("Succeeded", 1000L, "Write-MilvusCollection"), ((string)result.Properties["Status"].Value, (long)result.Properties["Rows"].Value, (string)result.Properties["Operation"].Value));

        var (info, getShell) = rs.Invoke($"Get-MilvusCollection {name}");
        Assert.Empty(getShell.Streams.Error);
        var c = Assert.Single(info);
        Assert.Equal(1000L, c.Properties["RowCount"].Value);
        Assert.Equal(8, c.Properties["Dimension"].Value);
        Assert.Equal("L2", c.Properties["MetricType"].Value);
        Assert.Equal("Loaded", c.Properties["LoadState"].Value);
        Assert.Equal(["embedding: HNSW/L2"], OutputLists.Items<string>(c.Properties["Indexes"].Value));
        var fields = OutputLists.Items<object>(c.Properties["Fields"].Value).Select(f => f.ToString());
        Assert.Equal(["id:Int64", "embedding:FloatVector(8)", "title:VarChar"], fields);

        var (wild, _) = rs.Invoke($"Get-MilvusCollection -Name '{name[..10]}*' | ForEach-Object Name");
        Assert.Contains(name, wild.Select(w => w.ToString()));
    }

    [Fact]
    public void ModesBehaveAsNamed()
    {
        using var rs = Connected();
        string name = Name();
        Assert.Equal("Succeeded", Status(rs.Invoke($"Make-Batches 2 100 4 | Write-MilvusCollection {name}")));
        Assert.Equal("Skipped", Status(rs.Invoke($"Make-Batches 1 10 4 | Write-MilvusCollection {name} -Mode Skip")));
        Assert.Equal(200L, Rows(rs, name));
        Assert.Equal("Succeeded", Status(rs.Invoke($"Make-Batches 1 50 4 1000 | Write-MilvusCollection {name} -Mode Append")));
        Assert.Equal(250L, Rows(rs, name));
        Assert.Equal("Succeeded", Status(rs.Invoke($"Make-Batches 1 30 4 | Write-MilvusCollection {name} -Mode Upsert")));
        Assert.Equal("Succeeded", Status(rs.Invoke($"Make-Batches 1 7 4 | Write-MilvusCollection {name} -Mode Overwrite -Force")));
        Assert.Equal(7L, Rows(rs, name));
        Assert.Equal("Succeeded", Status(rs.Invoke($"Make-Batches 1 5 4 | Write-MilvusCollection {name} -PartitionName p2024")));
        var (parts, _) = rs.Invoke($"(Get-MilvusCollection {name}).Partitions");
        Assert.Equal(["_default", "p2024"], parts.Select(p => p.ToString()));
    }

    [Fact]
    public void WhatIfLeavesTheServerUntouched()
    {
        using var rs = Connected();
        string name = Name();
        var (output, shell) = rs.Invoke($"Make-Batches 3 10 4 | Write-MilvusCollection {name} -WhatIf; New-MilvusCollection {name}x -Dimension 4 -WhatIf");
        Assert.Empty(output);
        Assert.Empty(shell.Streams.Error);
        var (found, get) = rs.Invoke($"Get-MilvusCollection -Name '{name}*'");
        Assert.Empty(found);
        Assert.Empty(get.Streams.Error);
    }

    [Fact]
    public void ErrorsCarryStableIdsCategoriesAndRemedies()
    {
        using var rs = Connected();
        var (_, missing) = rs.Invoke("Get-MilvusCollection no_such_collection");
        var e = Assert.Single(missing.Streams.Error);
        Assert.Equal("MilvusCollectionNotFound,MilvusDM.PowerShell.Commands.GetMilvusCollectionCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.NotNull(e.ErrorDetails?.RecommendedAction);

        string name = Name();
        rs.Invoke($"New-MilvusCollection {name} -Dimension 16 | Out-Null");
        var (result, mismatch) = rs.Invoke($"Make-Batches 1 10 8 | Write-MilvusCollection {name}");
        var m = Assert.Single(mismatch.Streams.Error);
        Assert.Equal("CollectionSchemaMismatch,MilvusDM.PowerShell.Commands.WriteMilvusCollectionCommand", m.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, m.CategoryInfo.Category);
        Assert.Contains("dim 16", m.Exception.Message);
        Assert.Empty(result);   // nothing was written: the one error record tells it

        var (_, exists) = rs.Invoke($"New-MilvusCollection {name} -Dimension 16");
        Assert.Equal("CollectionAlreadyExists,MilvusDM.PowerShell.Commands.NewMilvusCollectionCommand", Assert.Single(exists.Streams.Error).FullyQualifiedErrorId);

        using var fresh = new ModuleRunspace();
        var (_, notConnected) = fresh.Invoke("Get-MilvusCollection");
        Assert.Equal("NotConnected,MilvusDM.PowerShell.Commands.GetMilvusCollectionCommand", Assert.Single(notConnected.Streams.Error).FullyQualifiedErrorId);
        var (_, unreachable) = fresh.Invoke("Connect-Milvus -Uri http://127.0.0.1:1 -TimeoutSec 5");
        var u = Assert.Single(unreachable.Streams.Error);
        Assert.Equal("MilvusUnavailable,MilvusDM.PowerShell.Commands.ConnectMilvusCommand", u.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, u.CategoryInfo.Category);
    }

    [Fact]
    public void ProgressIsThrottledParentedAndCompleted()
    {
        using var rs = Connected();
        fx.Server.Faults.WriteDelay = TimeSpan.FromMilliseconds(30);
        try
        {
            var (_, shell) = rs.Invoke($"Make-Batches 40 50 4 | Write-MilvusCollection {Name()} -BatchSize 50 -ThrottleLimit 1");
            Assert.Empty(shell.Streams.Error);
            var records = shell.Streams.Progress.ToList();
            Assert.NotEmpty(records);
            Assert.All(records, r => Assert.Equal(1, r.ActivityId));
            Assert.Single(records, r => r.RecordType == ProgressRecordType.Completed);
            Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
            Assert.True(records.Count < 40, $"{records.Count} progress records for 40 batches: not throttled");
        }
        finally
        {
            fx.Server.Faults.WriteDelay = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task StopEndsTheTransferQuicklyWithNoWritesAfterIt()
    {
        await using var server = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });
        server.Faults.WriteDelay = TimeSpan.FromMilliseconds(50);
        using var rs = new ModuleRunspace();
        rs.Invoke($"Connect-Milvus -Uri '{server.Uri}' | Out-Null; {MakeBatches}");
        using var ps = System.Management.Automation.PowerShell.Create(rs.Runspace);
        ps.AddScript($"Make-Batches 100000 20 4 | Write-MilvusCollection {Name()} -BatchSize 20 -ThrottleLimit 2");
        var firstProgress = new TaskCompletionSource();
        ps.Streams.Progress.DataAdded += (_, _) => firstProgress.TrySetResult();
        var run = ps.BeginInvoke();
        await firstProgress.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        ps.Stop();
        var stoppedAt = DateTime.UtcNow;
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Stop took {stopwatch.Elapsed}");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        long writes = server.Faults.AcceptedWrites;
        await Task.Delay(500);
        Assert.Equal(writes, server.Faults.AcceptedWrites);
        Assert.True(server.Faults.LastAcceptedWriteUtc <= stoppedAt.AddMilliseconds(100), "a write was accepted after Stop returned");
        Assert.True(writes < 1000);
        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(run));
    }

    [Fact]
    public async Task CredentialsAuthenticateAndBadOnesAreRejected()
    {
        await using var server = await MilvusTestServer.StartAsync(new TestServerOptions { AuthEnabled = true });
        using var rs = new ModuleRunspace();
        rs.SetVariable("good", new PSCredential("root", ToSecure("Milvus")));
        rs.SetVariable("bad", new PSCredential("root", ToSecure("nope")));
        var (conn, ok) = rs.Invoke($"Connect-Milvus -Uri '{server.Uri}' -Credential $good");
        Assert.Empty(ok.Streams.Error);
        Assert.Equal("root", Assert.Single(conn).Properties["User"].Value);
        var (_, badShell) = rs.Invoke($"Connect-Milvus -Uri '{server.Uri}' -Credential $bad");
        var e = Assert.Single(badShell.Streams.Error);
        Assert.Equal("MilvusAuthenticationFailed,MilvusDM.PowerShell.Commands.ConnectMilvusCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
        Assert.DoesNotContain("nope", e.ToString());
        var (_, dis) = rs.Invoke("Disconnect-Milvus; Get-MilvusCollection");
        Assert.Equal("NotConnected,MilvusDM.PowerShell.Commands.GetMilvusCollectionCommand", Assert.Single(dis.Streams.Error).FullyQualifiedErrorId);
    }

    [Fact]
    public void VectorBatchesCanBeInspectedFromScripts()
    {
        using var rs = Connected();
        var (o, shell) = rs.Invoke("$b = Make-Batches 1 3 4 10; $b.Count; $b.Dimension; $b.GetVector(1)[0]; $b.GetValue('title', 2); $b.Columns -join ','");
        Assert.Empty(shell.Streams.Error);
        Assert.Equal(["3", "4", "11", "t12", "id,embedding,title"], o.Select(x => x.ToString()));
    }

    private static System.Security.SecureString ToSecure(string s)
    {
        var secure = new System.Security.SecureString();
        foreach (char c in s) secure.AppendChar(c);
        return secure;
    }

    private static string Status((System.Collections.ObjectModel.Collection<PSObject> Output, System.Management.Automation.PowerShell Shell) r) =>
        (string)Assert.Single(r.Output).Properties["Status"].Value;

    private static long Rows(ModuleRunspace rs, string name) =>
        (long)Assert.Single(rs.Invoke($"(Get-MilvusCollection {name}).RowCount").Output).BaseObject;
}
