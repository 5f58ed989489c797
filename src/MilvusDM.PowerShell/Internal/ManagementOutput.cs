using System.Collections;
using MilvusDM.Core.Model;

namespace MilvusDM.PowerShell.Internal;

/// <summary>Maps Core index definitions and property maps to the management cmdlets' output types.</summary>
internal static class ManagementOutput
{
    public static MilvusIndexInfo Index(IndexSpec i, string collection, string database, MilvusConnection connection) => new()
    {
        CollectionName = collection,
        FieldName = i.FieldName,
        IndexName = i.IndexName,
        IndexType = i.IndexType,
        MetricType = string.IsNullOrEmpty(i.MetricType) ? null : i.MetricType,
        Params = Table(i.Params),
        State = i.State,
        IndexedRows = i.IndexedRows,
        TotalRows = i.TotalRows,
        Database = database,
        Connection = connection,
    };

    public static Hashtable Table(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in pairs) table[k] = v;
        return table;
    }

    /// <summary>A -Parameter/-Property hashtable as strings (numbers and booleans invariantly).</summary>
    public static Dictionary<string, string> Strings(Hashtable? table)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (table is null) return result;
        foreach (DictionaryEntry e in table)
        {
            object? v = e.Value is System.Management.Automation.PSObject p ? p.BaseObject : e.Value;
            result[e.Key.ToString()!] = v switch
            {
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => v?.ToString() ?? "",
            };
        }
        return result;
    }
}
