using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Transfer;

/// <summary>An import that the server cut off resumes from its checkpoint on disk: nothing lost, nothing sent twice.</summary>
public sealed class ResumeTests(Hdf5Fixtures fx) : IClassFixture<Hdf5Fixtures>, IDisposable
{
    private readonly string _checkpoints = Directory.CreateTempSubdirectory("checkpoints").FullName;

    [Fact]
    public async Task AnInterruptedImportResumesWhereItStopped()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server, retry: new RetryPolicy(2, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10)));
        var store = new FileCheckpointStore(_checkpoints);
        var transfer = new TransferOptions { BatchRows = 200, ThrottleLimit = 1, Checkpoints = store };
        var sink = new MilvusSinkOptions { CollectionName = "resumed", Mode = WriteMode.Overwrite };
        string file = fx.File("f32_contiguous");   // 2500 rows

        server.Faults.UnavailableAfterWrites = 4;
        var first = await Hdf5Import.RunAsync(client, file, new Hdf5ReadOptions(), sink, "FLAT", transfer, null, CancellationToken.None);
        Assert.Equal(TransferStatus.Failed, first.Status);
        Assert.Equal(800, first.Checkpoint!.RowsCommitted);
        Assert.Equal(800, store.Load(new Hdf5VectorSource(file).Identity, first.Destination)!.RowsCommitted);

        server.Faults.UnavailableAfterWrites = long.MaxValue;
        var second = await Hdf5Import.RunAsync(client, file, new Hdf5ReadOptions(), sink, "FLAT", transfer with { Resume = true }, null, CancellationToken.None, verify: true);
        Assert.True(second.Status == TransferStatus.Succeeded, second.Error?.ToString());
        Assert.Equal(1700, second.Rows);                       // only what was missing, into the kept collection (Overwrite did not drop it)
        Assert.Contains(second.Notes, n => n.StartsWith("Resumed after 800 rows", StringComparison.Ordinal));
        Assert.True(second.Verified);
        await client.LoadCollectionAsync("resumed");
        Assert.Equal(2500, await client.CountAsync("resumed"));
        Assert.Equal(4 + 9, server.Faults.AcceptedWrites);     // every batch of 200 sent once: 4 before the cut, 9 after

        var third = await Hdf5Import.RunAsync(client, file, new Hdf5ReadOptions(), sink, "FLAT", transfer with { Resume = true }, null, CancellationToken.None);
        Assert.Equal(TransferStatus.Skipped, third.Status);   // completed: a resume does not send it again
        Assert.Equal(2500, await client.CountAsync("resumed"));
    }

    [Fact]
    public async Task AnInterruptedCopyResumesPartitionByPartition()
    {
        await using var a = await TestServers.StartAsync();
        await using var b = await TestServers.StartAsync();
        using var src = TestServers.Client(a);
        using var dst = TestServers.Client(b, retry: new RetryPolicy(2, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10)));
        await src.CreateCollectionAsync(Schemas.Simple("c", dim: 4));
        await src.CreatePartitionAsync("c", "p1");
        await src.InsertAsync("c", Schemas.SimpleBatch(0, 1000, dim: 4));
        await src.InsertAsync("c", Schemas.SimpleBatch(5000, 3000, dim: 4), "p1");
        await src.CreateIndexAsync("c", Schemas.Flat());
        var options = new CollectionCopyOptions
        {
            Name = "c", Mode = WriteMode.Overwrite,
            Transfer = new TransferOptions { BatchRows = 500, ThrottleLimit = 1, Checkpoints = new FileCheckpointStore(_checkpoints) },
        };

        b.Faults.UnavailableAfterWrites = 4;   // _default (1000 rows) completes, p1 (3000) is cut part way
        var first = await CollectionCopy.RunAsync(src, dst, options, null, CancellationToken.None);
        Assert.Equal([TransferStatus.Succeeded, TransferStatus.Failed], first.Select(r => r.Status));

        b.Faults.UnavailableAfterWrites = long.MaxValue;
        var second = await CollectionCopy.RunAsync(src, dst, options with { Transfer = options.Transfer with { Resume = true } }, null, CancellationToken.None);
        Assert.Equal([TransferStatus.Skipped, TransferStatus.Succeeded], second.Select(r => r.Status));
        long committedBefore = first[1].Checkpoint!.RowsCommitted;
        Assert.InRange(committedBefore, 1, 2999);
        Assert.Equal(3000 - committedBefore, second[1].Rows);   // p1 continues after its checkpoint
        Assert.Contains(second[0].Notes, n => n.Contains("Resuming the copy into 'c'"));
        Assert.True((await CollectionComparison.CompareAsync(src, "c", dst, "c")).Equal);
        Assert.Equal(4000, b.Faults.AcceptedRows);   // nothing sent twice, and Overwrite did not drop the half-copied target
    }

    public void Dispose() => Directory.Delete(_checkpoints, recursive: true);
}
