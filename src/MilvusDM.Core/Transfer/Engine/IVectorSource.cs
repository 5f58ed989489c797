using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>Where vectors come from: a Faiss file, HDF5 files, a Milvus collection, a Milvus 1.x folder, the pipeline…</summary>
public interface IVectorSource
{
    /// <summary>Stable identity (e.g. full path + size + mtime) under which checkpoints are kept.</summary>
    string Identity { get; }

    /// <summary>Human-readable description for results and progress.</summary>
    string Description { get; }

    /// <summary>The schema the source produces; reads headers only.</summary>
    Task<CollectionSpec> DescribeAsync(CancellationToken ct);

    /// <summary>Total rows when known (after <see cref="DescribeAsync"/>), else null.</summary>
    long? TotalRows { get; }

    /// <summary>Streams batches of at most <paramref name="batchRows"/> rows, starting after <paramref name="resumeAfter"/> when given.</summary>
    IAsyncEnumerable<VectorBatch> ReadAsync(SourcePosition? resumeAfter, int batchRows, CancellationToken ct);
}

/// <summary>A source with things to tell about what it read (a collection loaded to read it, lossy vectors…); the engine adds them to the result.</summary>
public interface ISourceNotes
{
    IReadOnlyList<string> Notes { get; }
}
