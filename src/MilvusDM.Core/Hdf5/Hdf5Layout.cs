namespace MilvusDM.Core.Hdf5;

/// <summary>How the datasets of an HDF5 file were recognised.</summary>
public enum Hdf5Layout
{
    /// <summary>MilvusDM / the old tool: <c>embeddings</c> and optional <c>ids</c>.</summary>
    MilvusDM,

    /// <summary>ann-benchmarks: <c>train</c>, <c>test</c>, <c>neighbors</c>, <c>distances</c> and a <c>distance</c> attribute.</summary>
    AnnBenchmarks,

    /// <summary>Neither: datasets must be named.</summary>
    Unknown,
}
