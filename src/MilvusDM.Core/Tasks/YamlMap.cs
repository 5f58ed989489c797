using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MilvusDM.Core.Tasks;

/// <summary>Collects the errors of one task file as it is read.</summary>
internal sealed class TaskReader(string file)
{
    public string File { get; } = file;
    public List<TaskFileError> Errors { get; } = [];

    public void Error(YamlNode? node, string key, string message) =>
        Errors.Add(new TaskFileError(File, key, (int)(node?.Start.Line ?? 1), (int)(node?.Start.Column ?? 1), message));

    /// <summary>A mapping view of <paramref name="node"/>, or null (and an error) when it is not a mapping.</summary>
    public YamlMap? Map(YamlNode? node, string path)
    {
        if (node is YamlMappingNode m) return new YamlMap(this, m, path);
        Error(node, path, $"must be a mapping of keys to values, not {Describe(node)}.");
        return null;
    }

    public static string Describe(YamlNode? node) => node switch
    {
        YamlScalarNode s => $"the value '{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "nothing",
    };
}

/// <summary>
/// Typed access to one YAML mapping that records errors with their line and column: wrong types, missing required
/// keys, and (on <see cref="Done"/>) every key nobody asked for. Scalars may name environment variables as
/// <c>${NAME}</c> or <c>${NAME:-default}</c>.
/// </summary>
internal sealed partial class YamlMap(TaskReader reader, YamlMappingNode node, string path)
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public YamlMappingNode Node => node;
    public string Path => path;

    private string KeyPath(string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>The value node under <paramref name="key"/> (any of its spellings), null when absent or null.</summary>
    public YamlNode? Raw(params string[] keys)
    {
        foreach (var key in keys)
        {
            _known.Add(key);
            if (node.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value)) return value;
        }
        return null;
    }

    public YamlNode? KeyNode(string key) => node.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key);

    public bool Has(params string[] keys) => Raw(keys) is not null;

    public string? Str(string key, bool required = false, params string[] aliases)
    {
        var value = Raw([key, .. aliases]);
        if (value is null)
        {
            if (required) reader.Error(node, KeyPath(key), "is required.");
            return null;
        }
        if (value is not YamlScalarNode s) { reader.Error(value, KeyPath(key), $"must be a single value, not {TaskReader.Describe(value)}."); return null; }
        return Expand(s, KeyPath(key));
    }

    public int? Int(string key, int min = int.MinValue, int max = int.MaxValue, bool required = false)
    {
        var text = Str(key, required);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        reader.Error(Raw(key), KeyPath(key), $"must be a whole number{(min > int.MinValue ? $" from {min}" : "")}{(max < int.MaxValue ? $" to {max}" : "")}, not '{text}'.");
        return null;
    }

    /// <summary>A size in bytes: a whole number, or one with KB, MB, GB (powers of 1024), e.g. <c>256MB</c>.</summary>
    public long? Bytes(string key, long min, long max)
    {
        var text = Str(key);
        if (text is null) return null;
        var m = ByteSize().Match(text.Trim());
        if (m.Success && long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            int shift = m.Groups[2].Value.ToUpperInvariant() switch { "KB" => 10, "MB" => 20, "GB" => 30, _ => 0 };
            if (n <= max >> shift && n << shift >= min) return n << shift;
        }
        reader.Error(Raw(key), KeyPath(key), $"must be a size from {min:N0} to {max:N0} bytes (a number, or one with KB, MB or GB), not '{text}'.");
        return null;
    }

    /// <summary>A mapping of names to names, e.g. <c>rename: { old: new }</c>.</summary>
    public IReadOnlyDictionary<string, string>? StrMap(string key)
    {
        if (Raw(key) is null) return null;
        if (Child(key) is not { } child) return null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var k in child.Node.Children.Keys)
            if (k is YamlScalarNode { Value: { Length: > 0 } name } && child.Str(name) is { Length: > 0 } value) map[name] = value;
        child.Done();
        return map;
    }

    public bool? Bool(string key)
    {
        var text = Str(key);
        if (text is null) return null;
        switch (text.ToLowerInvariant())
        {
            case "true" or "yes" or "on": return true;
            case "false" or "no" or "off": return false;
            default: reader.Error(Raw(key), KeyPath(key), $"must be true or false, not '{text}'."); return null;
        }
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), in the spelling of the list.</summary>
    public string? Choice(string key, IReadOnlyList<string> allowed, bool required = false)
    {
        var text = Str(key, required);
        if (text is null) return null;
        var match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
        if (match is null) reader.Error(Raw(key), KeyPath(key), $"must be one of {string.Join(", ", allowed)}, not '{text}'.");
        return match;
    }

    /// <summary>A single string or a list of strings.</summary>
    public IReadOnlyList<string>? StrList(string key, bool required = false, params string[] aliases)
    {
        var value = Raw([key, .. aliases]);
        switch (value)
        {
            case null:
                if (required) reader.Error(node, KeyPath(key), "is required.");
                return null;
            case YamlScalarNode s: return Expand(s, KeyPath(key)) is { } one ? [one] : null;
            case YamlSequenceNode list:
                var items = new List<string>();
                foreach (var item in list)
                    if (item is YamlScalarNode si && Expand(si, KeyPath(key)) is { } text) items.Add(text);
                    else if (item is not YamlScalarNode) reader.Error(item, KeyPath(key), $"must be a list of values; this item is {TaskReader.Describe(item)}.");
                return items;
            default:
                reader.Error(value, KeyPath(key), $"must be a value or a list of values, not {TaskReader.Describe(value)}.");
                return null;
        }
    }

    public YamlMap? Child(string key, bool required = false)
    {
        var value = Raw(key);
        if (value is null)
        {
            if (required) reader.Error(node, KeyPath(key), "is required.");
            return null;
        }
        return reader.Map(value, KeyPath(key));
    }

    /// <summary>Reports the keys no getter asked for.</summary>
    public void Done()
    {
        foreach (var key in node.Children.Keys)
        {
            string name = key is YamlScalarNode s ? s.Value ?? "" : TaskReader.Describe(key);
            if (!_known.Contains(name))
                reader.Error(key, KeyPath(name), $"is not a known key here{(_known.Count > 0 ? $"; known keys: {string.Join(", ", _known.Order(StringComparer.Ordinal))}" : "")}.");
        }
    }

    public void Error(string key, string message) => reader.Error(KeyNode(key) ?? node, KeyPath(key), message);

    private static bool IsNull(YamlNode value) =>
        value is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    [GeneratedRegex(@"^(\d+)\s*(KB|MB|GB)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ByteSize();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")]
    private static partial Regex EnvReference();

    private string? Expand(YamlScalarNode s, string key)
    {
        string text = s.Value ?? "";
        if (!text.Contains("${", StringComparison.Ordinal)) return text;
        return EnvReference().Replace(text, m =>
        {
            var value = Environment.GetEnvironmentVariable(m.Groups[1].Value);
            if (!string.IsNullOrEmpty(value)) return value;
            if (m.Groups[2].Success) return m.Groups[2].Value;
            reader.Error(s, key, $"names the environment variable {m.Groups[1].Value}, which is not set.");
            return "";
        });
    }
}
