namespace MilvusDM.Core.Milvus;

/// <summary>Milvus hybrid timestamps: physical milliseconds shifted left 18 bits, plus an 18-bit logical counter.</summary>
public static class HybridTimestamp
{
    public const int LogicalBits = 18;

    public static ulong FromUnixMilliseconds(long ms, long logical = 0) => ((ulong)ms << LogicalBits) | (ulong)logical;

    public static long ToUnixMilliseconds(ulong ts) => (long)(ts >> LogicalBits);

    /// <summary>The fallback snapshot official SDKs use when a server returns no session timestamp.</summary>
    public static ulong FallbackSessionTimestamp() => FromUnixMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000);
}
