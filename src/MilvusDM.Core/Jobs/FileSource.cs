using MilvusDM.Core.Errors;
using MilvusDM.Core.Faiss;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Jobs;

/// <summary>
/// A kind of file a job reads: how to open one for the transfer, and again for verification; which files of a folder
/// are of this kind; and the error id of a path that names none. Adding a file format means a reader, its
/// <see cref="IVectorSource"/>, its read options and one factory here.
/// </summary>
public sealed record FileSource(string Kind, Func<string, IVectorSource> Open, Func<string, IVectorSource> OpenForVerify, string[] Extensions, string NotFoundId)
{
    public static FileSource Faiss(FaissReadOptions read) =>
        new("Faiss index", f => new FaissIndexSource(f, read), f => new FaissIndexSource(f, read), [".index"], "FaissFileNotFound");

    /// <summary>Parquet files in Milvus's bulk-import layout (ours, pymilvus BulkWriter's): the schema comes from the file.</summary>
    public static FileSource Parquet() =>
        new("Parquet file", f => new Parquet.ParquetVectorSource([f]), f => new Parquet.ParquetVectorSource([f]), [".parquet"], "ParquetFileNotFound");

    // The import itself refuses repeated ids: reading a file again to verify it does not scan them twice.
    public static FileSource Hdf5(Hdf5ReadOptions read) =>
        new("HDF5 file", f => new Hdf5VectorSource(f, read), f => new Hdf5VectorSource(f, read with { AllowDuplicateIds = true }), Hdf5Extensions, "Hdf5FileNotFound");

    public static readonly string[] Hdf5Extensions = [".h5", ".hdf5"];

    /// <summary>The files of a folder with one of <paramref name="extensions"/> (any case), in name order.</summary>
    public static IReadOnlyList<string> FilesIn(string folder, IReadOnlyList<string> extensions) =>
        Directory.EnumerateFiles(folder).Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase))).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The files of this kind in a folder, in name order.</summary>
    public IReadOnlyList<string> FilesIn(string folder) => FilesIn(folder, Extensions);

    /// <summary>The files named, or those of <paramref name="folder"/>; a folder that holds none is an error (never an import of nothing).</summary>
    public IReadOnlyList<string> FilesOf(IReadOnlyList<string> files, string? folder)
    {
        if (folder is null) return files;
        var found = FilesIn(folder);
        if (found.Count == 0)
            throw new MilvusDMException(MilvusDMErrorKind.NotFound, NotFoundId, $"Folder '{folder}' holds no {string.Join(" or ", Extensions)} file.", "Check the folder the step names (directory; data_dir in the old form).");
        return found;
    }
}
