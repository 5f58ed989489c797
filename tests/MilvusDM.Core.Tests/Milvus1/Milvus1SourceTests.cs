using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus1;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;

namespace MilvusDM.Core.Tests.Milvus1;

/// <summary>The reader against the synthetic Milvus 1.x data path: what it lists and reads equals the ground truth.</summary>
public sealed class Milvus1SourceTests(Milvus1Fixture fx) : IClassFixture<Milvus1Fixture>
{
    internal static async Task<List<(long Id, string Vector)>> ReadAll(Milvus1Source source)
    {
        var rows = new List<(long, string)>();
        await foreach (var batch in source.ReadAsync(null, 64, CancellationToken.None))
        {
            var ids = ((ScalarColumn<long>)batch["id"]!).Values;
            var vectors = batch["embedding"]!;
            for (int i = 0; i < batch.RowCount; i++)
                rows.Add((ids[i], Convert.ToHexString(vectors is FloatVectorColumn f ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.GetVector(i)).ToArray() : ((ByteVectorColumn)vectors).GetVector(i).ToArray())));
        }
        return rows;
    }

    internal static List<(long, string)> Truth(Milvus1Builder b, string collection, string tag) =>
        b.Truth[(collection, tag)].Select(r => (r.Id, Convert.ToHexString(r.Vector))).ToList();

    [Fact]
    public async Task TheCatalogListsOnlyLiveCollectionsPartitionsAndSegments()
    {
        var (_, catalog) = await Milvus1Transfer.OpenAsync(fx.Root, null, CancellationToken.None);
        Assert.Equal(["empty_c", "vectors_b", "vectors_f"], catalog.Collections.Select(c => c.Name));
        var f = catalog.Collection("vectors_f");
        Assert.Equal([("_default", "_default"), ("tag one", "tag_one"), ("2021-q3", "_2021_q3")], f.Partitions.Select(p => (p.Tag, p.Name)));
        Assert.Equal(4, f.Partitions[0].Segments.Count);   // RAW, TO_INDEX, BACKUP, merged RAW (not INDEX, TO_DELETE or NEW)
        Assert.Equal(new[] { 1, 1, 2, 7 }, f.Partitions[0].Segments.Select(s => s.FileType).Order());
        Assert.Contains("Collection 'vectors_f': partition tag 'tag one' becomes Milvus 2.x partition 'tag_one'.", catalog.Renamed);
        Assert.Equal(("IP", false, 16, "IVF_FLAT"), (f.Metric, f.IsBinary, f.Dimension, Milvus1Codes.EngineName(f.EngineType)));
        var b = catalog.Collection("vectors_b");
        Assert.Equal(("HAMMING", true, 64), (b.Metric, b.IsBinary, b.Dimension));
        Assert.Empty(catalog.Collection("empty_c").Partitions.Single().Segments);
    }

    [Theory]
    [InlineData("vectors_f", "_default")]
    [InlineData("vectors_f", "tag one")]
    [InlineData("vectors_f", "2021-q3")]
    [InlineData("vectors_b", "_default")]
    [InlineData("vectors_b", "p1")]
    [InlineData("empty_c", "_default")]
    public async Task EveryPartitionReadsExactlyItsLiveRows(string collection, string tag)
    {
        var (path, catalog) = await Milvus1Transfer.OpenAsync(fx.Root, null, CancellationToken.None);
        var c = catalog.Collection(collection);
        var source = new Milvus1Source(path, c, Milvus1Catalog.Select(c, [tag]).Single());
        await source.DescribeAsync(CancellationToken.None);
        var truth = Truth(fx.Builder, collection, tag);
        Assert.Equal(truth.Count, source.TotalRows);
        Assert.Equal(truth.Order(), (await ReadAll(source)).Order());
    }

    [Fact]
    public async Task MetadataCountsThatDisagreeAndRepeatedIdsAreReported()
    {
        var (path, catalog) = await Milvus1Transfer.OpenAsync(fx.Root, null, CancellationToken.None);
        var f = catalog.Collection("vectors_f");
        var source = new Milvus1Source(path, f, f.Partitions[0]);
        await source.DescribeAsync(CancellationToken.None);
        Assert.Contains(source.Notes, n => n.Contains("holds 295 live rows, but its metadata says 294"));
        var b = catalog.Collection("vectors_b");
        var binary = new Milvus1Source(path, b, b.Partitions[0]);
        await ReadAll(binary);
        Assert.Contains(binary.Notes, n => n.Contains("repeat an id") && n.StartsWith("vectors_b/_default: 39 row(s)"));
    }

    [Fact]
    public async Task ResumingSkipsTheCommittedLiveRows()
    {
        var (path, catalog) = await Milvus1Transfer.OpenAsync(fx.Root, null, CancellationToken.None);
        var f = catalog.Collection("vectors_f");
        var all = await ReadAll(new Milvus1Source(path, f, f.Partitions[0]));
        var rest = new List<long>();
        await foreach (var batch in new Milvus1Source(path, f, f.Partitions[0]).ReadAsync(new SourcePosition { Offset = 333 }, 50, CancellationToken.None))
            rest.AddRange(((ScalarColumn<long>)batch["id"]!).Values);
        Assert.Equal(all.Skip(333).Select(r => r.Id), rest);
    }
}
