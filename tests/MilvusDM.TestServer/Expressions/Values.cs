using System.Text.Json;
using System.Text.RegularExpressions;
using MilvusDM.TestServer.Storage;

namespace MilvusDM.TestServer.Expressions;

/// <summary>Comparison rules of the expression evaluator: numbers numerically, strings in UTF-8 byte order.</summary>
internal static class Values
{
    public static bool Truth(object? v) => v is true;

    public static object? Normalize(object? v) => v switch
    {
        int i => (long)i,
        float f => (double)f,
        JsonElement e => FromJson(e),
        _ => v,
    };

    public static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => e,
    };

    public static bool Equal(object? a, object? b)
    {
        a = Normalize(a);
        b = Normalize(b);
        return Compare(a, b) == 0 || (a is bool x && b is bool y && x == y);
    }

    public static int? Compare(object? a, object? b)
    {
        a = Normalize(a);
        b = Normalize(b);
        return (a, b) switch
        {
            (long x, long y) => x.CompareTo(y),
            (long x, double y) => ((double)x).CompareTo(y),
            (double x, long y) => x.CompareTo((double)y),
            (double x, double y) => x.CompareTo(y),
            (string x, string y) => Math.Sign(KeyComparer.CompareUtf8(x, y)),
            (bool x, bool y) => x.CompareTo(y),
            _ => null,
        };
    }

    /// <summary>SQL-like match: % is any run, _ any one character.</summary>
    public static bool Like(string s, string pattern)
    {
        var regex = "^" + Regex.Escape(pattern).Replace("%", ".*").Replace("_", ".") + "$";
        return Regex.IsMatch(s, regex, RegexOptions.Singleline);
    }
}
