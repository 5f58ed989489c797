namespace MilvusDM.Core.Faiss;

/// <summary>Metrics as Faiss numbers them (MetricType enum).</summary>
public static class FaissMetric
{
    public const int InnerProduct = 0, L2 = 1;

    public static string Name(int metric) => metric switch
    {
        0 => "INNER_PRODUCT", 1 => "L2", 2 => "L1", 3 => "Linf", 4 => "Lp", 20 => "Canberra", 21 => "BrayCurtis",
        22 => "JensenShannon", 23 => "Jaccard", 24 => "NaNEuclidean", 25 => "ABS_INNER_PRODUCT/GOWER", _ => $"metric {metric}",
    };
}

/// <summary>How much of the original vectors a file still holds.</summary>
public enum FaissRecoverability { Exact, Approximate, Transformed, None }

/// <summary>A parsed index object. Bulk data is not held: nodes record where it is in the file.</summary>
internal abstract record FaissNode(string Fourcc, int Dimension, long NTotal, int Metric)
{
    public virtual bool IsBinary => false;
    public abstract string TypeName { get; }
}

/// <summary>IndexFlat (IxF2/IxFI/IxFl): rows of d float32 at DataOffset.</summary>
internal sealed record FlatNode(string Fourcc, int Dimension, long NTotal, int Metric, long DataOffset) : FaissNode(Fourcc, Dimension, NTotal, Metric)
{
    public override string TypeName => "IndexFlat";
}

/// <summary>IndexFlatPanorama (IxFP/IxFp): level-major interleaved batches of rows.</summary>
internal sealed record PanoramaFlatNode(string Fourcc, int Dimension, long NTotal, int Metric, long CodesOffset, int Levels, int BatchSize) : FaissNode(Fourcc, Dimension, NTotal, Metric)
{
    public override string TypeName => "IndexFlatPanorama";
}

/// <summary>IndexBinaryFlat (IBxF): rows of d/8 bytes.</summary>
internal sealed record BinaryFlatNode(string Fourcc, int Dimension, long NTotal, long DataOffset) : FaissNode(Fourcc, Dimension, NTotal, FaissMetric.L2)
{
    public override bool IsBinary => true;
    public override string TypeName => "IndexBinaryFlat";
}

/// <summary>IndexIDMap(2) and the binary variants: external id = id_map[internal].</summary>
internal sealed record IdMapNode(string Fourcc, int Dimension, long NTotal, int Metric, FaissNode Inner, long IdsOffset) : FaissNode(Fourcc, Dimension, NTotal, Metric)
{
    public override bool IsBinary => Inner.IsBinary;
    public override string TypeName => Inner.IsBinary ? "IndexBinaryIDMap" : "IndexIDMap";
}

/// <summary>Scalar quantizer parameters.</summary>
internal sealed record SqCodec(int QType, int Dimension, int CodeSize, float[] Trained);

/// <summary>Product quantizer parameters.</summary>
internal sealed record PqCodec(int Dimension, int M, int NBits, float[] Centroids)
{
    public int CodeSize => (M * NBits + 7) / 8;
    public int KSub => 1 << NBits;
    public int DSub => Dimension / M;
}

/// <summary>IndexScalarQuantizer (IxSQ): one code per row.</summary>
internal sealed record SqNode(string Fourcc, int Dimension, long NTotal, int Metric, SqCodec Codec, long CodesOffset) : FaissNode(Fourcc, Dimension, NTotal, Metric)
{
    public override string TypeName => "IndexScalarQuantizer";
}

/// <summary>IndexPQ (IxPq…): one code per row.</summary>
internal sealed record PqNode(string Fourcc, int Dimension, long NTotal, int Metric, PqCodec Codec, long CodesOffset) : FaissNode(Fourcc, Dimension, NTotal, Metric)
{
    public override string TypeName => "IndexPQ";
}

/// <summary>One inverted list: Count entries, codes then ids (in the index file, or in an on-disk data file).</summary>
internal sealed record InvertedList(int ListNo, long Count, long CodesOffset, long IdsOffset);

internal enum IvfKind { Flat, ScalarQuantizer, ProductQuantizer, Binary }

/// <summary>Any IVF index: quantizer, codec, lists.</summary>
internal sealed record IvfNode(string Fourcc, int Dimension, long NTotal, int Metric, long NList, FaissNode Quantizer, IvfKind Kind,
    int CodeSize, bool ByResidual, SqCodec? Sq, PqCodec? Pq, IReadOnlyList<InvertedList>? Lists, string? DataFile, long[] DedupPairs, bool IsBinaryIvf)
    : FaissNode(Fourcc, Dimension, NTotal, Metric)
{
    /// <summary>IVFPQR: the refinement PQ and where its per-vector codes start (indexed by sequential id).</summary>
    public PqCodec? RefinePq { get; init; }

    /// <summary>IVFFlatPanorama: lists store rows level-major in batches.</summary>
    public (int Levels, int BatchSize)? Panorama { get; init; }
    public long RefineCodesOffset { get; init; }

    public override bool IsBinary => IsBinaryIvf;
    public override string TypeName => Fourcc switch
    {
        "IwFl" => "IndexIVFFlat", "IwFd" => "IndexIVFFlatDedup", "IwSq" or "IwSQ" => "IndexIVFScalarQuantizer",
        "IwPQ" => "IndexIVFPQ", "IwQR" => "IndexIVFPQR", "IBwF" => "IndexBinaryIVF", "IwPn" or "IwP2" => "IndexIVFFlatPanorama", _ => "IndexIVF",
    };
}

/// <summary>HNSW (float or binary): the vectors live in the storage index (null when saved without storage).</summary>
internal sealed record HnswNode(string Fourcc, int Dimension, long NTotal, int Metric, FaissNode? Storage, bool IsBinaryHnsw) : FaissNode(Fourcc, Dimension, NTotal, Metric)
{
    public override bool IsBinary => IsBinaryHnsw;
    public override string TypeName => IsBinaryHnsw ? "IndexBinaryHNSW" : "IndexHNSW";
}

/// <summary>IndexRefine(Flat): the vectors come from the refine index.</summary>
internal sealed record RefineNode(string Fourcc, int Dimension, long NTotal, int Metric, FaissNode Base, FaissNode Refine) : FaissNode(Fourcc, Dimension, NTotal, Metric)
{
    public override string TypeName => "IndexRefine";
}

/// <summary>A linear transform y = A·x + b (or the invertibility facts of another transform).</summary>
internal sealed record TransformInfo(string Fourcc, int DIn, int DOut, float[]? A, float[]? B)
{
    /// <summary>Square with orthonormal rows: x = Aᵀ(y − b).</summary>
    public bool IsInvertible { get; init; }
}

/// <summary>IndexPreTransform: stored vectors are in the output space of the chain.</summary>
internal sealed record PreTransformNode(string Fourcc, int Dimension, long NTotal, int Metric, IReadOnlyList<TransformInfo> Chain, FaissNode Inner) : FaissNode(Fourcc, Dimension, NTotal, Metric)
{
    public override bool IsBinary => false;
    public override string TypeName => "IndexPreTransform";
}

/// <summary>A parsed index whose vectors cannot be recovered (LSH, no lists, null storage…).</summary>
internal sealed record UnrecoverableNode(string Fourcc, int Dimension, long NTotal, int Metric, string Name, string Reason, bool Binary = false) : FaissNode(Fourcc, Dimension, NTotal, Metric)
{
    public override bool IsBinary => Binary;
    public override string TypeName => Name;
}
