using System.Text.RegularExpressions;

namespace MilvusDM.Core.Errors;

/// <summary>How a host names its options: PowerShell parameters, or task-file keys (also what milvusdm --yaml reads).</summary>
public enum RemedyStyle { PowerShell, TaskFile }

/// <summary>
/// Remedies as data: Core writes an option as <c>{Name}</c> or <c>{Name Value}</c> (e.g. <c>{AllowLossy}</c>,
/// <c>{Mode Overwrite}</c>) and each host renders it in its own words — <c>-AllowLossy</c> in PowerShell,
/// <c>allow_lossy: true</c> in a task file — so nobody is told of an option their tool does not have.
/// </summary>
public static partial class Remedy
{
    // Task-file keys whose names are not the parameter's in snake_case.
    private static readonly Dictionary<string, string> TaskKeys = new(StringComparer.Ordinal)
    {
        ["MetricType"] = "metric", ["MySqlConnectionString"] = "mysql.connection_string", ["CertificatePath"] = "ca_certificate",
        ["Force"] = "overwrite", ["ScalarDataset"] = "scalar_datasets", ["CollectionName"] = "collection",
    };

    public static string? Render(string? template, RemedyStyle style) =>
        template is null ? null : Option().Replace(template, m => Name(m.Groups["name"].Value, m.Groups["value"].Success ? m.Groups["value"].Value : null, style));

    private static string Name(string option, string? value, RemedyStyle style)
    {
        if (style == RemedyStyle.PowerShell) return value is null ? $"-{option}" : $"-{option} {value}";
        string key = TaskKeys.GetValueOrDefault(option) ?? SnakeCase().Replace(option, "$1_$2").ToLowerInvariant();
        // A switch is turned on; an option that takes a value is named (its value is the user's to choose).
        bool isSwitch = option.StartsWith("Allow", StringComparison.Ordinal) || option is "Force" or "Resume" or "Verify" or "Load" or "DropUnsupported";
        return value is not null ? $"{key}: {value.ToLowerInvariant()}" : isSwitch ? $"{key}: true" : key;
    }

    [GeneratedRegex(@"\{(?<name>[A-Z][A-Za-z]+)(?: (?<value>[A-Za-z0-9_]+))?\}")]
    private static partial Regex Option();

    [GeneratedRegex(@"([a-z0-9])([A-Z])")]
    private static partial Regex SnakeCase();
}
