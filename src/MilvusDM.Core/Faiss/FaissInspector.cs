namespace MilvusDM.Core.Faiss;

/// <summary>Describes a parsed index: type chain, recoverability and why.</summary>
internal static class FaissInspector
{
    public static IEnumerable<FaissNode> Chain(FaissNode node)
    {
        yield return node;
        var next = node switch
        {
            IdMapNode m => m.Inner,
            HnswNode h => h.Storage,
            RefineNode r => r.Refine,
            PreTransformNode p => p.Inner,
            _ => null,
        };
        if (next is not null) foreach (var n in Chain(next)) yield return n;
    }

    public static (FaissRecoverability Level, string Why) Recoverability(FaissNode node) => node switch
    {
        FlatNode or PanoramaFlatNode or BinaryFlatNode => (FaissRecoverability.Exact, "raw vectors are stored"),
        SqNode s => Sq(s.Codec),
        PqNode => (FaissRecoverability.Approximate, "product-quantized codes: the original vectors are lost, Faiss's reconstruction is available"),
        IdMapNode m => Recoverability(m.Inner),
        IvfNode { Lists: null } => (FaissRecoverability.None, "the index was saved without its inverted lists"),
        IvfNode { Kind: IvfKind.Flat or IvfKind.Binary } => (FaissRecoverability.Exact, "raw vectors are stored in the inverted lists"),
        IvfNode { Kind: IvfKind.ScalarQuantizer } v => Sq(v.Sq!),
        IvfNode => (FaissRecoverability.Approximate, "product-quantized codes: the original vectors are lost, Faiss's reconstruction is available"),
        HnswNode { Storage: null } => (FaissRecoverability.None, "the HNSW graph was saved without its storage"),
        HnswNode h => Recoverability(h.Storage!),
        RefineNode r => Recoverability(r.Refine),
        PreTransformNode p => Recoverability(p.Inner) is { Level: FaissRecoverability.None } none ? none
            : p.Chain.All(t => t.IsInvertible)
                ? (Worse(Recoverability(p.Inner).Level, FaissRecoverability.Transformed), "vectors are stored transformed; the chain is orthonormal and can be inverted (up to float rounding)")
                : (Worse(Recoverability(p.Inner).Level, FaissRecoverability.Transformed), "vectors are stored transformed (" + string.Join(", ", p.Chain.Select(t => t.Fourcc)) + "); the originals are not recoverable"),
        UnrecoverableNode u => (FaissRecoverability.None, u.Reason),
        _ => (FaissRecoverability.None, "unknown index type"),
    };

    private static (FaissRecoverability, string) Sq(SqCodec sq) => FaissCodecs.IsLossless(sq)
        ? (FaissRecoverability.Exact, $"{FaissCodecs.SqName(sq.QType)} codes are lossless for integer-valued data")
        : (FaissRecoverability.Approximate, $"{FaissCodecs.SqName(sq.QType)} codes: vectors are quantized");

    private static FaissRecoverability Worse(FaissRecoverability a, FaissRecoverability b) => (FaissRecoverability)Math.Max((int)a, (int)b);
}
