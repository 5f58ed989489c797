using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Transfer;

public sealed class TransferEngineTests
{
    [Fact]
    public async Task EverySourceRowArrivesExactlyOnce()
    {
        var sink = new RecordingSink();
        var progress = new List<TransferProgress>();
        var result = await new TransferEngine(new TransferOptions { BatchRows = 777, ThrottleLimit = 6, ProgressInterval = TimeSpan.Zero })
            .RunAsync(new SyntheticVectorSource(50_000, 16), sink, new SyncProgress<TransferProgress>(progress.Add));
        Assert.Equal(TransferStatus.Succeeded, result.Status);
        Assert.Equal(50_000, result.Rows);
        Assert.Equal(Enumerable.Range(0, 50_000).Select(i => (long)i), sink.Keys.OrderBy(k => k));
        Assert.True(sink.Completed);
        Assert.Equal(50_000, result.Checkpoint!.RowsCommitted);
        Assert.Equal(50_000, result.Checkpoint.Position.Offset);
        Assert.Equal(100, progress[^1].Percent);
        Assert.All(progress.Zip(progress.Skip(1)), p => Assert.True(p.Second.RowsWritten >= p.First.RowsWritten));
    }

    [Fact]
    public async Task BatchesNeverExceedTheByteLimit()
    {
        var sink = new RecordingSink();
        const long limit = 64 * 1024;
        // 128-dim float rows are 520 bytes with the key: a 10,000-row source batch must be cut into ~126-row writes.
        var result = await new TransferEngine(new TransferOptions { BatchRows = 10_000, MaxBatchBytes = limit })
            .RunAsync(new SyntheticVectorSource(20_000, 128), sink);
        Assert.Equal(TransferStatus.Succeeded, result.Status);
        Assert.All(sink.BatchBytes, b => Assert.True(b <= limit, $"a batch of {b} bytes exceeds {limit}"));
        Assert.True(sink.BatchBytes.Count >= 20_000 * 520 / limit);
        Assert.Equal(20_000, sink.Keys.Distinct().Count());
    }

    [Fact]
    public async Task ASlowSinkKeepsMemoryBoundedByTheChannel()
    {
        const int capacity = 3, throttle = 2, batchRows = 100;
        var engine = new TransferEngine(new TransferOptions { BatchRows = batchRows, ChannelCapacity = capacity, ThrottleLimit = throttle });
        int maxQueued = 0;
        engine.BatchQueued += n => { if (n > maxQueued) maxQueued = n; };
        var source = new CountingSource(new SyntheticVectorSource(20_000, 8));
        RecordingSink? sink = null;
        sink = new RecordingSink { Delay = TimeSpan.FromMilliseconds(2), ObserveOutstanding = () => source.RowsYielded - sink!.Keys.Count };
        var result = await engine.RunAsync(source, sink);
        Assert.Equal(TransferStatus.Succeeded, result.Status);
        Assert.True(maxQueued <= capacity, $"channel held {maxQueued} batches, capacity is {capacity}");
        // Rows read but not yet written: at most the channel, the writers' batches and the one the reader holds.
        long bound = (capacity + throttle + 1) * (long)batchRows;
        Assert.True(sink.MaxOutstanding <= bound, $"{sink.MaxOutstanding} rows were outstanding, bound {bound}");
    }

    [Fact]
    public async Task AFailingSinkStopsTheTransferAndReportsTheError()
    {
        var sink = new RecordingSink { FailOnWrite = 5 };
        var source = new CountingSource(new SyntheticVectorSource(1_000_000, 8));
        var result = await new TransferEngine(new TransferOptions { BatchRows = 100, ThrottleLimit = 2, ChannelCapacity = 2 }).RunAsync(source, sink);
        Assert.Equal(TransferStatus.Failed, result.Status);
        Assert.IsType<InvalidOperationException>(result.Error);
        Assert.Contains("write 5", result.Error!.Message);
        Assert.False(sink.Completed);
        // The reader stays within the bounded read-ahead of what was written (a preempted failing writer may let the
        // other writer go on for a moment on a loaded machine, but never the reader beyond the channel).
        Assert.True(source.RowsYielded <= sink.Keys.Count + (2 + 2 + 2) * 100, $"the reader went on to {source.RowsYielded} rows, {sink.Keys.Count} written");
        Assert.True(sink.Keys.Count < 1_000_000);
        Assert.True(result.Checkpoint is null || result.Checkpoint.RowsCommitted <= sink.Keys.Count);
    }

