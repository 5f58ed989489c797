using MilvusDM.Core.Tasks;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Tasks;

/// <summary>Task files: the old tool's files parse as written; each broken file yields exactly the errors its header names.</summary>
public sealed class TaskFileTests
{
    private static readonly string Broken = Path.Combine(RepoPaths.Root, "tests", "fixtures", "taskfiles", "broken");

    public static TheoryData<string> BrokenFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Broken, "*.yaml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void EveryBrokenFileNamesItsKeysAndLines(string name)
    {
        string file = Path.Combine(Broken, name);
        var expected = File.ReadLines(file).Where(l => l.StartsWith("# expect:", StringComparison.Ordinal))
            .Select(l => l["# expect:".Length..].Trim()).Select(e => e.Contains(' ') ? (e[..e.LastIndexOf(' ')], int.Parse(e[(e.LastIndexOf(' ') + 1)..])) : ("", int.Parse(e))).ToList();
        Assert.NotEmpty(expected);
        var (plan, errors) = TaskFile.Load(file);
        Assert.Null(plan);
        Assert.True(expected.Order().SequenceEqual(errors.Select(e => (e.Key, e.Line)).Order()), string.Join(" | ", errors));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.DoesNotContain(errors, e => e.Message.Contains("hunter2"));
    }

    [Theory]
    [InlineData("F2M", "FaissTaskSource", "MilvusTaskDestination")]
    [InlineData("H2M", "Hdf5TaskSource", "MilvusTaskDestination")]
    [InlineData("M2M", "Milvus1TaskSource", "MilvusTaskDestination")]
    [InlineData("M2H", "Milvus1TaskSource", "Hdf5TaskDestination")]
    public void TheOldToolsShippedFilesParseAsWritten(string kind, string source, string destination)
    {
        var (plan, errors) = TaskFile.Load(Path.Combine(RepoPaths.Root, "tests", "fixtures", "milvusdm-examples", "yamls", kind + ".yaml"));
        Assert.Empty(errors);
        var step = Assert.Single(plan!.Steps);
        Assert.Equal((source, destination), (step.Source.GetType().Name, step.Destination.GetType().Name));
        Assert.Equal("Legacy", plan.Form);
        Assert.Contains(plan.Notes, n => n.StartsWith("milvus_version '1.x' does not apply", StringComparison.Ordinal));
        Assert.DoesNotContain("123456", step.Describe());   // the old files' MySQL password is used, never shown
        if (step.Destination is MilvusTaskDestination d) Assert.Equal("http://127.0.0.1:19530", d.Endpoint.Uri);
        if (kind == "H2M")
        {
            var h = (Hdf5TaskSource)step.Source;
            Assert.Equal(["/Users/data/example/byte_example.h5"], h.Files);
            Assert.Equal((WriteMode.Overwrite, "test_bina", 512, "HAMMING"), (((MilvusTaskDestination)step.Destination).Mode, ((MilvusTaskDestination)step.Destination).Collection,
                ((MilvusTaskDestination)step.Destination).ExpectedDimension, h.Read.MetricType));
        }
        if (step.Source is Milvus1TaskSource m1)
        {
            Assert.Equal(["partition_1", "partition_2"], m1.Collections["test"]);
            Assert.Contains("Password=123456", m1.MySqlConnectionString);
        }
    }

    [Fact]
    public void EnvironmentReferencesAndRelativePathsResolve()
    {
        string dir = Directory.CreateTempSubdirectory("taskfile").FullName;
        try
        {
            Environment.SetEnvironmentVariable("MILVUSDM_TEST_TASK_PORT", "19999");
            File.WriteAllText(Path.Combine(dir, "t.yaml"), """
                steps:
                  - source: { hdf5: { directory: data } }
                    destination:
                      milvus:
                        uri: 'http://${MILVUSDM_TEST_TASK_HOST:-localhost}:${MILVUSDM_TEST_TASK_PORT}'
                        collection: c
                        token_env: MY_TOKEN
                """);
            var (plan, errors) = TaskFile.Load(Path.Combine(dir, "t.yaml"));
            Assert.Empty(errors);
            var step = Assert.Single(plan!.Steps);
            Assert.Equal(Path.Combine(dir, "data"), ((Hdf5TaskSource)step.Source).Directory);
            var d = (MilvusTaskDestination)step.Destination;
            Assert.Equal(("http://localhost:19999", "MY_TOKEN"), (d.Endpoint.Uri, d.Endpoint.TokenEnv));
            Assert.Equal((5000, 4, false), (step.Transfer.BatchRows, step.Transfer.ThrottleLimit, step.Verify));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MILVUSDM_TEST_TASK_PORT", null);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TheDocumentedExamplesAreValid()
    {
        string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "en-US", "about_MilvusDM_TaskFile.md"));
        var blocks = doc.Split("```yaml\n").Skip(1).Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)]).ToList();
        Assert.Equal(3, blocks.Count);
        string dir = Directory.CreateTempSubdirectory("taskdoc").FullName;
        try
        {
            foreach (var (block, i) in blocks.Select((b, i) => (b, i)))
            {
                string file = Path.Combine(dir, $"doc{i}.yaml");
                File.WriteAllText(file, block);
                var (plan, errors) = TaskFile.Load(file);
                Assert.True(errors.Count == 0, string.Join(" | ", errors));
                Assert.Equal(new[] { 1, 4, 2 }[i], plan!.Steps.Count);
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
