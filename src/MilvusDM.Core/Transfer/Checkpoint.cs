using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>"Every row of this source up to and including this position is committed at the destination."</summary>
public sealed record Checkpoint(string SourceIdentity, string Destination, SourcePosition Position, long RowsCommitted, DateTimeOffset At);

/// <summary>Keeps checkpoints. In memory now; a persistent store (file next to the task, say) implements the same interface.</summary>
public interface ICheckpointStore
{
    Checkpoint? Load(string sourceIdentity, string destination);
    void Save(Checkpoint checkpoint);
}

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
        lock (_gate) _items[(checkpoint.SourceIdentity, checkpoint.Destination)] = checkpoint;
    }
}
