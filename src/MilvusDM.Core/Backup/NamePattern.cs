using System.Text.RegularExpressions;

namespace MilvusDM.Core.Backup;

/// <summary>Name selection as PowerShell's wildcards do it (<c>*</c>, <c>?</c>, <c>[abc]</c>; case-insensitive), for hosts that are not PowerShell.</summary>
public static class NamePattern
{
    public static bool IsMatch(string pattern, string name) =>
        Regex.IsMatch(name, "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".").Replace(@"\[", "[") + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The names that match any pattern (every name when there is none), in their own order.</summary>
    public static IReadOnlyList<string> Select(IReadOnlyList<string> patterns, IEnumerable<string> names) =>
        names.Where(n => patterns.Count == 0 || patterns.Any(p => IsMatch(p, n))).ToList();
}
