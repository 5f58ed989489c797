using System.Globalization;

namespace MilvusDM.Core.Milvus;

/// <summary>Timestamptz values: microseconds since 1970-01-01 UTC in the model; ISO-8601 text where a server or SDK uses it.</summary>
public static class Timestamps
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    /// <summary>An ISO-8601 / RFC 3339 timestamp (with an offset or Z; without one it is UTC) as µs since the epoch.</summary>
    public static long ParseMicros(string field, string text)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            throw new FormatException($"Field '{field}': '{text}' is not an ISO-8601 timestamp.");
        return (t - Epoch).Ticks / 10;
    }

    /// <summary>µs since the epoch as RFC 3339 UTC text with microseconds (e.g. 2025-01-02T03:04:05.123456Z).</summary>
    public static string FormatMicros(long micros) =>
        Epoch.AddTicks(micros * 10).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
