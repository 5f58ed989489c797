namespace MilvusDM.TestServer.Storage;

/// <summary>Hands out strictly increasing hybrid timestamps ((unix ms &lt;&lt; 18) | logical), like Milvus's TSO.</summary>
internal sealed class TimestampOracle
{
    private ulong _last;
    private readonly object _gate = new();

    public ulong Next()
    {
        lock (_gate)
        {
            ulong physical = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 18;
            _last = physical > _last ? physical : _last + 1;
            return _last;
        }
    }

    public ulong Current
    {
        get { lock (_gate) return _last; }
    }
}