    [Fact]
    public async Task CancellationStopsReadingLetsInFlightWritesFinishAndReportsCancelled()
    {
        using var cts = new CancellationTokenSource();
        var sink = new RecordingSink { Delay = TimeSpan.FromMilliseconds(20) };
        var progress = new SyncProgress<TransferProgress>(p => { if (p.RowsWritten >= 1000) cts.Cancel(); });
        var result = await new TransferEngine(new TransferOptions { BatchRows = 100, ThrottleLimit = 2, ProgressInterval = TimeSpan.Zero })
            .RunAsync(new SyntheticVectorSource(1_000_000, 8), sink, progress, cts.Token);
        var cancelledAt = DateTime.UtcNow;
        Assert.Equal(TransferStatus.Cancelled, result.Status);
        Assert.Null(result.Error);
        Assert.False(sink.Completed);
        Assert.True(result.Rows < 5000);
        Assert.Equal(result.Rows, sink.Keys.Count);   // every started write finished and was counted
        Assert.Equal(result.Rows, result.Checkpoint!.RowsCommitted);
        Assert.Equal(Enumerable.Range(0, (int)result.Rows).Select(i => (long)i), sink.Keys.OrderBy(k => k));
        Assert.All(sink.WriteStarts, t => Assert.True(t <= cancelledAt));
    }

    [Fact]
    public async Task ResumeStartsAfterTheCheckpoint()
    {
        var store = new InMemoryCheckpointStore();
        var source = new SyntheticVectorSource(10_000, 4);
        var first = await new TransferEngine(new TransferOptions { BatchRows = 1000 }, store).RunAsync(source, new RecordingSink());
        var saved = store.Load(source.Identity, "recording sink");
        Assert.Equal(first.Checkpoint!.Position, saved!.Position);

        var sink = new RecordingSink();
        var cut = new InMemoryCheckpointStore();
        cut.Save(new Checkpoint(source.Identity, sink.Description, new SourcePosition { Offset = 7000 }, 7000, DateTimeOffset.UtcNow));
        var resumed = await new TransferEngine(new TransferOptions { BatchRows = 1000, Resume = true }, cut).RunAsync(source, sink);
        Assert.Equal(3000, resumed.Rows);
        Assert.Equal(Enumerable.Range(7000, 3000).Select(i => (long)i), sink.Keys.OrderBy(k => k));
    }

    [Fact]
    public async Task OptionsAreValidated()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            new TransferEngine(new TransferOptions { MaxBatchBytes = 100L << 20 }).RunAsync(new SyntheticVectorSource(1, 1), new RecordingSink()));
    }

    /// <summary>Counts rows the wrapped source has handed out.</summary>
    private sealed class CountingSource(IVectorSource inner) : IVectorSource
    {
        private long _rows;
        public long RowsYielded => Interlocked.Read(ref _rows);
        public string Identity => inner.Identity;
        public string Description => inner.Description;
        public long? TotalRows => inner.TotalRows;
        public Task<CollectionSpec> DescribeAsync(CancellationToken ct) => inner.DescribeAsync(ct);

        public async IAsyncEnumerable<VectorBatch> ReadAsync(SourcePosition? resumeAfter, int batchRows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var b in inner.ReadAsync(resumeAfter, batchRows, ct))
            {
                Interlocked.Add(ref _rows, b.RowCount);
                yield return b;
            }
        }
    }
}

/// <summary>IProgress that reports synchronously on the reporting thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    private readonly object _gate = new();
    public void Report(T value) { lock (_gate) handler(value); }
}
