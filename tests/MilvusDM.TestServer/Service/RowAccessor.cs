using System.Text.Json;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Expressions;
using MilvusDM.TestServer.Storage;

namespace MilvusDM.TestServer.Service;

/// <summary>Gives the expression evaluator a stored row's fields, JSON paths and dynamic keys.</summary>
internal sealed class RowAccessor(CollectionState c) : IRowAccessor
{
    private readonly Dictionary<string, int> _index = c.Schema.Fields.Select((f, i) => (f.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
    private readonly HashSet<string> _json = c.Schema.Fields.Where(f => f.DataType == DataType.Json).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

    public StoredRow Row { get; set; } = null!;

    public object? Get(string field, IReadOnlyList<string> jsonPath)
    {
        if (_index.TryGetValue(field, out int i))
        {
            var v = Row.Values[i];
            return _json.Contains(field) && v is string text ? Navigate(text, jsonPath) : jsonPath.Count == 0 ? v : null;
        }
        if (Row.Meta is null) return null;
        return field == "$meta" ? Navigate(Row.Meta, jsonPath) : Navigate(Row.Meta, [field, .. jsonPath]);
    }

    private static object? Navigate(string json, IReadOnlyList<string> path)
    {
        using var doc = JsonDocument.Parse(json);
        var e = doc.RootElement;
        foreach (var key in path)
        {
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var child)) e = child;
            else if (e.ValueKind == JsonValueKind.Array && int.TryParse(key, out int idx) && idx >= 0 && idx < e.GetArrayLength()) e = e[idx];
            else return null;
        }
        return e.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? e.GetRawText() : Values.FromJson(e);
    }
}
