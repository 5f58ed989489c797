using MilvusDM.Core.Errors;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Milvus1;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Milvus1;

/// <summary>Milvus 1.x → Milvus 2.x and → HDF5 against the ground truth, with SQLite and with a real MariaDB.</summary>
public sealed class Milvus1TransferTests(Milvus1Fixture fx, MariaDbServer maria, SharedServerFixture server)
    : IClassFixture<Milvus1Fixture>, IClassFixture<MariaDbServer>, IClassFixture<SharedServerFixture>
{
    private async Task<List<(long, string)>> ReadBack(string collection, string partition)
    {
        var rows = new List<(long, string)>();
        await foreach (var page in new MilvusQueryIterator(server.Client, collection, new QueryIteratorOptions { Partitions = [partition] }).ReadAsync())
            for (int i = 0; i < page.RowCount; i++)
            {
                var v = page["embedding"]!;
                rows.Add((((ScalarColumn<long>)page["id"]!).Values[i], Convert.ToHexString(v is FloatVectorColumn f
                    ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.GetVector(i)).ToArray() : ((ByteVectorColumn)v).GetVector(i).ToArray())));
            }
        return rows;
    }

    /// <summary>Milvus 2.x keeps one row per primary key when read: the truth with repeated ids reduced to one of their rows.</summary>
    private static void AssertSameRowsModuloRepeatedIds(List<(long Id, string V)> truth, List<(long Id, string V)> back)
    {
        Assert.Equal(truth.Select(t => t.Id).Distinct().Order(), back.Select(b => b.Id).Order());
        var byId = truth.ToLookup(t => t.Id, t => t.V);
        Assert.All(back, b => Assert.Contains(b.V, byId[b.Id]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CollectionsCopyWithTheirPartitionsAndIndex(bool mysql)
    {
        string? cs = null;
        if (mysql) { await maria.LoadAsync(fx.Builder); cs = maria.ConnectionString; }
        string target = Schemas.UniqueName("m1_f");
        var results = await Milvus1Transfer.CopyAsync(new Milvus1SourceOptions { Path = fx.Root, Collection = "vectors_f", MySqlConnectionString = cs },
            server.Client, target, WriteMode.Append, new TransferOptions { BatchRows = 100 }, null, CancellationToken.None);
        Assert.All(results, r => Assert.Equal(TransferStatus.Succeeded, r.Status));
        Assert.Equal(["_default", "tag_one", "_2021_q3"], results.Select(r => r.Partition));
        Assert.Contains(results[0].Notes, n => n.Contains("'tag one' becomes Milvus 2.x partition 'tag_one'"));
        var spec = await server.Client.DescribeCollectionFullAsync(target);
        Assert.Equal(["_2021_q3", "_default", "tag_one"], spec.Partitions.Order(StringComparer.Ordinal));
        Assert.Equal(("IVF_FLAT", "IP", "128"), (spec.Indexes[0].IndexType, spec.Indexes[0].MetricType, spec.Indexes[0].Params["nlist"]));
        Assert.False(spec.PrimaryField.AutoId);
        await server.Client.LoadCollectionAsync(target);
        foreach (var (tag, name) in new[] { ("_default", "_default"), ("tag one", "tag_one"), ("2021-q3", "_2021_q3") })
            Assert.Equal(Milvus1SourceTests.Truth(fx.Builder, "vectors_f", tag).Order(), (await ReadBack(target, name)).Order());

        string binary = Schemas.UniqueName("m1_b");
        var b = await Milvus1Transfer.CopyAsync(new Milvus1SourceOptions { Path = fx.Root, Collection = "vectors_b", Partitions = ["p1", "_default"], MySqlConnectionString = cs },
            server.Client, binary, WriteMode.Append, new TransferOptions { BatchRows = 100 }, null, CancellationToken.None);
        Assert.Equal([("p1", 33L), ("_default", 449L)], b.Select(r => (r.Partition!, r.Rows)));   // 400 + 50 - 1 deleted; a fully deleted segment adds none
        Assert.Contains(b[1].Notes, n => n.Contains("39 row(s) repeat an id"));
        await server.Client.LoadCollectionAsync(binary);
        AssertSameRowsModuloRepeatedIds(Milvus1SourceTests.Truth(fx.Builder, "vectors_b", "_default"), await ReadBack(binary, "_default"));
        Assert.Equal(Milvus1SourceTests.Truth(fx.Builder, "vectors_b", "p1").Order(), (await ReadBack(binary, "p1")).Order());
        Assert.Equal((MilvusDataType.BinaryVector, 64, "BIN_FLAT", "HAMMING"), (
            (await server.Client.DescribeCollectionAsync(binary)).Field("embedding")!.DataType, (await server.Client.DescribeCollectionAsync(binary)).Field("embedding")!.Dimension!.Value,
            (await server.Client.DescribeIndexesAsync(binary))[0].IndexType, (await server.Client.DescribeIndexesAsync(binary))[0].MetricType));

        var empty = await Milvus1Transfer.CopyAsync(new Milvus1SourceOptions { Path = fx.Root, Collection = "empty_c", MySqlConnectionString = cs },
            server.Client, Schemas.UniqueName("m1_e"), WriteMode.Append, new TransferOptions(), null, CancellationToken.None);
        Assert.Equal((TransferStatus.Succeeded, 0L), (Assert.Single(empty).Status, empty[0].Rows));
    }

    [Fact]
    public async Task PartitionsExportToHdf5FilesThatHoldTheTruth()
    {
        string folder = Directory.CreateTempSubdirectory("m1-export").FullName;
        try
        {
            var results = await Milvus1Transfer.ExportAsync(new Milvus1SourceOptions { Path = fx.Root, Collection = "vectors_f" }, folder, false, new TransferOptions { BatchRows = 77 }, null, CancellationToken.None);
            // 300 - 5 deleted (one counted twice), 200 TO_INDEX, 250 - 2 BACKUP, 40 + 60 - 2 merged
            Assert.Equal([("_default", 841L), ("tag_one", 120L), ("_2021_q3", 130L)], results.Select(r => (r.Partition!, r.Rows)));
            foreach (var (tag, name) in new[] { ("_default", "_default"), ("tag one", "tag_one"), ("2021-q3", "_2021_q3") })
            {
                string file = Path.Combine(folder, $"vectors_f_{name}.h5");
                var source = new Hdf5VectorSource(file);
                var spec = await source.DescribeAsync(CancellationToken.None);
                Assert.Equal("IP", source.MetricType);
                Assert.Equal(("IVF_FLAT", "128"), (spec.Indexes[0].IndexType, spec.Indexes[0].Params["nlist"]));
                var rows = new List<(long, string)>();
                await foreach (var batch in source.ReadAsync(null, 100, CancellationToken.None))
                    for (int i = 0; i < batch.RowCount; i++)
                        rows.Add((((ScalarColumn<long>)batch["id"]!).Values[i], Convert.ToHexString(System.Runtime.InteropServices.MemoryMarshal.AsBytes(((FloatVectorColumn)batch["embedding"]!).GetVector(i)).ToArray())));
                Assert.Equal(Milvus1SourceTests.Truth(fx.Builder, "vectors_f", tag).Order(), rows.Order());
                Assert.Contains("H2M:", await File.ReadAllTextAsync(Path.ChangeExtension(file, ".yaml")));
            }
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task BadPathsNamesAndFilesAreClearErrors()
    {
        async Task<string> ErrorId(Func<Task> run) => (await Assert.ThrowsAsync<MilvusDMException>(run)).ErrorId;
        string nowhere = Path.Combine(fx.Root, "nowhere");
        Assert.Equal("Milvus1PathNotFound", await ErrorId(() => Milvus1Transfer.OpenAsync(nowhere, null, CancellationToken.None)));
        Assert.Equal("Milvus1NotADataPath", await ErrorId(() => Milvus1Transfer.OpenAsync(Path.Combine(fx.Root, "db", "tables"), null, CancellationToken.None)));
        var (_, catalog) = await Milvus1Transfer.OpenAsync(Path.Combine(fx.Root, "db"), null, CancellationToken.None);   // the db folder itself works too
        var missing = Assert.Throws<MilvusDMException>(() => catalog.Collection("nope"));
        Assert.Equal("Milvus1CollectionNotFound", missing.ErrorId);
        Assert.Contains("vectors_b, vectors_f", missing.Message);
        Assert.Equal("Milvus1PartitionNotFound", Assert.Throws<MilvusDMException>(() => Milvus1Catalog.Select(catalog.Collection("vectors_f"), ["q4"])).ErrorId);
        Assert.Equal("Milvus1MetadataUnreachable", await ErrorId(() => Milvus1Transfer.OpenAsync(fx.Root, "Server=127.0.0.1;Port=1;User ID=x;Password=y;Database=milvus;Connection Timeout=2", CancellationToken.None)));
    }

    [Fact]
    public async Task DamagedSegmentsNameTheirFile()
    {
        string root = Directory.CreateTempSubdirectory("milvus1-damaged").FullName;
        try
        {
            using var b = new Milvus1Builder(root);
            b.CreateCollection("c", 8, metric: 1);
            var truncated = b.Insert("c", [1, 2, 3], Milvus1FixtureRows(3));
            var gone = b.Insert("c", [4, 5], Milvus1FixtureRows(2));
            var badDeleted = b.Insert("c", [6], Milvus1FixtureRows(1));
            var (path, catalog) = await Milvus1Transfer.OpenAsync(root, null, CancellationToken.None);
            var c = catalog.Collection("c");
            var segments = c.Partitions[0].Segments;

            string rv = b.SegmentFile(truncated, ".rv");
            File.WriteAllBytes(rv, File.ReadAllBytes(rv)[..^4]);
            var e = Assert.Throws<MilvusDMException>(() => Milvus1SegmentFiles.Open(path.SegmentFolder(segments[0]), truncated, 32));
            Assert.Equal("Milvus1SegmentCorrupt", e.ErrorId);
            Assert.Contains(rv, e.Message);

            File.Delete(b.SegmentFile(gone, ".uid"));
            e = Assert.Throws<MilvusDMException>(() => Milvus1SegmentFiles.Open(path.SegmentFolder(segments[1]), gone, 32));
            Assert.Equal(("Milvus1SegmentFileMissing", true), (e.ErrorId, e.Message.Contains(b.SegmentFile(gone, ".uid"))));

            File.WriteAllBytes(b.SegmentFile(badDeleted, "deleted_docs"), [4, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0]);
            Assert.Equal("Milvus1SegmentCorrupt", Assert.Throws<MilvusDMException>(() => Milvus1SegmentFiles.Open(path.SegmentFolder(segments[2]), badDeleted, 32)).ErrorId);

            var failed = await Milvus1Transfer.ExportAsync(new Milvus1SourceOptions { Path = root, Collection = "c" }, Path.Combine(root, "out"), false, new TransferOptions(), null, CancellationToken.None);
            Assert.Equal(TransferStatus.Failed, Assert.Single(failed).Status);
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(root, "out")));   // nothing half-written
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    private static byte[][] Milvus1FixtureRows(int n) => [.. Enumerable.Range(0, n).Select(i => Enumerable.Range(0, 8).SelectMany(d => BitConverter.GetBytes((float)(i + d))).ToArray())];
}
