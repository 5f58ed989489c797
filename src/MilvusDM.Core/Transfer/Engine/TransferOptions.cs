using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>How the engine moves data.</summary>
public sealed record TransferOptions
{
    /// <summary>Default byte cap of one write: a few MB, far below Milvus's 64 MB request limit.</summary>
    public const long DefaultMaxBatchBytes = 8L << 20;

    /// <summary>Most rows in one write.</summary>
    public int BatchRows { get; init; } = 10_000;

    /// <summary>Most payload bytes in one write; larger source batches are cut.</summary>
    public long MaxBatchBytes { get; init; } = DefaultMaxBatchBytes;

    /// <summary>Writes in flight at once.</summary>
    public int ThrottleLimit { get; init; } = 4;

    /// <summary>Batches read ahead and waiting for a writer; memory ≤ (capacity + throttle) × batch bytes.</summary>
    public int ChannelCapacity { get; init; } = 4;

    /// <summary>Minimum time between progress reports.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long in-flight writes may finish after cancellation before they are aborted.</summary>
    public TimeSpan CancelGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where checkpoints are kept (null: in memory, gone with the run).</summary>
    public ICheckpointStore? Checkpoints { get; init; }

    /// <summary>
    /// Continue from the stored checkpoint of each (source, destination): rows committed before are not sent again,
    /// a unit that completed is skipped. Without it a run starts over and replaces the checkpoint.
    /// </summary>
    public bool Resume { get; init; }

    public void Validate()
    {
        if (BatchRows < 1) throw new ArgumentOutOfRangeException(nameof(BatchRows), "BatchRows must be at least 1.");
        if (MaxBatchBytes < 1024 || MaxBatchBytes > 60L << 20) throw new ArgumentOutOfRangeException(nameof(MaxBatchBytes), "MaxBatchBytes must be between 1 KB and 60 MB.");
        if (ThrottleLimit < 1 || ThrottleLimit > 64) throw new ArgumentOutOfRangeException(nameof(ThrottleLimit), "ThrottleLimit must be between 1 and 64.");
        if (ChannelCapacity < 1) throw new ArgumentOutOfRangeException(nameof(ChannelCapacity), "ChannelCapacity must be at least 1.");
    }
}
