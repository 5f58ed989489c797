using System.Globalization;
using System.Text.RegularExpressions;

namespace MilvusDM.TestServer.Validation;

/// <summary>
/// Timestamptz as Milvus 2.6 handles it (pkg/util/timestamptz): strings in RFC 3339 (also with a space instead of 'T'
/// and short "+08" offsets) keep their offset, which must lie in [-12:00, +14:00]; strings without a zone are read in
/// the collection's timezone (property "timezone", default UTC). Values are stored as UTC microseconds and written
/// back in RFC 3339, cut to microseconds with trailing zeros dropped, "Z" for a zero offset.
/// </summary>
internal static partial class Timestamptz
{
    public const string DefaultTimezone = "UTC";

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})(?<sep>[T ])(\d{2}):(\d{2}):(\d{2})(?:\.(?<frac>\d{1,9}))?(?<zone>Z|[+-]\d{2}(?::?\d{2})?)?$")]
    private static partial Regex Iso();

    /// <summary>UTC microseconds of <paramref name="text"/>, or null when Milvus would not parse it.</summary>
    public static long? Parse(string text, string timezone)
    {
        var m = Iso().Match(text);
        if (!m.Success) return null;
        int year = Num(m, 1), month = Num(m, 2), day = Num(m, 3), hour = Num(m, 4), minute = Num(m, 5), second = Num(m, 6);   // named groups are numbered after the unnamed ones
        string zone = m.Groups["zone"].Value;
        bool tSep = m.Groups["sep"].Value == "T";
        // RFC3339Nano takes "Z" or "+08:00"; the space layouts also take "+08"; "+0800" matches no layout.
        if (zone.Length == 5 || (tSep && zone.Length == 3)) return null;
        DateTime local;
        try { local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified); }
        catch (ArgumentOutOfRangeException) { return null; }
        long fracTicks = 0;
        if (m.Groups["frac"].Success)
        {
            string f = m.Groups["frac"].Value.PadRight(7, '0')[..7];
            fracTicks = long.Parse(f, CultureInfo.InvariantCulture);
        }
        local = local.AddTicks(fracTicks);
        TimeSpan offset;
        if (zone.Length == 0)
        {
            var tz = FindZone(timezone);
            if (tz is null) return null;
            offset = tz.GetUtcOffset(local);
        }
        else if (zone == "Z") offset = TimeSpan.Zero;
        else
        {
            int sign = zone[0] == '-' ? -1 : 1;
            string digits = zone[1..].Replace(":", "");
            int hh = int.Parse(digits[..2], CultureInfo.InvariantCulture), mm = digits.Length > 2 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0;
            if (hh > 23 || mm > 59) return null;
            offset = sign * new TimeSpan(hh, mm, 0);
            if (offset > TimeSpan.FromHours(14) || offset < TimeSpan.FromHours(-12)) return null;
        }
        var utc = new DateTimeOffset(local, offset).UtcTicks;
        return (utc - DateTime.UnixEpoch.Ticks) / 10;
    }

    private static int Num(Match m, int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);

    public static TimeZoneInfo? FindZone(string id)
    {
        if (string.IsNullOrEmpty(id)) return null;
        if (id is "UTC" or "Local") return id == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.Local;
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return null; }
    }

    /// <summary>timestamptz.FormatTimeMicroWithoutTrailingZeros in the given zone.</summary>
    public static string Format(long micros, TimeZoneInfo zone)
    {
        var utc = new DateTimeOffset(DateTime.UnixEpoch.Ticks + micros * 10, TimeSpan.Zero);
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        string body = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        long frac = local.Ticks % TimeSpan.TicksPerSecond / 10;   // microseconds
        if (frac != 0) body += "." + frac.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
        var off = local.Offset;
        string zoneText = off == TimeSpan.Zero ? "Z" : (off < TimeSpan.Zero ? "-" : "+") + off.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        return body + zoneText;
    }
}
