namespace MilvusDM.TestServer;

/// <summary>
/// Switches tests flip at run time to make writes fail or slow down, and counters they read back.
/// "Writes" are Insert and Upsert calls, numbered from 1 in arrival order.
/// </summary>
public sealed class FaultInjection
{
    private readonly object _gate = new();
    private readonly HashSet<long> _rateLimitedWrites = [], _corruptedWrites = [];
    private long _writeCalls, _acceptedWrites, _acceptedRows;
    private long _unavailableAfter = long.MaxValue;

    /// <summary>Answer these write numbers with a rate-limit status (code 8 / error_code 49).</summary>
    public void RateLimitWrites(params long[] writeNumbers)
    {
        lock (_gate) foreach (var n in writeNumbers) _rateLimitedWrites.Add(n);
    }

    /// <summary>
    /// Silently corrupt these write numbers: the first component of the first row's float vector is changed before
    /// it is stored, as a faulty storage layer would. Verification must notice.
    /// </summary>
    public void CorruptWrites(params long[] writeNumbers)
    {
        lock (_gate) foreach (var n in writeNumbers) _corruptedWrites.Add(n);
    }

    /// <summary>After this many accepted writes, every write fails with gRPC UNAVAILABLE.</summary>
    public long UnavailableAfterWrites
    {
        get => Interlocked.Read(ref _unavailableAfter);
        set => Interlocked.Exchange(ref _unavailableAfter, value);
    }

    /// <summary>Added before answering each write.</summary>
    public TimeSpan WriteDelay { get; set; }

    /// <summary>Added before answering every RPC.</summary>
    public TimeSpan ResponseDelay { get; set; }

    public long WriteCalls => Interlocked.Read(ref _writeCalls);
    public long AcceptedWrites => Interlocked.Read(ref _acceptedWrites);
    public long AcceptedRows => Interlocked.Read(ref _acceptedRows);

    /// <summary>UTC time the last write was accepted.</summary>
    public DateTime LastAcceptedWriteUtc { get; private set; }

    internal enum Verdict { Proceed, RateLimit, Unavailable, Corrupt }

    internal Verdict OnWrite()
    {
        long n = Interlocked.Increment(ref _writeCalls);
        lock (_gate)
        {
            if (_rateLimitedWrites.Remove(n)) return Verdict.RateLimit;
            if (_corruptedWrites.Remove(n)) return Verdict.Corrupt;
        }
        return AcceptedWrites >= UnavailableAfterWrites ? Verdict.Unavailable : Verdict.Proceed;
    }

    internal void Accepted(long rows)
    {
        Interlocked.Increment(ref _acceptedWrites);
        Interlocked.Add(ref _acceptedRows, rows);
        LastAcceptedWriteUtc = DateTime.UtcNow;
    }
}
