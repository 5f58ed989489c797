using System.Text.Json;
using MilvusDM.Core.Tests.Support;

namespace MilvusDM.Core.Tests.Milvus;

/// <summary>
/// The official Milvus Node SDK (@zilliz/milvus2-sdk-node) drives the test server through a full scenario
/// (tests/NodeSdk/sdk-check.js): a client no one here wrote judges the server's fidelity.
/// </summary>
public sealed class NodeSdkTests
{
    [Fact]
    public async Task OfficialNodeSdkScenarioPasses()
    {
        string dir = Path.Combine(RepoPaths.Root, "tests", "NodeSdk");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "@zilliz", "milvus2-sdk-node")))
        {
            var install = await ProcessRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], dir, TimeSpan.FromMinutes(5));
            Assert.True(install.ExitCode == 0, $"npm ci failed:\n{install.StdErr}");
        }
        await using var server = await TestServers.StartAsync();
        var run = await ProcessRunner.RunAsync("node", ["sdk-check.js", $"{server.Uri.Host}:{server.Uri.Port}"], dir, TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"Node SDK scenario failed:\n{run.StdErr}\n{run.StdOut}");

        using var report = JsonDocument.Parse(run.StdOut.Trim().Split('\n')[^1]);
        var r = report.RootElement;
        Assert.Equal(10, r.GetProperty("insert_cnt").GetInt32());
        Assert.Equal("LoadStateLoaded", r.GetProperty("load_state").GetString());
        Assert.Equal(8, r.GetProperty("count_after").GetInt32());
        Assert.Equal(11, r.GetProperty("row_count").GetInt32());   // statistics do not subtract deletes, as in Milvus
        Assert.Equal([0, 3, 4, 5, 6, 7, 8, 9], r.GetProperty("iterated").EnumerateArray().Select(e => e.GetInt32()));
        // A 2-float row for a dim-4 field fails Milvus's divisibility check first: a plain error, 65535.
        var wrongDim = r.GetProperty("wrong_dim");
        Assert.Equal((65535, "the length(2) of float data should divide the dim(4)"), (wrongDim.GetProperty("code").GetInt32(), wrongDim.GetProperty("reason").GetString()));
        var missing = r.GetProperty("missing");
        Assert.Equal(("CollectionNotExists", 0), (missing.GetProperty("error_code").GetString(), missing.GetProperty("code").GetInt32()));

        // Milvus 2.6 types as the SDK sends them (its default-value column carries valid_data: the server's strict rule holds).
        var t = r.GetProperty("types");
        Assert.Equal(3, t.GetProperty("insert_cnt").GetInt32());
        Assert.Equal(3, t.GetProperty("count").GetInt32());
        Assert.Equal(["clips:n+emb"], t.GetProperty("struct_fields").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([7, 42, 42], t.GetProperty("score").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["POINT (1 2)", null, "LINESTRING (0 0, 1 1)"], t.GetProperty("geo").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["2025-01-02T03:04:05Z", null, "2025-01-02T03:04:05Z"], t.GetProperty("ts").EnumerateArray().Select(e => e.GetString()));
    }
}
