using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Milvus;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Transfer;

/// <summary>M2H then H2M: a collection of every field type leaves as HDF5 files and comes back equal.</summary>
public sealed class CollectionExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("milvusdm-export").FullName;

    /// <summary>
    /// Every scalar type, nullable, default and dynamic values, and vectors: Milvus allows four vector fields per
    /// collection, so <paramref name="sparseAndInt8"/> swaps binary/float16/bfloat16 for sparse and int8.
    /// </summary>
    internal static (CollectionSpec Spec, VectorBatch Data) EveryType(string name, int rows, bool sparseAndInt8)
    {
        var spec = AllTypesRoundTripTests.ScalarsAndDenseVectors(name);
        var data = AllTypesRoundTripTests.ScalarsBatch(rows);
        if (!sparseAndInt8) return (spec, data);
        string[] swapped = ["bv", "hv", "bfv"];
        spec = spec with
        {
            Fields = [.. spec.Fields.Where(f => !swapped.Contains(f.Name)),
                new FieldSpec { Name = "sv", DataType = MilvusDataType.SparseFloatVector },
                new FieldSpec { Name = "iv", DataType = MilvusDataType.Int8Vector, Dimension = 6 }],
        };
        data = new VectorBatch([.. data.Columns.Where(c => !swapped.Contains(c.Name)),
            new SparseVectorColumn("sv", Enumerable.Range(0, rows).Select(i => SparseVectorColumn.EncodeRow(
                Enumerable.Range(0, 1 + i % 4).Select(k => new KeyValuePair<uint, float>((uint)(k * 977 + i), k + 0.1f + i / 7f)))).ToArray()),
            new ByteVectorColumn("iv", MilvusDataType.Int8Vector, 6, Enumerable.Range(0, rows * 6).Select(i => (byte)(sbyte)(i % 251 - 125)).ToArray())]);
        return (spec, data);
    }

    private static readonly Dictionary<string, (string Type, string Metric)> IndexFor = new()
    {
        ["fv"] = ("HNSW", "IP"), ["bv"] = ("BIN_FLAT", "HAMMING"), ["hv"] = ("FLAT", "L2"), ["bfv"] = ("FLAT", "COSINE"),
        ["sv"] = ("SPARSE_INVERTED_INDEX", "IP"), ["iv"] = ("HNSW", "L2"),
    };

    internal static async Task CreateWithPartitionsAndIndexesAsync(MilvusClient c, string name, int rows, bool sparseAndInt8)
    {
        var (spec, data) = EveryType(name, rows, sparseAndInt8);
        await c.CreateCollectionAsync(spec);
        await c.CreatePartitionAsync(name, "p1");
        await c.CreatePartitionAsync(name, "p2");
        int third = rows / 3;
        await c.InsertAsync(name, data.Slice(0, third));
        await c.InsertAsync(name, data.Slice(third, third), "p1");
        await c.InsertAsync(name, data.Slice(2 * third, rows - 2 * third), "p2");
        foreach (var v in spec.VectorFields)
        {
            var (type, metric) = IndexFor[v.Name];
            await c.CreateIndexAsync(name, new IndexSpec { FieldName = v.Name, IndexType = type, MetricType = metric, Params = type == "HNSW" ? new Dictionary<string, string> { ["M"] = "8", ["efConstruction"] = "40" } : FieldSpec.EmptyParams });
        }
        await c.CreateAliasAsync(name, name + "_alias");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryTypeWithPartitionsIndexesAndNullsExportsAndImportsBackEqual(bool sparseAndInt8)
    {
        await using var pair = await ServerPair.StartAsync();
        var (src, dst) = (pair.Source, pair.Destination);
        await CreateWithPartitionsAndIndexesAsync(src, "every", 301, sparseAndInt8);

        var exported = await CollectionExport.RunAsync(src, new CollectionExportOptions { Name = "every", Folder = _dir, Transfer = new TransferOptions { BatchRows = 40 } }, null, CancellationToken.None);
        Assert.All(exported, r => Assert.Equal(TransferStatus.Succeeded, r.Status));
        Assert.Equal([("_default", 100L), ("p1", 100L), ("p2", 101L)], exported.Select(r => (r.Partition!, r.Rows)));
        Assert.Equal(LoadState.NotLoad, await src.GetLoadStateAsync("every"));

        // Every file back, with no options: schema, partition and indexes come from the file.
        foreach (var file in Hdf5Import.FilesIn(_dir))
        {
            var r = await Hdf5Import.RunAsync(dst, file, new Hdf5ReadOptions(), new MilvusSinkOptions { CollectionName = "back" }, null, new TransferOptions { BatchRows = 64 }, null, CancellationToken.None);
            Assert.True(r.Status == TransferStatus.Succeeded, r.Error?.ToString());
        }
        var original = await src.DescribeCollectionFullAsync("every");
        var back = await dst.DescribeCollectionFullAsync("back");
        Assert.Equal(original.Fields.Select(Shape), back.Fields.Select(Shape));
        Assert.Equal((original.EnableDynamicField, original.ConsistencyLevel, original.Description), (back.EnableDynamicField, back.ConsistencyLevel, back.Description));
        Assert.Equal(original.Properties["collection.ttl.seconds"], back.Properties["collection.ttl.seconds"]);
        Assert.Equal(["_default", "p1", "p2"], back.Partitions);
        Assert.Equal(original.Indexes.Select(IndexShape).Order(), back.Indexes.Select(IndexShape).Order());
        foreach (var p in new[] { "p1", "p2" })
        {
            await src.LoadCollectionAsync("every");
            await dst.LoadCollectionAsync("back");
            Assert.Equal(await src.CountAsync("every", partitions: [p]), await dst.CountAsync("back", partitions: [p]));
        }

        var comparison = await CollectionComparison.CompareAsync(src, "every", dst, "back");
        Assert.True(comparison.Equal, $"missing {comparison.Missing}, extra {comparison.Extra}, different {comparison.Different}: {string.Join(", ", comparison.DifferentKeys)}");
        Assert.Equal(301, comparison.SourceRows);
        Assert.Equal(comparison.SourceDigest, comparison.TargetDigest);

        // The task files written beside the files (MilvusDM's own form) load them back too, verified.
        await dst.DropCollectionAsync("back");
        var tasks = Directory.GetFiles(_dir, "*.steps.yaml").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, tasks.Length);
        Environment.SetEnvironmentVariable("MILVUSDM_URI", dst.Address.ToString().TrimEnd('/'));
        try
        {
            foreach (var task in tasks)
            {
                var (plan, errors) = MilvusDM.Core.Tasks.TaskFile.Load(task);
                Assert.Empty(errors);
                var step = Assert.Single(plan!.Steps);
                var r = Assert.Single(await MilvusDM.Core.Tasks.TaskRunner.RunStepAsync(step, null, CancellationToken.None));
                Assert.True((r.Status, r.Verified) == (TransferStatus.Succeeded, true), r.Verification ?? r.Error?.Message);
            }
        }
        finally { Environment.SetEnvironmentVariable("MILVUSDM_URI", null); }
        Assert.True((await CollectionComparison.CompareAsync(src, "every", dst, "every")).Equal);
    }

    [Fact]
    public async Task AnExportOfALiveCollectionHoldsItsSnapshot()
    {
        await using var pair = await ServerPair.StartAsync();
        var src = pair.Source;
        await src.CreateCollectionAsync(Schemas.Simple("live", dim: 4));
        await src.InsertAsync("live", Schemas.SimpleBatch(0, 5000, dim: 4));
        await src.CreateIndexAsync("live", Schemas.Flat());
        await src.LoadCollectionAsync("live");
        int inserts = 0;
        var writer = Task.CompletedTask;
        var progress = new SyncProgress<TransferProgress>(p =>
        {
            if (p.RowsWritten > 0 && Interlocked.Increment(ref inserts) <= 3)
                writer = writer.ContinueWith(_ => src.InsertAsync("live", Schemas.SimpleBatch(100_000 + 10 * inserts, 10, dim: 4)).Wait());
        });
        var results = await CollectionExport.RunAsync(src, new CollectionExportOptions { Name = "live", Folder = _dir, Transfer = new TransferOptions { BatchRows = 500, ProgressInterval = TimeSpan.Zero } }, progress, CancellationToken.None);
        await writer;
        Assert.True(Assert.Single(results).Status == TransferStatus.Succeeded, results[0].Error?.ToString());
        Assert.Equal(5000, results[0].Rows);
        Assert.True(inserts > 0);
        Assert.Equal(5000, await RowsIn(Path.Combine(_dir, "live__default.h5")));
    }

    private static async Task<long> RowsIn(string file)
    {
        var source = new Hdf5VectorSource(file);
        await source.DescribeAsync(CancellationToken.None);
        return source.TotalRows ?? -1;
    }

    private static object Shape(FieldSpec f) => (f.Name, f.DataType, f.Dimension, f.MaxLength, f.IsNullable, f.ElementType, f.MaxCapacity, f.DefaultValue, f.IsPrimaryKey, f.Description);
    private static string IndexShape(IndexSpec i) => $"{i.FieldName}:{i.IndexType}:{i.MetricType}:{string.Join(",", i.Params.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value))}";

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
