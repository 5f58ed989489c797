using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// A source fed by a producer (the PowerShell pipeline): batches are pushed into a small bounded channel,
/// so a producer faster than the destination waits instead of filling memory. The schema comes from the
/// first batch unless one is given.
/// </summary>
public sealed class PushVectorSource(string description, CollectionSpec? schema = null, string? primaryKey = null, int capacity = 2) : IVectorSource
{
    private readonly Channel<VectorBatch> _channel = Channel.CreateBounded<VectorBatch>(new BoundedChannelOptions(capacity) { SingleReader = true });
    private readonly TaskCompletionSource<VectorBatch?> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _pushedRows;

    public string Identity => $"push:{description}";
    public string Description => description;
    public long? TotalRows => null;

    /// <summary>Offers a batch; false when the channel is full (wait with <see cref="WaitForSpaceAsync"/>).</summary>
    public bool TryPush(VectorBatch batch)
    {
        var positioned = new VectorBatch(batch.Columns, new SourcePosition { Part = description, Offset = Interlocked.Read(ref _pushedRows) });
        if (!_channel.Writer.TryWrite(positioned)) return false;
        Interlocked.Add(ref _pushedRows, batch.RowCount);
        _first.TrySetResult(positioned);
        return true;
    }

    public ValueTask<bool> WaitForSpaceAsync(CancellationToken ct) => _channel.Writer.WaitToWriteAsync(ct);

    /// <summary>No more batches will come.</summary>
    public void Complete()
    {
        _channel.Writer.TryComplete();
        _first.TrySetResult(null);
    }

    public async Task<CollectionSpec> DescribeAsync(CancellationToken ct)
    {
        if (schema is not null) return schema;
        var first = await _first.Task.WaitAsync(ct).ConfigureAwait(false)
            ?? throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "NoInputBatches",
                "No vector batches arrived from the pipeline.", "Pipe VectorBatch objects (New-MilvusVectorBatch, Read-FaissIndex, Read-Hdf5…) into the command.");
        return BatchSchema.Infer(first, "pipeline", primaryKey);
    }

    public async IAsyncEnumerable<VectorBatch> ReadAsync(SourcePosition? resumeAfter, int batchRows, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var b in _channel.Reader.ReadAllAsync(ct).ConfigureAwait(false)) yield return b;
    }
}
