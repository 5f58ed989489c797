using System.Text.Json;
using Grpc.Core;
using Milvus.Client.Grpc;
using Status = Milvus.Client.Grpc.Status;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;
using MilvusDM.TestServer.Storage;
using MilvusDM.TestServer.Validation;

namespace MilvusDM.TestServer.Service;

internal sealed partial class MilvusServiceImpl
{
    private static readonly string[] FloatIndexTypes = ["FLAT", "IVF_FLAT", "IVF_SQ8", "IVF_PQ", "IVF_RABITQ", "HNSW", "HNSW_SQ", "HNSW_PQ", "HNSW_PRQ", "DISKANN", "SCANN", "AUTOINDEX", "GPU_CAGRA", "GPU_IVF_FLAT", "GPU_IVF_PQ", "GPU_BRUTE_FORCE"];
    private static readonly string[] BinaryIndexTypes = ["BIN_FLAT", "BIN_IVF_FLAT", "MINHASH_LSH", "AUTOINDEX"];
    private static readonly string[] SparseIndexTypes = ["SPARSE_INVERTED_INDEX", "SPARSE_WAND", "AUTOINDEX"];
    private static readonly string[] ScalarIndexTypes = ["INVERTED", "STL_SORT", "Trie", "TRIE", "BITMAP", "AUTOINDEX", "NGRAM", "RTREE"];
    private static readonly string[] FloatMetrics = ["L2", "IP", "COSINE"];
    private static readonly string[] BinaryMetrics = ["HAMMING", "JACCARD", "SUBSTRUCTURE", "SUPERSTRUCTURE", "MHJACCARD"];
    private static readonly string[] SparseMetrics = ["IP", "BM25"];
    private static readonly string[] EmbeddingListIndexTypes = ["HNSW", "AUTOINDEX", "DISKANN", "IVF_FLAT", "IVF_SQ8", "IVF_PQ", "FLAT"];
    private static readonly string[] EmbeddingListMetrics = ["MAX_SIM", "MAX_SIM_COSINE", "MAX_SIM_IP", "MAX_SIM_L2"];

    public override Task<Status> CreateIndex(CreateIndexRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            Names.Index(request.IndexName);
            var field = c.Field(request.FieldName) ?? StructSubField(c, request.FieldName)
                ?? throw ServerError.Unexpected($"cannot create index on non-exist field: {request.FieldName}");
            var kv = request.ExtraParams.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            if (kv.TryGetValue("params", out var json) && !string.IsNullOrWhiteSpace(json))
            {
                try { using var _ = JsonDocument.Parse(json); }
                catch (JsonException) { throw ServerError.Invalid($"index params is not a valid JSON object: {json}"); }
            }
            string type = kv.GetValueOrDefault("index_type", "AUTOINDEX");
            bool isVector = TypeNames.IsVector(field.DataType);
            var (types, metrics, defaultMetric) = field.DataType switch
            {
                DataType.ArrayOfVector => (EmbeddingListIndexTypes, EmbeddingListMetrics, "MAX_SIM_COSINE"),
                DataType.BinaryVector => (BinaryIndexTypes, BinaryMetrics, "HAMMING"),
                DataType.SparseFloatVector => (SparseIndexTypes, SparseMetrics, "IP"),
                _ when isVector => (FloatIndexTypes, FloatMetrics, "COSINE"),
                _ => (ScalarIndexTypes, Array.Empty<string>(), ""),
            };
            if (!types.Contains(type, StringComparer.Ordinal))
                throw new ServerError(1100, $"invalid parameter[expected=valid index][actual=invalid index type: {type}] for field {field.Name} of type {field.DataType}");
            if (isVector)
            {
                string metric = kv.GetValueOrDefault("metric_type", defaultMetric).ToUpperInvariant();
                if (!metrics.Contains(metric)) throw new ServerError(1100, $"metric type {metric} not found or not supported for {field.DataType}, supported: [{string.Join(" ", metrics)}]");
                kv["metric_type"] = metric;
            }
            kv["index_type"] = type;
            string name = string.IsNullOrEmpty(request.IndexName) ? field.Name : request.IndexName;
            if (c.Indexes.TryGetValue(field.Name, out var existing))
            {
                bool same = existing.IndexName == name && existing.Params.OrderBy(p => p.Key).SequenceEqual(kv.OrderBy(p => p.Key));
                if (same) return;   // an identical repeat succeeds
                throw new ServerError(702, $"at most one distinct index is allowed per field, field: {field.Name}, index: {existing.IndexName}");
            }
            if (c.Indexes.Values.Any(i => i.IndexName == name))
                throw new ServerError(702, $"index name {name} is already used by another field");
            c.Indexes[field.Name] = new IndexInfo(field.Name, name, State.NewId(), kv.ToList());
        });

    public override Task<DescribeIndexResponse> DescribeIndex(DescribeIndexRequest request, ServerCallContext context) =>
        Run(() =>
        {
            Names.Collection(request.CollectionName);
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            var matches = c.Indexes.Values
                .Where(i => (string.IsNullOrEmpty(request.IndexName) || i.IndexName == request.IndexName)
                            && (string.IsNullOrEmpty(request.FieldName) || i.FieldName == request.FieldName))
                .ToList();
            if (matches.Count == 0) throw ServerError.IndexNotFound($"collection={c.Name}");
            long rows = c.Partitions.Sum(p => p.InsertedRows);
            var r = new DescribeIndexResponse { Status = Ok.Status };
            foreach (var i in matches)
            {
                var d = new IndexDescription
                {
                    IndexName = i.IndexName, IndexID = i.IndexId, FieldName = i.FieldName,
                    IndexedRows = rows, TotalRows = rows, State = IndexState.Finished,
                };
                d.Params.AddRange(i.Params.Select(p => new KeyValuePair { Key = p.Key, Value = p.Value }));
                r.IndexDescriptions.Add(d);
            }
            return r;
        }, s => new DescribeIndexResponse { Status = s });

    public override Task<Status> DropIndex(DropIndexRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            // datacoord DropIndex (2.6): the proxy passes only the index name (field_name is ignored); an empty name means every
            // index; none matching succeeds; a vector index of a loaded collection is refused; more than one match is ambiguous.
            var indexes = c.Indexes.Values.Where(i => string.IsNullOrEmpty(request.IndexName) || i.IndexName == request.IndexName).ToList();
            if (indexes.Count == 0) return;
            bool vector = indexes.Any(i => TypeNames.IsVector((c.Field(i.FieldName) ?? StructSubField(c, i.FieldName))!.DataType));
            if (vector && c.Partitions.Any(p => p.Loaded)) throw ServerError.Invalid($"vector index cannot be dropped on loaded collection: {c.Id}");
            if (indexes.Count > 1) throw new ServerError(702, $"index duplicates[indexName={request.IndexName}]");
            c.Indexes.Remove(indexes[0].FieldName);
        });

    /// <summary>A struct-array sub-field addressed as "struct[sub]", with that name.</summary>
    private static FieldSchema? StructSubField(CollectionState c, string name) =>
        c.Schema.StructArrayFields.SelectMany(s => s.Fields.Select(f => (s, f))).Where(x => $"{x.s.Name}[{x.f.Name}]" == name)
            .Select(x => new FieldSchema(x.f) { Name = name }).FirstOrDefault();
}
