namespace MilvusDM.TestServer.Storage;

/// <summary>Everything the server holds. One lock (<see cref="Gate"/>) guards it: simple and plenty for tests.</summary>
internal sealed class ServerState
{
    private long _nextId = 449_000_000_000_000_000;

    public ServerState(TimestampOracle ts)
    {
        Timestamps = ts;
        Databases["default"] = new DatabaseState("default", NewId(), ts.Next());
    }

    public object Gate { get; } = new();
    public TimestampOracle Timestamps { get; }
    public Dictionary<string, DatabaseState> Databases { get; } = new(StringComparer.Ordinal);

    public long NewId() => Interlocked.Increment(ref _nextId);

    /// <summary>Reserves <paramref name="count"/> consecutive ids (auto-id primary keys).</summary>
    public long NewIds(int count) => Interlocked.Add(ref _nextId, count) - count + 1;
}
