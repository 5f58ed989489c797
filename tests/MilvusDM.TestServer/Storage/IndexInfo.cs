namespace MilvusDM.TestServer.Storage;

/// <summary>An index on one field: name, id and the parameters it was created with (index_type, metric_type, params…).</summary>
internal sealed record IndexInfo(string FieldName, string IndexName, long IndexId, IReadOnlyList<KeyValuePair<string, string>> Params);
