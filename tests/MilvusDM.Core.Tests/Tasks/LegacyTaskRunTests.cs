using MilvusDM.Core.Tasks;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Tasks;

/// <summary>The old tool's shipped task files run as written, paths and hosts aside, against real MariaDB metadata and the test server.</summary>
public sealed class LegacyTaskRunTests(MariaDbServer maria, SharedServerFixture server, FaissFixtures faiss)
    : IClassFixture<MariaDbServer>, IClassFixture<SharedServerFixture>, IClassFixture<FaissFixtures>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("legacy-tasks").FullName;

    /// <summary>The shipped file with its paths, hosts and MySQL account replaced, nothing else.</summary>
    private string Adapt(string kind, params (string From, string To)[] replacements)
    {
        string text = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "fixtures", "milvusdm-examples", "yamls", kind + ".yaml"));
        var port = server.Server.Uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (from, to) in replacements.Append(("dest_port: 19530", "dest_port: " + port)).Append(("port: 3306", $"port: {MariaDbServer.Port}")).Append(("database: 'milvus'", $"database: '{maria.Database}'"))
                     .Append(("user: 'root'", $"user: '{MariaDbServer.User}'")).Append(("password: '123456'", $"password: '{MariaDbServer.Password}'")))
            text = text.Replace(from, to, StringComparison.Ordinal);
        string file = Path.Combine(_dir, kind + ".yaml");
        File.WriteAllText(file, text);
        return file;
    }

    private static async Task<IReadOnlyList<TransferResult>> Run(string file)
    {
        var (plan, errors) = TaskFile.Load(file);
        Assert.Empty(errors);
        return await TaskRunner.RunStepAsync(Assert.Single(plan!.Steps), null, CancellationToken.None);
    }

    [Fact]
    public async Task M2MAndM2HReadTheirMilvus1DataPathThroughMySql()
    {
        string root = Path.Combine(_dir, "milvus");
        using var b = new Milvus1Builder(root);
        b.CreateCollection("test", 16, metric: 1);
        b.Insert("test", [1, 2, 3], Milvus1Fixture.FloatRows(3, 1));
        b.Insert(b.CreatePartition("test", "partition_1"), [10, 11], Milvus1Fixture.FloatRows(2, 2));
        b.Insert(b.CreatePartition("test", "partition_2"), [20, 21, 22, 23], Milvus1Fixture.FloatRows(4, 3));
        await maria.LoadAsync(b);
        File.Delete(Path.Combine(root, "db", "meta.sqlite"));   // MySQL is the only metadata

        var copied = await Run(Adapt("M2M", ("'/home/user/milvus'", $"'{root}'")));
        Assert.Equal([("partition_1", 2L), ("partition_2", 4L)], copied.Select(r => (r.Partition!, r.Rows)));
        await server.Client.LoadCollectionAsync("test");
        Assert.Equal(6, await server.Client.CountAsync("test"));
        var again = await Run(Adapt("M2M", ("'/home/user/milvus'", $"'{root}'")));   // mode: 'skip'
        Assert.Equal(TransferStatus.Skipped, Assert.Single(again).Status);

        string data = Path.Combine(_dir, "data");
        var exported = await Run(Adapt("M2H", ("'/home/user/milvus'", $"'{root}'"), ("'/home/user/data'", $"'{data}'")));
        Assert.Equal([("partition_1", 2L), ("partition_2", 4L)], exported.Select(r => (r.Partition!, r.Rows)));
        Assert.True(File.Exists(Path.Combine(data, "test_partition_2.h5")));
    }

    [Fact]
    public async Task H2MLoadsTheOldToolsBinaryExample()
    {
        string example = Path.Combine(RepoPaths.Root, "tests", "fixtures", "milvusdm-examples", "byte_example.h5");
        var results = await Run(Adapt("H2M", ("/Users/data/example/byte_example.h5", example)));
        Assert.Equal((TransferStatus.Succeeded, 5L), (Assert.Single(results).Status, results[0].Rows));
        var spec = await server.Client.DescribeCollectionFullAsync("test_bina");
        Assert.Equal(("HAMMING", 512), (spec.Indexes[0].MetricType, spec.Field("embedding")!.Dimension!.Value));
    }

    [Fact]
    public async Task F2MChecksTheDeclaredDimension()
    {
        var error = await Assert.ThrowsAsync<Errors.MilvusDMException>(() => Run(Adapt("F2M", ("'/home/data/faiss1.index'", $"'{faiss.Index("flat_l2")}'"))));
        Assert.Equal("TaskDimensionMismatch", error.ErrorId);   // the shipped file says 256
        Assert.Contains("collection_parameter.dimension is 256", error.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
