using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Transfer;

/// <summary>
/// Resume is exact in Append mode: a run dies after the server stored some batches but before it could record them
/// (a crash, several writes in flight). The resumed run sends those rows again as upserts: the target ends with every
/// source key exactly once, by count(*), which counts repeated keys as Milvus does.
/// </summary>
public sealed class ExactlyOnceResumeTests : IDisposable
{
    private readonly string _checkpoints = Directory.CreateTempSubdirectory("checkpoints").FullName;

    public void Dispose() => Directory.Delete(_checkpoints, recursive: true);

    /// <summary>Writes through to the server, then "crashes" (throws) once <paramref name="crashAfter"/> writes were delivered.</summary>
    private sealed class CrashingSink(MilvusCollectionSink inner, int crashAfter) : IVectorSink, IResumableSink
    {
        private int _writes;
        public string Description => inner.Description;
        public Task<SinkPreparation> PrepareAsync(CollectionSpec spec, CancellationToken ct) => inner.PrepareAsync(spec, ct);
        public async Task WriteAsync(VectorBatch batch, CancellationToken ct)
        {
            await inner.WriteAsync(batch, ct);                 // the server has the rows…
            if (Interlocked.Increment(ref _writes) > crashAfter)
                throw new IOException("process killed");       // …but the acknowledgement never reaches the checkpoint
        }
        public Task CompleteAsync(CancellationToken ct) => inner.CompleteAsync(ct);
        public void PrepareForResume(bool replaceUncertain) => inner.PrepareForResume(replaceUncertain);
        public Task WriteReplacingAsync(VectorBatch batch, CancellationToken ct) => inner.WriteReplacingAsync(batch, ct);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public async Task ACrashWithWritesInFlightResumesToExactlyTheSourceRows(int crashAfter)
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        server.Faults.WriteDelay = TimeSpan.FromMilliseconds(20);   // several writes in flight at once
        var store = new FileCheckpointStore(_checkpoints);
        var transfer = new TransferOptions { BatchRows = 500, ThrottleLimit = 4, Checkpoints = store };
        var sinkOptions = new MilvusSinkOptions { CollectionName = "exact", Mode = WriteMode.Append, Indexes = [Schemas.Flat()] };
        var source = new SyntheticVectorSource(20_000, 8);

        var cut = await new TransferEngine(transfer).RunAsync(source, new CrashingSink(new MilvusCollectionSink(client, sinkOptions), crashAfter), null, CancellationToken.None);
        Assert.Equal(TransferStatus.Failed, cut.Status);
        var stored = store.Load(source.Identity, cut.Destination)!;
        Assert.True(stored.HasUncertainRows, $"checkpoint {stored}");
        await client.CreateIndexAsync("exact", Schemas.Flat());   // the cut run never reached its end, where it indexes
        await client.LoadCollectionAsync("exact");
        long landed = await client.CountAsync("exact");
        Assert.True(landed > stored.RowsCommitted, $"{landed} rows landed, {stored.RowsCommitted} recorded: the cut must leave rows the checkpoint does not know");
        await client.ReleaseCollectionAsync("exact");

        server.Faults.WriteDelay = TimeSpan.Zero;
        var resumed = await new TransferEngine(transfer with { Resume = true }).RunAsync(new SyntheticVectorSource(20_000, 8), new MilvusCollectionSink(client, sinkOptions), null, CancellationToken.None);
        Assert.True(resumed.Status == TransferStatus.Succeeded, resumed.Error?.ToString());
        Assert.Contains(resumed.Notes, n => n.Contains("sent again as upserts"));
        await client.LoadCollectionAsync("exact");
        Assert.Equal(20_000, await client.CountAsync("exact"));   // count(*): every entity, a doubled key would count twice
        var keys = new HashSet<long>();
        await foreach (var page in new MilvusQueryIterator(client, "exact").ReadAsync())
            foreach (var k in ((ScalarColumn<long>)page["id"]!).Values) Assert.True(keys.Add(k));
        Assert.Equal(20_000, keys.Count);
    }

    [Fact]
    public async Task AnAutoIdTargetRefusesAnInexactResumeBeforeWriting()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        await client.CreateCollectionAsync(Schemas.Simple("auto", dim: 8, autoId: true));
        var store = new FileCheckpointStore(_checkpoints);
        var source = new SyntheticVectorSource(2_000, 8);
        var sinkOptions = new MilvusSinkOptions { CollectionName = "auto" };
        // A checkpoint left by a run that was cut with rows in flight.
        store.Save(new Checkpoint(source.Identity, new MilvusCollectionSink(client, sinkOptions).Description, new SourcePosition { Offset = 500 }, 500, DateTimeOffset.UtcNow, InFlightUntil: 1000));
        var resumed = await new TransferEngine(new TransferOptions { Checkpoints = store, Resume = true }).RunAsync(source, new MilvusCollectionSink(client, sinkOptions), null, CancellationToken.None);
        Assert.Equal(TransferStatus.Failed, resumed.Status);
        Assert.Equal("ResumeNotExact", ((MilvusDMException)resumed.Error!).ErrorId);
        await client.CreateIndexAsync("auto", Schemas.Flat());
        await client.LoadCollectionAsync("auto");
        Assert.Equal(0, await client.CountAsync("auto"));
    }

    [Fact]
    public async Task ASecondRunOnTheSamePairIsRefusedWhileTheFirstHoldsIt()
    {
        var store = new FileCheckpointStore(_checkpoints);
        using (store.Acquire("src", "dst"))
        {
            var other = new FileCheckpointStore(_checkpoints);   // another run (its own handle, as another process has)
            var e = Assert.Throws<MilvusDMException>(() => other.Acquire("src", "dst"));
            Assert.Equal("TransferInProgress", e.ErrorId);
            Assert.Contains($"process {Environment.ProcessId}", e.Message);
            using (other.Acquire("src", "another destination")) { }   // other pairs are free
        }
        using (new FileCheckpointStore(_checkpoints).Acquire("src", "dst")) { }   // released with the first run
    }

    [Fact]
    public async Task TwoRunsOnOneCollectionAndCheckpointDoNotBothWrite()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        server.Faults.WriteDelay = TimeSpan.FromMilliseconds(30);
        var transfer = new TransferOptions { BatchRows = 500, ThrottleLimit = 2, Checkpoints = new FileCheckpointStore(_checkpoints) };
        var sink = new MilvusSinkOptions { CollectionName = "twice", Indexes = [Schemas.Flat()] };
        var first = new TransferEngine(transfer).RunAsync(new SyntheticVectorSource(10_000, 8), new MilvusCollectionSink(client, sink), null, CancellationToken.None);
        while (server.Faults.WriteCalls == 0) await Task.Delay(10);
        var second = await new TransferEngine(transfer with { Checkpoints = new FileCheckpointStore(_checkpoints) })
            .RunAsync(new SyntheticVectorSource(10_000, 8), new MilvusCollectionSink(client, sink), null, CancellationToken.None);
        Assert.Equal(TransferStatus.Failed, second.Status);
        Assert.Equal("TransferInProgress", ((MilvusDMException)second.Error!).ErrorId);
        Assert.Equal(TransferStatus.Succeeded, (await first).Status);
        await client.LoadCollectionAsync("twice");
        Assert.Equal(10_000, await client.CountAsync("twice"));
    }
}
