namespace MilvusDM.Core.Faiss;

/// <summary>What a Faiss file holds, from its headers (Get-FaissIndexInfo).</summary>
public sealed record FaissIndexInfo(string Path, long FileSize, IReadOnlyList<string> TypeChain, IReadOnlyList<string> Fourccs, int Dimension,
    long Count, string Metric, string? MilvusMetric, bool IsBinary, FaissRecoverability Recoverability, string Reason)
{
    public static FaissIndexInfo Read(string path)
    {
        var root = FaissIndexParser.Parse(path);
        var chain = FaissInspector.Chain(root).ToList();
        var (level, why) = FaissInspector.Recoverability(root);
        return new FaissIndexInfo(path, new FileInfo(path).Length, chain.Select(n => n.TypeName).ToArray(), chain.Select(n => n.Fourcc).ToArray(),
            root.Dimension, root.NTotal, root.IsBinary ? "HAMMING (binary)" : Faiss.FaissMetric.Name(root.Metric), MilvusMetricOf(root), root.IsBinary, level, why);
    }

    /// <summary>L2 → L2, inner product → IP, binary → HAMMING; null where Milvus has no equivalent.</summary>
    internal static string? MilvusMetricOf(FaissNode root) =>
        root.IsBinary ? "HAMMING" : root.Metric switch { Faiss.FaissMetric.L2 => "L2", Faiss.FaissMetric.InnerProduct => "IP", _ => null };
}
