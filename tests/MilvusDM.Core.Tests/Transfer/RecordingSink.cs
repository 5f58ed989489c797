using System.Collections.Concurrent;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Transfer;

/// <summary>A sink that records what it receives, and can be slowed down or made to fail.</summary>
internal sealed class RecordingSink : IVectorSink, IResumableSink
{
    public void PrepareForResume(bool replaceUncertain) { }

    public Task WriteReplacingAsync(VectorBatch batch, CancellationToken ct) => WriteAsync(batch, ct);

    public ConcurrentBag<long> Keys { get; } = [];
    public ConcurrentBag<long> BatchBytes { get; } = [];
    public ConcurrentQueue<DateTime> WriteStarts { get; } = new();
    public TimeSpan Delay { get; init; }
    public int FailOnWrite { get; init; } = -1;
    public Func<long>? ObserveOutstanding { get; init; }
    public long MaxOutstanding;
    public bool Completed { get; private set; }
    private int _writes;

    public string Description => "recording sink";

    public Task<SinkPreparation> PrepareAsync(CollectionSpec source, CancellationToken ct) => Task.FromResult(SinkPreparation.Proceed());

    public async Task WriteAsync(VectorBatch batch, CancellationToken ct)
    {
        WriteStarts.Enqueue(DateTime.UtcNow);
        int n = Interlocked.Increment(ref _writes);
        if (ObserveOutstanding is not null)
        {
            long outstanding = ObserveOutstanding();
            long seen;
            while ((seen = Interlocked.Read(ref MaxOutstanding)) < outstanding && Interlocked.CompareExchange(ref MaxOutstanding, outstanding, seen) != seen) { }
        }
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, ct);
        if (n == FailOnWrite) throw new InvalidOperationException($"injected failure on write {n}");
        BatchBytes.Add(batch.ByteSize);
        foreach (var k in ((ScalarColumn<long>)batch["id"]!).Values) Keys.Add(k);
    }

    public Task CompleteAsync(CancellationToken ct)
    {
        Completed = true;
        return Task.CompletedTask;
    }
}
