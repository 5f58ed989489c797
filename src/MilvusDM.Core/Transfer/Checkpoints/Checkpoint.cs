using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// "Every row of this source up to and including this position is committed at the destination"; once the unit of
/// work finished, <see cref="Completed"/> says so, and a resumed run skips it. <see cref="InFlightUntil"/> is the
/// source offset up to which rows were handed to writers: rows between the position and it may or may not have
/// landed when a run was cut, so a resumed run sends them again replacing (an upsert by key), never doubling.
/// </summary>
public sealed record Checkpoint(string SourceIdentity, string Destination, SourcePosition Position, long RowsCommitted, DateTimeOffset At, bool Completed = false,
    long? InFlightUntil = null)
{
    /// <summary>True when rows after the position may already be at the destination.</summary>
    public bool HasUncertainRows => InFlightUntil is { } until && until > Position.Offset;
}

/// <summary>Keeps checkpoints, by (source identity, destination), and keeps two runs off the same pair.</summary>
public interface ICheckpointStore
{
    Checkpoint? Load(string sourceIdentity, string destination);
    void Save(Checkpoint checkpoint);
    void Remove(string sourceIdentity, string destination);

    /// <summary>Holds the (source, destination) pair for one run; throws <see cref="Errors.MilvusDMException"/> (TransferInProgress) when another run holds it.</summary>
    IDisposable Acquire(string sourceIdentity, string destination);
}

/// <summary>Checkpoints that live as long as the process (the default: nothing to resume from later).</summary>
public sealed class InMemoryCheckpointStore : ICheckpointStore
{
    private readonly Dictionary<(string, string), Checkpoint> _items = [];
    private readonly object _gate = new();

    public Checkpoint? Load(string sourceIdentity, string destination)
    {
        lock (_gate) return _items.GetValueOrDefault((sourceIdentity, destination));
    }

    public void Save(Checkpoint checkpoint)
    {
        var key = (checkpoint.SourceIdentity, checkpoint.Destination);
        lock (_gate)
            // Writers acknowledge concurrently: never let an older watermark replace a newer one.
            if (checkpoint.Completed || !_items.TryGetValue(key, out var old) || old.RowsCommitted <= checkpoint.RowsCommitted) _items[key] = checkpoint;
    }

    public void Remove(string sourceIdentity, string destination)
    {
        lock (_gate) _items.Remove((sourceIdentity, destination));
    }

    private readonly HashSet<(string, string)> _held = [];

    public IDisposable Acquire(string sourceIdentity, string destination)
    {
        var key = (sourceIdentity, destination);
        lock (_gate)
            if (!_held.Add(key)) throw TransferLock.InProgress(sourceIdentity, destination, "another run in this process");
        return new TransferLock.Release(() => { lock (_gate) _held.Remove(key); });
    }
}

/// <summary>The error and the handle of a held (source, destination) pair.</summary>
internal static class TransferLock
{
    public static Errors.MilvusDMException InProgress(string source, string destination, string owner) =>
        new(Errors.MilvusDMErrorKind.InvalidOperation, "TransferInProgress",
            $"Another MilvusDM run ({owner}) is transferring {source} to {destination}; two runs on one pair would double rows.",
            "Wait for the other run to finish (or stop it), then run again; add {Resume} to continue from its checkpoint.");

    public sealed class Release(Action release) : IDisposable
    {
        private Action? _release = release;
        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}

/// <summary>A destination that can take the rest of a transfer after a checkpoint: it must keep what it holds (no drop, no skip).</summary>
public interface IResumableSink
{
    /// <param name="replaceUncertain">Rows the earlier run may or may not have written will come through
    /// <see cref="WriteReplacingAsync"/>; a sink that cannot store them exactly once must refuse in PrepareAsync.</param>
    void PrepareForResume(bool replaceUncertain);

    /// <summary>Writes rows that may already be stored so that each ends up stored once (an upsert by key).</summary>
    Task WriteReplacingAsync(VectorBatch batch, CancellationToken ct);
}

/// <summary>Checkpoint questions the multi-unit jobs ask before they drop or skip a target.</summary>
public static class Checkpoints
{
    /// <summary>True when the options resume and some unit (source identity, destination) has a checkpoint: the target must then be kept.</summary>
    public static bool AnyStored(TransferOptions o, IEnumerable<(string Source, string Destination)> units) =>
        o.Resume && o.Checkpoints is { } store && units.Any(u => store.Load(u.Source, u.Destination) is not null);
}
