using System.Text.Json;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Milvus1;

/// <summary>The numeric codes of Milvus 1.x metadata (milvus1-format.md §3.3–3.5) and their Milvus 2.x meaning.</summary>
public static class Milvus1Codes
{
    /// <summary>TableFiles.file_type values whose folders hold live raw vectors: RAW, TO_INDEX, BACKUP (§0 rule 4, traps T2–T4).</summary>
    public static readonly IReadOnlySet<int> RawDataFileTypes = new HashSet<int> { 1, 2, 7 };

    public static string FileTypeName(int fileType) => fileType switch
    {
        0 => "NEW", 1 => "RAW", 2 => "TO_INDEX", 3 => "INDEX", 4 => "TO_DELETE", 5 => "NEW_MERGE", 6 => "NEW_INDEX", 7 => "BACKUP",
        _ => $"UNKNOWN({fileType})",
    };

    /// <summary>metric_type 1, 2 are float collections; 3..7 binary (§3.5).</summary>
    public static bool IsBinary(int metricType) => metricType is >= 3 and <= 7;

    /// <summary>The 1.x metric as Milvus 2.x names it; TANIMOTO (gone in 2.x) becomes JACCARD, equal on binary vectors.</summary>
    public static string MetricName(int metricType) => metricType switch
    {
        1 => "L2", 2 => "IP", 3 => "HAMMING", 4 => "JACCARD", 5 => "JACCARD", 6 => "SUBSTRUCTURE", 7 => "SUPERSTRUCTURE",
        _ => throw new Errors.MilvusDMException(Errors.MilvusDMErrorKind.InvalidData, "Milvus1MetadataInvalid",
            $"metric_type {metricType} is not a Milvus 1.x metric.", "Check the metadata database."),
    };

    public static string EngineName(int engineType) => engineType switch
    {
        0 => "INVALID", 1 => "FLAT", 2 => "IVF_FLAT", 3 => "IVF_SQ8", 4 => "RNSG", 5 => "IVF_SQ8H", 6 => "IVF_PQ", 7 => "SPTAG_KDT",
        8 => "SPTAG_BKT", 9 => "BIN_FLAT", 10 => "BIN_IVF_FLAT", 11 => "HNSW", 12 => "ANNOY", _ => $"UNKNOWN({engineType})",
    };

    /// <summary>
    /// The index a Milvus 2.x copy gets for a 1.x engine type and its JSON params, or null with the reason when 2.x has
    /// no such index (NSG, SPTAG, ANNOY, SQ8H: the target then gets AUTOINDEX when it is loaded).
    /// </summary>
    public static (IndexSpec? Index, string? Note) IndexFor(int engineType, string indexParams, string field, string metric)
    {
        var p = ParseParams(indexParams);
        IndexSpec Make(string type, params string[] keep) => new()
        {
            FieldName = field, IndexType = type, MetricType = metric,
            Params = p.Where(kv => keep.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
        };
        return engineType switch
        {
            1 => (Make("FLAT"), null),
            2 => (Make("IVF_FLAT", "nlist"), null),
            3 => (Make("IVF_SQ8", "nlist"), null),
            6 => (Make("IVF_PQ", "nlist", "m", "nbits"), null),
            9 => (Make("BIN_FLAT"), null),
            10 => (Make("BIN_IVF_FLAT", "nlist"), null),
            11 => (Make("HNSW", "M", "efConstruction"), null),
            _ => (null, $"Milvus 2.x has no {EngineName(engineType)} index; no index is created for it."),
        };
    }

    private static Dictionary<string, string> ParseParams(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            return doc.RootElement.ValueKind != JsonValueKind.Object ? []
                : doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
        }
        catch (JsonException) { return []; }
    }
}
