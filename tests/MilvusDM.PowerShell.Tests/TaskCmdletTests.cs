using MilvusDM.Core.Tests.Support;

namespace MilvusDM.PowerShell.Tests;

/// <summary>
/// The examples/ task files run as written against a test server, through Invoke-MilvusDMTask in a hosted runspace
/// and through the milvusdm executable; Test-MilvusDMTask reports the broken corpus. One class: the examples share
/// examples/data and examples/out.
/// </summary>
public sealed class TaskCmdletTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly string Examples = Path.Combine(RepoPaths.Root, "examples");
    private static readonly string[] InOrder = ["F2M", "H2M", "M2M_1x", "M2H_1x", "M2M_2x", "M2H_2x", "demo"];
    private static readonly SemaphoreSlim DataGate = new(1, 1);
    private static bool _dataMade;

    private static async Task MakeDataAsync()
    {
        await DataGate.WaitAsync();
        try
        {
            if (_dataMade) return;
            var run = await ProcessRunner.RunAsync("/usr/bin/python3", [Path.Combine(Examples, "make_data.py")], RepoPaths.Root, TimeSpan.FromMinutes(2));
            Assert.True(run.ExitCode == 0, run.StdErr);
            _dataMade = true;
        }
        finally { DataGate.Release(); }
    }

    private string Port => server.Server.Uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task EveryExampleRunsInARunspaceAndThroughTheExecutable()
    {
        await MakeDataAsync();
        Environment.SetEnvironmentVariable("MILVUSDM_PORT", Port);
        try
        {
            using var rs = new ModuleRunspace();
            foreach (var example in InOrder)
            {
                var (o, shell) = rs.Invoke($"Invoke-MilvusDMTask -Path '{Path.Combine(Examples, example + ".yaml")}' -Force");
                Assert.True(shell.Streams.Error.Count == 0, $"{example}: {string.Join("; ", shell.Streams.Error)}");
                Assert.NotEmpty(o);
                Assert.All(o, r => Assert.Equal("Succeeded", (string)r.Properties["Status"].Value));
                Assert.Contains(shell.Streams.Progress, p => p.ActivityId == 1);
                if (example == "demo")
                {
                    Assert.Equal(["faiss into milvus", "hdf5 into milvus", "hdf5 into milvus", "milvus 1.x into milvus", "milvus 1.x into milvus", "milvus to milvus", "milvus to hdf5", "milvus to hdf5"],
                        o.Select(r => (string)r.Properties["Step"].Value));
                    Assert.All(o.Take(6), r => Assert.True((bool?)r.Properties["Verified"].Value));
                    Assert.Contains(shell.Streams.Progress, p => p.ActivityId == 2 && p.ParentActivityId == 1);
                }
            }
            var (count, _) = rs.Invoke($"Connect-Milvus -Uri '{server.Uri}' | Out-Null; (Get-MilvusCollection demo_faiss_copy).RowCount; (Get-MilvusCollection demo_h5).RowCount");
            Assert.Equal([1000L, 1000L], count.Select(c => (long)c.BaseObject));
            Assert.True(File.Exists(Path.Combine(Examples, "out", "demo_export", "demo_m1_tag_1.h5")));
        }
        finally { Environment.SetEnvironmentVariable("MILVUSDM_PORT", null); }

        // The same files through the milvusdm executable, as the old tool's users run them.
        string cli = Path.Combine(RepoPaths.Root, "src", "MilvusDM.Cli", "bin", "Release", "net10.0", "milvusdm.dll");
        foreach (var example in InOrder)
        {
            var run = await RunCli(cli, ["--yaml", Path.Combine(Examples, example + ".yaml")]);
            Assert.True(run.ExitCode == 0, $"{example}: exit {run.ExitCode}: {run.StdErr}");
            Assert.Contains("Succeeded", run.StdOut);
        }
        var plan = await RunCli(cli, ["--yaml", Path.Combine(Examples, "demo.yaml"), "--whatif"]);
        Assert.Equal(0, plan.ExitCode);
        Assert.Contains("what if: milvus 1.x into milvus: Milvus 1.x", plan.StdOut);
        var broken = await RunCli(cli, ["--yaml", Path.Combine(RepoPaths.Root, "tests", "fixtures", "taskfiles", "broken", "bad_mode.yaml")]);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("F2M.mode: must be one of skip, append, overwrite, not 'replace'", broken.StdErr);
        var command = await RunCli(cli, ["-c", $"Connect-Milvus -Uri '{server.Uri}' | Out-Null; (Get-MilvusCollection demo_m1).RowCount"]);
        Assert.Equal((0, "118"), (command.ExitCode, command.StdOut.Trim()));
        Assert.Equal(2, (await RunCli(cli, ["--bogus"])).ExitCode);
    }

    private Task<(int ExitCode, string StdOut, string StdErr)> RunCli(string cli, string[] args)
    {
        Environment.SetEnvironmentVariable("MILVUSDM_PORT", Port);   // inherited by the child only while it starts
        try { return ProcessRunner.RunAsync("dotnet", [cli, .. args], Examples, TimeSpan.FromMinutes(3)); }
        finally { Environment.SetEnvironmentVariable("MILVUSDM_PORT", null); }
    }

    [Fact]
    public void TestReportsEveryBrokenFileWithoutRunningIt()
    {
        using var rs = new ModuleRunspace();
        string broken = Path.Combine(RepoPaths.Root, "tests", "fixtures", "taskfiles", "broken");
        var (o, shell) = rs.Invoke($"[System.IO.Directory]::GetFiles('{broken}', '*.yaml') | Test-MilvusDMTask");
        Assert.Equal(Directory.GetFiles(broken, "*.yaml").Length, o.Count);
        Assert.All(o, v => Assert.False((bool)v.Properties["Valid"].Value));
        Assert.All(shell.Streams.Error, e => Assert.Equal("TaskFileInvalid,MilvusDM.PowerShell.Commands.TestMilvusDMTaskCommand", e.FullyQualifiedErrorId));
        var unknown = o.Single(v => ((string)v.Properties["Path"].Value).EndsWith("unknown_key.yaml", StringComparison.Ordinal));
        var error = System.Management.Automation.PSObject.AsPSObject(Assert.Single((System.Collections.IEnumerable)unknown.Properties["Errors"].Value));
        Assert.Equal(("F2M.dest_hots", 5), ((string)error.Properties["Key"].Value, (int)error.Properties["Line"].Value));

        var (valid, _) = rs.Invoke($"Test-MilvusDMTask '{Path.Combine(Examples, "demo.yaml")}'");
        Assert.True((bool)Assert.Single(valid).Properties["Valid"].Value);
        Assert.Equal(5, (OutputLists.Items<string>(valid[0].Properties["Steps"].Value)).Length);
    }

    [Fact]
    public void WhatIfRunsNothing()
    {
        using var rs = new ModuleRunspace();
        string dir = Directory.CreateTempSubdirectory("task-whatif").FullName;
        try
        {
            string file = Path.Combine(dir, "t.yaml");
            File.WriteAllText(file, $"""
                steps:
                  - source: {"{"} hdf5: {"{"} path: '{Path.Combine(RepoPaths.Root, "tests", "fixtures", "milvusdm-examples", "byte_example.h5")}' {"}"} {"}"}
                    destination: {"{"} milvus: {"{"} uri: '{server.Uri}', collection: whatif_target {"}"} {"}"}
                """);
            var (o, shell) = rs.Invoke($"Invoke-MilvusDMTask '{file}' -WhatIf");
            Assert.Empty(o);
            Assert.Empty(shell.Streams.Error);
            var (exists, _) = rs.Invoke($"Connect-Milvus -Uri '{server.Uri}' | Out-Null; Get-MilvusCollection whatif_target -ErrorAction SilentlyContinue");
            Assert.Empty(exists);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AFailedStepStopsTheFileUnlessItSaysContinue(bool continueOnError)
    {
        using var rs = new ModuleRunspace();
        string dir = Directory.CreateTempSubdirectory("task-continue").FullName;
        try
        {
            string file = Path.Combine(dir, "t.yaml"), example = Path.Combine(RepoPaths.Root, "tests", "fixtures", "milvusdm-examples", "byte_example.h5");
            string target = "after_" + Guid.NewGuid().ToString("N");
            File.WriteAllText(file, $"""
                continue_on_error: {(continueOnError ? "true" : "false")}
                steps:
                  - name: broken
                    source: {"{"} faiss: {"{"} path: missing.index {"}"} {"}"}
                    destination: {"{"} milvus: {"{"} uri: '{server.Uri}', collection: never {"}"} {"}"}
                  - name: fine
                    source: {"{"} hdf5: {"{"} path: '{example}' {"}"} {"}"}
                    destination: {"{"} milvus: {"{"} uri: '{server.Uri}', collection: {target} {"}"} {"}"}
                """);
            var (o, shell) = rs.Invoke($"Invoke-MilvusDMTask '{file}'");
            Assert.Equal("FaissFileNotFound", Assert.Single(shell.Streams.Error).FullyQualifiedErrorId.Split(',')[0]);
            var steps = o.Select(r => ((string)r.Properties["Step"].Value, (string)r.Properties["Status"].Value)).ToArray();
            if (continueOnError) Assert.Equal([("fine", "Succeeded")], steps);   // the broken step is its error record
            else
            {
                Assert.Empty(steps);
                Assert.Contains(shell.Streams.Warning, w => w.Message.Contains("the 1 step(s) after it were not run"));
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
