using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>Where vectors go: a Milvus collection, an HDF5 file…</summary>
public interface IVectorSink
{
    string Description { get; }

    /// <summary>Readies the destination for the source's schema under the sink's mode; may decide to skip.</summary>
    Task<SinkPreparation> PrepareAsync(CollectionSpec source, CancellationToken ct);

    /// <summary>Writes one batch. Called concurrently (up to the engine's throttle limit); returns when the destination acknowledged it.</summary>
    Task WriteAsync(VectorBatch batch, CancellationToken ct);

    /// <summary>Finishes the destination (flush, indexes, load…) after every batch was acknowledged.</summary>
    Task CompleteAsync(CancellationToken ct);
}

/// <summary>A destination that can undo what its preparation made when a run fails before any row was committed.</summary>
public interface IAbandonableSink
{
    /// <summary>Removes what this run created (e.g. an empty collection); returns a note saying so, or null when there was nothing.</summary>
    Task<string?> AbandonAsync(CancellationToken ct);
}

/// <summary>What <see cref="IVectorSink.PrepareAsync"/> decided.</summary>
public sealed record SinkPreparation(bool Skip, IReadOnlyList<string> Notes)
{
    public static SinkPreparation Proceed(params string[] notes) => new(false, notes);
    public static SinkPreparation Skipped(string reason) => new(true, [reason]);
}
