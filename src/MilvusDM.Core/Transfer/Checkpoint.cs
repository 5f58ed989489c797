using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// "Every row of this source up to and including this position is committed at the destination"; once the unit of
/// work finished, <see cref="Completed"/> says so, and a resumed run skips it.
/// </summary>
public sealed record Checkpoint(string SourceIdentity, string Destination, SourcePosition Position, long RowsCommitted, DateTimeOffset At, bool Completed = false);

/// <summary>Keeps checkpoints, by (source identity, destination).</summary>
public interface ICheckpointStore
{
    Checkpoint? Load(string sourceIdentity, string destination);
    void Save(Checkpoint checkpoint);
    void Remove(string sourceIdentity, string destination);
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
}

/// <summary>A destination that can take the rest of a transfer after a checkpoint: it must keep what it holds (no drop, no skip).</summary>
public interface IResumableSink
{
    void PrepareForResume();
}

/// <summary>Checkpoint questions the multi-unit jobs ask before they drop or skip a target.</summary>
public static class Checkpoints
{
    /// <summary>True when the options resume and some unit (source identity, destination) has a checkpoint: the target must then be kept.</summary>
    public static bool AnyStored(TransferOptions o, IEnumerable<(string Source, string Destination)> units) =>
        o.Resume && o.Checkpoints is { } store && units.Any(u => store.Load(u.Source, u.Destination) is not null);
}
