namespace MilvusDM.TestServer.Storage;

/// <summary>Everything the server holds. One lock (<see cref="Gate"/>) guards it: simple and plenty for tests.</summary>
internal sealed class ServerState
{
    // Ids are allocated from the clock, as Milvus's are: two servers do not hand out the same collection ids.
    private long _nextId = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 18) + Random.Shared.Next(1 << 18) * 1024L;

    public ServerState(TimestampOracle ts, IEnumerable<KeyValuePair<string, string>>? users = null)
    {
        Timestamps = ts;
        Rbac = new RbacState(users ?? []);
        Databases["default"] = new DatabaseState("default", NewId(), ts.Next());
    }

    public object Gate { get; } = new();
    public TimestampOracle Timestamps { get; }
    public Dictionary<string, DatabaseState> Databases { get; } = new(StringComparer.Ordinal);
    public RbacState Rbac { get; }

    /// <summary>Bulk-import jobs by id, in the order they were made.</summary>
    public SortedDictionary<long, ImportJob> Imports { get; } = [];

    public long NewId() => Interlocked.Increment(ref _nextId);

    /// <summary>Reserves <paramref name="count"/> consecutive ids (auto-id primary keys).</summary>
    public long NewIds(int count) => Interlocked.Add(ref _nextId, count) - count + 1;
}
