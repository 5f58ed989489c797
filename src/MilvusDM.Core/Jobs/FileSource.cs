using MilvusDM.Core.Faiss;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Jobs;

/// <summary>
/// A kind of file a job reads: how to open one for the transfer, and again for verification. Adding a file format
/// means a reader, its <see cref="IVectorSource"/>, its read options and one factory here.
/// </summary>
public sealed record FileSource(string Kind, Func<string, IVectorSource> Open, Func<string, IVectorSource> OpenForVerify)
{
    public static FileSource Faiss(FaissReadOptions read) =>
        new("Faiss index", f => new FaissIndexSource(f, read), f => new FaissIndexSource(f, read));

    /// <summary>Parquet files in Milvus's bulk-import layout (ours, pymilvus BulkWriter's): the schema comes from the file.</summary>
    public static FileSource Parquet() =>
        new("Parquet file", f => new Parquet.ParquetVectorSource([f]), f => new Parquet.ParquetVectorSource([f]));

    /// <summary>The .parquet files of a folder, in name order.</summary>
    public static IReadOnlyList<string> ParquetFilesIn(string folder) =>
        Directory.EnumerateFiles(folder, "*.parquet").Order(StringComparer.Ordinal).ToArray();

    // The import itself refuses repeated ids: reading a file again to verify it does not scan them twice.
    public static FileSource Hdf5(Hdf5ReadOptions read) =>
        new("HDF5 file", f => new Hdf5VectorSource(f, read), f => new Hdf5VectorSource(f, read with { AllowDuplicateIds = true }));
}
