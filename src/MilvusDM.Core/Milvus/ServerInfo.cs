using System.Text.RegularExpressions;

namespace MilvusDM.Core.Milvus;

/// <summary>What the server said about itself on Connect/GetVersion.</summary>
public sealed record ServerInfo(string Version, string DeployMode, long Identifier, bool SupportsConnect)
{
    /// <summary>"v2.6.3", "2.5.0-beta", "v2.4.13-hotfix" → 2.6.3, 2.5.0, 2.4.13; null when the text has no version.</summary>
    public static Version? ParseVersion(string text)
    {
        var m = Regex.Match(text ?? "", @"(\d+)\.(\d+)\.(\d+)");
        return m.Success ? new Version(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value)) : null;
    }

    /// <summary>Milvus 2.6.3 added the allow_insert_auto_id collection property: auto-id collections may then take given keys.</summary>
    public static bool AllowsInsertAutoId(string version) => ParseVersion(version) is { } v && v >= new Version(2, 6, 3);
}
