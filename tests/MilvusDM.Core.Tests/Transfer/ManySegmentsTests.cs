using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Transfer;

/// <summary>
/// A collection held in many small segments, as a busy Milvus holds it: 300,000 rows of 128 floats in 4,096-row
/// segments, keys inserted shuffled so every segment spans the whole key range. A naive page (limit 16,384) merges
/// to more than Milvus's 100 MB maxOutputSize and is refused; copy and export size their pages and succeed.
/// </summary>
public sealed class ManySegmentsTests : IDisposable
{
    private const int Rows = 300_000, Dim = 128;
    private readonly string _dir = Directory.CreateTempSubdirectory("milvusdm-segments").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task CreateAsync(MilvusClient c, string name)
    {
        await c.CreateCollectionAsync(Schemas.Simple(name, Dim));
        var keys = Enumerable.Range(0, Rows).Select(i => (long)i).ToArray();
        new Random(11).Shuffle(keys);
        const int batch = 10_000;
        for (int start = 0; start < Rows; start += batch)
        {
            var ids = keys.AsSpan(start, batch).ToArray();
            var vectors = new float[batch * Dim];
            for (int i = 0; i < batch; i++)
                for (int k = 0; k < Dim; k++) vectors[i * Dim + k] = ids[i] + k * 0.001f;
            await c.InsertAsync(name, new VectorBatch([new ScalarColumn<long>("id", MilvusDataType.Int64, ids), new FloatVectorColumn("embedding", Dim, vectors)]));
        }
        await c.CreateIndexAsync(name, Schemas.Flat());
    }

    [Fact]
    public async Task ACollectionInManySmallSegmentsCopiesAndExportsExactly()
    {
        await using var pair = await ServerPair.StartAsync();
        var (src, dst) = (pair.Source, pair.Destination);
        await CreateAsync(src, "busy");

        // What Milvus does to a client that pages without regard to segments.
        await src.LoadCollectionAsync("busy");
        Assert.True((await src.GetLoadedSegmentsAsync("busy")).Count >= Rows / 4096);
        var refused = await Assert.ThrowsAsync<MilvusServerException>(() => src.QueryAsync("busy", new QueryOptions
        {
            Limit = MilvusQueryIterator.MaxPageSize, Iterator = true, ReduceStopForBest = true, OutputFields = ["id", "embedding"],
        }));
        Assert.Contains("query results exceed the maxOutputSize Limit 104857600", refused.Reason);
        await src.ReleaseCollectionAsync("busy");

        var copied = await CollectionCopy.RunAsync(src, dst, new CollectionCopyOptions { Name = "busy", Verify = true }, null, CancellationToken.None);
        var result = Assert.Single(copied);
        Assert.True(result.Status == TransferStatus.Succeeded, result.Error?.ToString());
        Assert.Equal(Rows, result.Rows);
        Assert.True(result.Verified, result.Verification);
        Assert.Contains(result.Notes, n => n.StartsWith("Query pages: limit ", StringComparison.Ordinal));
        await dst.LoadCollectionAsync("busy");
        Assert.Equal(Rows, await dst.CountAsync("busy"));

        var exported = await CollectionExport.RunAsync(src, new CollectionExportOptions { Name = "busy", Folder = _dir }, null, CancellationToken.None);
        var export = Assert.Single(exported);
        Assert.True(export.Status == TransferStatus.Succeeded, export.Error?.ToString());
        Assert.Equal(Rows, export.Rows);
    }

    [Fact]
    public async Task ARefusedPageIsRetriedSmallerNotReported()
    {
        // A server whose maxOutputSize is far below what the page sizer aims at (64 KB) still gives every row once:
        // each refused page is asked again, from the same cursor, with a smaller limit.
        await using var server = await TestServers.StartAsync(new TestServer.TestServerOptions { FlushMinInterval = TimeSpan.Zero, SegmentRows = 100, MaxOutputSize = 64 * 1024 });
        using var client = TestServers.Client(server);
        await client.CreateCollectionAsync(Schemas.Simple("small", 16));
        var keys = Enumerable.Range(0, 5000).Select(i => (long)i).ToArray();
        new Random(3).Shuffle(keys);
        await client.InsertAsync("small", new VectorBatch([new ScalarColumn<long>("id", MilvusDataType.Int64, keys), new FloatVectorColumn("embedding", 16, new float[5000 * 16])]));
        await client.CreateIndexAsync("small", Schemas.Flat());
        await client.LoadCollectionAsync("small");
        var iterator = new MilvusQueryIterator(client, "small", new QueryIteratorOptions { PageSize = 16384 });
        var seen = new List<long>();
        await foreach (var page in iterator.ReadAsync()) seen.AddRange(((ScalarColumn<long>)page["id"]!).Values);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (long)i), seen);
    }
}
