namespace MilvusDM.Core.Milvus;

/// <summary>
/// Bounded exponential backoff for retriable failures (rate limits, UNAVAILABLE):
/// delay(n) = min(BaseDelay × Multiplier^n, MaxDelay), with ±20 % jitter, at most MaxAttempts tries.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, double Multiplier = 3)
{
    public static RetryPolicy Default { get; } = new(10, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(3));

    public static RetryPolicy None { get; } = new(1, TimeSpan.Zero, TimeSpan.Zero);

    public TimeSpan DelayFor(int attempt)
    {
        double ms = Math.Min(BaseDelay.TotalMilliseconds * Math.Pow(Multiplier, attempt), MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms * (0.8 + Random.Shared.NextDouble() * 0.4));
    }
}
