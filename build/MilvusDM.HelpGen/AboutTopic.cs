using System.Text;
using System.Text.RegularExpressions;

namespace MilvusDM.HelpGen;

/// <summary>
/// Renders an about_ topic written in Markdown (docs/en-US) as the plain help text Get-Help shows: TOPIC and
/// upper-case section names at the margin, text indented four spaces, code eight, no Markdown marks left.
/// </summary>
internal static partial class AboutTopic
{
    public static string Render(string markdown)
    {
        var text = new StringBuilder();
        bool code = false;
        foreach (var raw in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            string line = raw.TrimEnd();
            if (line.StartsWith("```", StringComparison.Ordinal)) { code = !code; continue; }
            if (code) { text.AppendLine(line.Length == 0 ? "" : "        " + line); continue; }
            if (line.StartsWith("# ", StringComparison.Ordinal)) text.AppendLine("TOPIC").AppendLine("    " + line[2..].Trim());
            else if (line.StartsWith("## ", StringComparison.Ordinal)) text.AppendLine(line[3..].Trim().ToUpperInvariant());
            else if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                string title = Inline(line[4..].Trim());
                text.AppendLine("    " + title).AppendLine("    " + new string('-', title.Length));
            }
            else if (TableRule().IsMatch(line)) continue;
            else if (line.StartsWith('|')) text.AppendLine("    " + Inline(string.Join("  |  ", line.Trim('|').Split('|').Select(c => c.Trim()))));
            else text.AppendLine(line.Length == 0 ? "" : "    " + Inline(line));
        }
        return text.ToString();
    }

    /// <summary>Inline Markdown to plain text: `code`, **bold**, *emphasis* and [text](link) lose their marks.</summary>
    private static string Inline(string s)
    {
        s = Link().Replace(s, m => m.Groups[2].Value.StartsWith("http", StringComparison.Ordinal) ? $"{m.Groups[1].Value} ({m.Groups[2].Value})" : m.Groups[1].Value);
        return Emphasis().Replace(s.Replace("`", ""), "$1");
    }

    [GeneratedRegex(@"^\|?\s*:?-{3,}")]
    private static partial Regex TableRule();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\*{1,2}([^*\s][^*]*?)\*{1,2}")]
    private static partial Regex Emphasis();
}
