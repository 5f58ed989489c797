using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Faiss;

/// <summary>
/// What a collection becomes in a Faiss file: its Int64 primary key as the ids, its one float or binary vector field
/// as the flat data, the Faiss metric, and notes on what the file cannot keep. Refuses collections a Faiss file
/// cannot represent before anything is written.
/// </summary>
internal sealed record FaissExportPlan(FieldSpec Key, FieldSpec Vector, int Dimension, int Metric, IReadOnlyList<string> Notes)
{
    public bool IsBinary => Vector.DataType == MilvusDataType.BinaryVector;

    private static readonly string[] BinaryMetrics = ["JACCARD", "MHJACCARD", "SUBSTRUCTURE", "SUPERSTRUCTURE"];

    /// <param name="metric">The collection's index metric (L2, IP, COSINE; HAMMING, JACCARD… for binary), or null.</param>
    public static FaissExportPlan For(CollectionSpec spec, string? metric)
    {
        // Function outputs (e.g. BM25 sparse vectors) are derived by the server, not data: they are left out like scalars.
        var vectors = spec.VectorFields.Where(f => !f.IsFunctionOutput).ToList();
        if (vectors.Count != 1 || vectors[0].DataType is not (MilvusDataType.FloatVector or MilvusDataType.BinaryVector) || vectors[0].Dimension is not > 0)
        {
            string found = vectors.Count == 0 ? "no vector field" : "the vector fields " + string.Join(", ", vectors.Select(Describe));
            throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "FaissUnsupportedCollection",
                $"Collection '{spec.Name}' cannot be written to a Faiss file: it has {found}; a Faiss file holds exactly one FloatVector or BinaryVector field.",
                "Export this collection in another format (e.g. HDF5).");
        }
        var vector = vectors[0];
        var key = spec.PrimaryField;
        if (key.DataType != MilvusDataType.Int64)
            throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "FaissNeedsInt64Keys",
                $"Collection '{spec.Name}' cannot be written to a Faiss file: its primary key {Describe(key)} is not Int64, and Faiss ids are int64.",
                "Export this collection in another format (e.g. HDF5), or copy it into a collection with an Int64 primary key first.");

        var notes = new List<string>();
        var left = spec.Fields.Where(f => f != key && f != vector).Select(Describe).ToList();
        if (spec.EnableDynamicField) left.Add("the dynamic field ($meta)");
        if (left.Count > 0) notes.Add($"A Faiss file holds only ids and vectors: {string.Join(", ", left)} left out.");
        int faissMetric = vector.DataType == MilvusDataType.BinaryVector ? BinaryMetric(metric, notes) : FloatMetric(metric, notes);
        return new FaissExportPlan(key, vector, vector.Dimension!.Value, faissMetric, notes);
    }

    private static int FloatMetric(string? metric, List<string> notes)
    {
        switch (metric?.ToUpperInvariant())
        {
            case null or "" or "L2": return FaissMetric.L2;
            case "IP": return FaissMetric.InnerProduct;
            case "COSINE":
                // Faiss has no cosine flat index; the usual practice is IP over normalised vectors. We keep the vectors as stored.
                notes.Add("Faiss has no COSINE metric: the file is an inner-product (IP) index over the vectors as stored; normalise them (faiss.normalize_L2) to rank by cosine.");
                return FaissMetric.InnerProduct;
            default: throw UnsupportedMetric(metric!, "L2, IP or COSINE for float vectors");
        }
    }

    private static int BinaryMetric(string? metric, List<string> notes)
    {
        string? m = metric?.ToUpperInvariant();
        if (m is null or "" or "HAMMING") return FaissMetric.L2; // binary indexes always store metric 1 and search by Hamming distance
        if (!BinaryMetrics.Contains(m)) throw UnsupportedMetric(metric!, "HAMMING, JACCARD, SUBSTRUCTURE or SUPERSTRUCTURE for binary vectors");
        notes.Add($"Faiss's IndexBinaryFlat searches by Hamming distance: the collection's {m} metric is not kept in the file.");
        return FaissMetric.L2;
    }

    private static MilvusDMException UnsupportedMetric(string metric, string supported) => new(MilvusDMErrorKind.InvalidArgument, "FaissMetricUnsupported",
        $"Metric '{metric}' cannot be written to a Faiss flat index; supported: {supported}.", "Pass a supported metric type.");

    private static string Describe(FieldSpec f) => $"'{f.Name}' ({f.DataType})";
}
