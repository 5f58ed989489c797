using System.Text.Json;
using System.Text.Json.Nodes;
using Milvus.Client.Grpc;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Milvus;

public sealed partial class MilvusClient
{
    private static readonly HashSet<string> ReservedIndexKeys = new(StringComparer.Ordinal) { "index_type", "metric_type", "params" };

    /// <summary>Creates an index: extra_params index_type, metric_type and params as a JSON object (as pymilvus sends them).</summary>
    public Task CreateIndexAsync(string collection, IndexSpec index, CancellationToken ct = default)
    {
        var request = new CreateIndexRequest { DbName = Database, CollectionName = collection, FieldName = index.FieldName, IndexName = index.IndexName };
        request.ExtraParams.Add(SchemaConverter.Kv("index_type", index.IndexType));
        if (!string.IsNullOrEmpty(index.MetricType)) request.ExtraParams.Add(SchemaConverter.Kv("metric_type", index.MetricType));
        var json = new JsonObject();
        foreach (var (k, v) in index.Params) json[k] = ParseScalar(v);
        request.ExtraParams.Add(SchemaConverter.Kv("params", json.ToJsonString()));
        return InvokeAsync("CreateIndex", o => _grpc.CreateIndexAsync(request, o), ct);
    }

    /// <summary>Every index of the collection; an empty list when it has none.</summary>
    public async Task<IReadOnlyList<IndexSpec>> DescribeIndexesAsync(string collection, CancellationToken ct = default)
    {
        try
        {
            var r = await InvokeAsync("DescribeIndex", o => _grpc.DescribeIndexAsync(
                new DescribeIndexRequest { DbName = Database, CollectionName = collection }, o), x => x.Status, ct).ConfigureAwait(false);
            return r.IndexDescriptions.Select(ToIndexSpec).ToArray();
        }
        catch (MilvusServerException e) when (e.ErrorId == "MilvusIndexNotFound")
        {
            return [];
        }
    }

    public Task DropIndexAsync(string collection, string fieldName, string indexName = "", CancellationToken ct = default) =>
        InvokeAsync("DropIndex", o => _grpc.DropIndexAsync(
            new DropIndexRequest { DbName = Database, CollectionName = collection, FieldName = fieldName, IndexName = indexName }, o), ct);

    private static IndexSpec ToIndexSpec(IndexDescription d)
    {
        var all = d.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var build = new Dictionary<string, string>(StringComparer.Ordinal);
        if (all.TryGetValue("params", out var json) && !string.IsNullOrWhiteSpace(json) && JsonNode.Parse(json) is JsonObject obj)
            foreach (var (k, v) in obj) build[k] = v is JsonValue jv && jv.GetValueKind() == JsonValueKind.String ? jv.GetValue<string>() : v?.ToJsonString() ?? "";
        foreach (var (k, v) in all.Where(p => !ReservedIndexKeys.Contains(p.Key))) build.TryAdd(k, v);
        return new IndexSpec
        {
            FieldName = d.FieldName,
            IndexName = d.IndexName,
            IndexType = all.GetValueOrDefault("index_type", ""),
            MetricType = all.GetValueOrDefault("metric_type", ""),
            Params = build,
            IndexedRows = d.IndexedRows,
            TotalRows = d.TotalRows,
            State = d.State.ToString(),
        };
    }

    /// <summary>"16" → 16, "true" → true, anything else stays a string.</summary>
    private static JsonNode? ParseScalar(string v)
    {
        if (long.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)) return d;
        if (bool.TryParse(v, out var b)) return b;
        return v;
    }
}
