using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Milvus;

/// <summary>
/// Which index types and metrics Milvus 2.6 accepts per vector type, checked before a transfer writes its first row
/// (Milvus itself only answers when the index is created, after every row was written).
/// </summary>
public static class IndexRules
{
    private static readonly string[] Dense = ["AUTOINDEX", "FLAT", "IVF_FLAT", "IVF_SQ8", "IVF_PQ", "IVF_RABITQ", "HNSW", "HNSW_SQ", "HNSW_PQ", "HNSW_PRQ",
        "DISKANN", "SCANN", "GPU_CAGRA", "GPU_IVF_FLAT", "GPU_IVF_PQ", "GPU_BRUTE_FORCE"];
    private static readonly string[] Binary = ["AUTOINDEX", "BIN_FLAT", "BIN_IVF_FLAT", "MINHASH_LSH"];
    private static readonly string[] Sparse = ["AUTOINDEX", "SPARSE_INVERTED_INDEX", "SPARSE_WAND"];
    private static readonly string[] DenseMetrics = ["L2", "IP", "COSINE"];
    private static readonly string[] BinaryMetrics = ["HAMMING", "JACCARD", "SUBSTRUCTURE", "SUPERSTRUCTURE", "MHJACCARD"];
    private static readonly string[] SparseMetrics = ["IP", "BM25"];
    private static readonly string[] ListMetrics = ["MAX_SIM", "MAX_SIM_COSINE", "MAX_SIM_IP", "MAX_SIM_L2"];

    /// <summary>Index types and metrics that fit <paramref name="type"/> (the vector type, or ArrayOfVector for a struct member).</summary>
    public static (string[] Types, string[] Metrics) For(MilvusDataType type) => type switch
    {
        MilvusDataType.BinaryVector => (Binary, BinaryMetrics),
        MilvusDataType.SparseFloatVector => (Sparse, SparseMetrics),
        MilvusDataType.ArrayOfVector => (["AUTOINDEX", "FLAT", "HNSW", "DISKANN", "IVF_FLAT", "IVF_SQ8", "IVF_PQ"], ListMetrics),
        _ => (Dense, DenseMetrics),
    };

    /// <summary>Throws for an index whose type or metric Milvus would refuse on its field; an empty field means the first vector field.</summary>
    public static void Check(CollectionSpec spec, IEnumerable<IndexSpec> indexes)
    {
        foreach (var index in indexes)
        {
            var field = index.FieldName.Length == 0 ? spec.VectorFields.FirstOrDefault() : spec.Field(index.FieldName) ?? StructMember(spec, index.FieldName);
            if (field is null) continue;   // a field the target adds (or scalar indexes on fields the source lacks): Milvus answers
            if (!field.DataType.IsVector() && field.DataType != MilvusDataType.ArrayOfVector) continue;
            var (types, metrics) = For(field.DataType);
            if (!string.IsNullOrEmpty(index.IndexType) && !types.Contains(index.IndexType, StringComparer.OrdinalIgnoreCase))
                throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "InvalidIndexType",
                    $"Index type '{index.IndexType}' does not exist for {field.DataType} field '{field.Name}'{Suggest(index.IndexType, types)}. Nothing was written.",
                    $"Use one of: {string.Join(", ", types)}.");
            if (!string.IsNullOrEmpty(index.MetricType) && !metrics.Contains(index.MetricType, StringComparer.OrdinalIgnoreCase))
                throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "InvalidMetricType",
                    $"Metric '{index.MetricType}' does not apply to {field.DataType} field '{field.Name}'{Suggest(index.MetricType, metrics)}. Nothing was written.",
                    $"Use one of: {string.Join(", ", metrics)}.");
        }
    }

    /// <summary>"chunks[emb]": a vector member of a struct array.</summary>
    private static FieldSpec? StructMember(CollectionSpec spec, string name)
    {
        int open = name.IndexOf('[');
        if (open <= 0 || !name.EndsWith(']')) return null;
        return spec.Field(name[..open])?.StructFields.FirstOrDefault(m => m.Name == name[(open + 1)..^1]);
    }

    private static string Suggest(string given, string[] known)
    {
        var best = known.MinBy(k => Distance(given.ToUpperInvariant(), k));
        return best is not null && Distance(given.ToUpperInvariant(), best) <= 2 ? $" (did you mean {best}?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);   // a swap
            }
        return d[a.Length, b.Length];
    }
}
