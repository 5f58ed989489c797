using System.Globalization;
using System.Text;

namespace MilvusDM.Core.Milvus;

/// <summary>Builds literals for Milvus boolean expressions.</summary>
public static class ExpressionLiterals
{
    /// <summary>A double-quoted string literal with backslash, quote and control characters escaped.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary><c>field in [k1, k2, …]</c> for int64 or string keys.</summary>
    public static string InList(string field, IEnumerable<object> keys) =>
        $"{field} in [{string.Join(", ", keys.Select(k => k is string s ? Quote(s) : Convert.ToString(k, CultureInfo.InvariantCulture)))}]";
}
