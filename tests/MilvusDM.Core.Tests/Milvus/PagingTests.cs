using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;
using MilvusDM.TestServer;

namespace MilvusDM.Core.Tests.Milvus;

/// <summary>Full-collection paging: every row exactly once, in key order, under one snapshot even while rows are written.</summary>
public sealed class PagingTests
{
    private const int Rows = 200_000, Dim = 4, InsertBatch = 20_000;

    [Theory]
    [InlineData(MilvusDataType.Int64)]
    [InlineData(MilvusDataType.VarChar)]
    public async Task TwoHundredThousandRowsComeBackOnceInKeyOrderDespiteConcurrentInserts(MilvusDataType keyType)
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        string name = Schemas.UniqueName("page");
        await client.CreateCollectionAsync(Schemas.Simple(name, Dim, keyType));
        // Keys are inserted in a shuffled order so the server cannot rely on insertion order.
        var keys = Shuffled(Rows, seed: 7);
        for (int start = 0; start < Rows; start += InsertBatch)
            await client.InsertAsync(name, Batch(keyType, keys.AsSpan(start, InsertBatch).ToArray()));
        await client.CreateIndexAsync(name, Schemas.Flat());
        await client.LoadCollectionAsync(name);

        var seen = new List<object>(Rows);
        // 49 segments of shuffled keys: each page of limit 100 merges to a few thousand rows.
        var iterator = new MilvusQueryIterator(client, name, new QueryIteratorOptions { PageSize = 100 });
        int pages = 0;
        long extra = Rows;
        await foreach (var page in iterator.ReadAsync())
        {
            pages++;
            var pk = page["id"]!;
            var vectors = (FloatVectorColumn)page["embedding"]!;
            for (int i = 0; i < page.RowCount; i++)
            {
                var key = pk.GetValue(i)!;
                seen.Add(key);
                long n = keyType == MilvusDataType.Int64 ? (long)key : long.Parse(((string)key)[1..]);
                Assert.Equal(n * 0.25f, vectors.GetVector(i)[0]);
            }
            // Writes during the read: new keys (some sorting before, some after the cursor) and upserts of read keys.
            if (pages % 3 == 1)
            {
                await client.InsertAsync(name, Batch(keyType, [extra, -extra, extra + 1]));
                extra += 2;
                await client.UpsertAsync(name, Batch(keyType, [keys[pages]]));
            }
        }
        Assert.True(pages >= 20, $"expected many pages, got {pages}");
        Assert.Equal(Rows, seen.Count);
        Assert.Equal(Rows, seen.Distinct().Count());
        var expected = keys.Select(k => Key(keyType, k)).ToList();
        expected.Sort(keyType == MilvusDataType.Int64 ? Comparer<object>.Create((a, b) => ((long)a).CompareTo((long)b)) : Comparer<object>.Create((a, b) => string.CompareOrdinal((string)a, (string)b)));
        Assert.Equal(expected, seen);
        Assert.NotEqual(0UL, iterator.SnapshotTimestamp);
        // The writes made during the read are there for a new reader.
        Assert.True(await client.CountAsync(name) > Rows);
    }

    [Fact]
    public async Task PagesMayExceedTheLimitAndTheWindowIsEnforced()
    {
        await using var server = await TestServers.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero, SegmentRows = 100 });
        using var client = TestServers.Client(server);
        string name = Schemas.UniqueName("window");
        await client.CreateCollectionAsync(Schemas.Simple(name, Dim));
        await client.InsertAsync(name, Batch(MilvusDataType.Int64, Shuffled(1000, 7)));   // ten segments, each over the whole key range
        await client.CreateIndexAsync(name, Schemas.Flat());
        await client.LoadCollectionAsync(name);

        // The merge of ten segment results of 100 rows each keeps every row it can prove complete: far more than the limit,
        // and exactly the smallest keys, in order.
        var page = await client.QueryAsync(name, new QueryOptions { Limit = 100, Iterator = true, ReduceStopForBest = true, OutputFields = ["id"] });
        Assert.InRange(page.RowCount, 300, 1000);
        Assert.Equal(Enumerable.Range(0, page.RowCount).Select(i => (long)i), ((ScalarColumn<long>)page.Batch!["id"]!).Values);
        var plain = await client.QueryAsync(name, new QueryOptions { Limit = 100, Offset = 50, OutputFields = ["id"] });
        Assert.Equal(Enumerable.Range(50, 100).Select(i => (long)i), ((ScalarColumn<long>)plain.Batch!["id"]!).Values);
        Assert.NotEqual(0UL, page.SessionTimestamp);
        var total = 0;
        await foreach (var p in new MilvusQueryIterator(client, name, new QueryIteratorOptions { PageSize = 100 }).ReadAsync()) total += p.RowCount;
        Assert.Equal(1000, total);

        var window = await Assert.ThrowsAsync<Errors.MilvusServerException>(() => client.QueryAsync(name, new QueryOptions { Limit = 16000, Offset = 1000 }));
        Assert.Contains("16384", window.Reason);
        var empty = await Assert.ThrowsAsync<Errors.MilvusServerException>(() => client.QueryAsync(name, new QueryOptions { OutputFields = ["id"] }));
        Assert.Contains("empty expression", empty.Reason);
        var countLimit = await Assert.ThrowsAsync<Errors.MilvusServerException>(() => client.QueryAsync(name, new QueryOptions { OutputFields = ["count(*)"], Limit = 5 }));
        Assert.Contains("pagination", countLimit.Reason);
        var wrongId = await Assert.ThrowsAsync<Errors.MilvusServerException>(() => client.QueryAsync(name, new QueryOptions { Limit = 5, Iterator = true, CollectionId = 12345 }));
        Assert.Contains("collection id", wrongId.Reason);
    }

    [Fact]
    public async Task ResumesAfterAKeyWithAFilterAndPartitions()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        string name = Schemas.UniqueName("resume");
        await client.CreateCollectionAsync(Schemas.Simple(name, Dim));
        await client.CreatePartitionAsync(name, "p");
        await client.InsertAsync(name, Batch(MilvusDataType.Int64, Enumerable.Range(0, 100).Select(i => (long)i).ToArray()), "p");
        await client.InsertAsync(name, Batch(MilvusDataType.Int64, Enumerable.Range(100, 100).Select(i => (long)i).ToArray()));
        await client.CreateIndexAsync(name, Schemas.Flat());
        await client.LoadCollectionAsync(name);
        var keys = new List<long>();
        await foreach (var p in new MilvusQueryIterator(client, name, new QueryIteratorOptions { Partitions = ["p"], Filter = "id >= 10 and not (id in [95, 96])", StartAfterKey = 89L, PageSize = 4 }).ReadAsync())
            keys.AddRange(((ScalarColumn<long>)p["id"]!).Values);
        Assert.Equal(Enumerable.Range(90, 10).Where(i => i is not (95 or 96)).Select(i => (long)i), keys);
    }

    private static long[] Shuffled(int n, int seed)
    {
        var keys = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        new Random(seed).Shuffle(keys);
        return keys;
    }

    private static object Key(MilvusDataType type, long n) => type == MilvusDataType.Int64 ? n : $"k{n:D9}";

    private static VectorBatch Batch(MilvusDataType keyType, long[] keys)
    {
        ColumnData pk = keyType == MilvusDataType.Int64
            ? new ScalarColumn<long>("id", MilvusDataType.Int64, keys)
            : new ScalarColumn<string>("id", MilvusDataType.VarChar, keys.Select(k => (string)Key(keyType, k)).ToArray());
        var vectors = new float[keys.Length * Dim];
        for (int i = 0; i < keys.Length; i++) vectors[i * Dim] = keys[i] * 0.25f;
        return new VectorBatch([pk, new FloatVectorColumn("embedding", Dim, vectors)]);
    }
}
