using PureHDF;
using PureHDF.VOL.Native;

namespace MilvusDM.Core.Hdf5;

/// <summary>One dataset of an HDF5 file: <see cref="Name"/> is its path from the root ("train", "data/embeddings").</summary>
public sealed record Hdf5DatasetInfo(string Name, IReadOnlyList<ulong> Shape, string TypeClass, int TypeSize, string Layout, IReadOnlyList<ulong> Chunks)
{
    /// <summary>The element type as h5py names it (int64, big-endian float32, …), or null for strings and other classes.</summary>
    public string? ElementType { get; init; }

    /// <summary>The filters its data passes through, e.g. shuffle, deflate, lzf.</summary>
    public IReadOnlyList<string> Filters { get; init; } = [];
}

/// <summary>What an HDF5 file holds and which layout was recognised (Get-Hdf5Info).</summary>
public sealed record Hdf5FileInfo(string Path, long FileSize, Hdf5Layout Layout, IReadOnlyList<Hdf5DatasetInfo> Datasets, string? Distance, string? MilvusMetric)
{
    public static Hdf5FileInfo Read(string path)
    {
        using var file = Hdf5Files.Open(path);
        var all = Hdf5Files.AllDatasets(file);
        // A truncated file is not "fine"; a dataset behind a filter we cannot decode is listed with it, not read.
        foreach (var (name, d) in all)
        {
            try { Hdf5Filters.CheckReadable(d, name, path); }
            catch (Errors.MilvusDMException) { continue; }
            Hdf5Files.ProbeEnd(d, path);
        }
        var datasets = all.Select(p => new Hdf5DatasetInfo(
            p.Path, p.Dataset.Space.Dimensions, p.Dataset.Type.Class.ToString(), (int)p.Dataset.Type.Size, p.Dataset.Layout.Class.ToString(),
            p.Dataset.Layout.Class == H5DataLayoutClass.Chunked ? ((NativeDataset)p.Dataset).Layout.Chunks.Select(c => (ulong)c).ToArray() : [])
        {
            ElementType = Hdf5Number.Of(p.Dataset)?.ToString(),
            Filters = Hdf5Internals.Filters(p.Dataset).Select(f => Hdf5Filters.NameOf(f.Id, f.Name)).ToArray(),
        }).ToArray();
        var (layout, _, group) = Hdf5LayoutFinder.Find(file);
        string? distance = Hdf5Files.StringAttribute(file, "distance") ?? Hdf5Files.StringAttribute(group, "distance");
        return new Hdf5FileInfo(path, new FileInfo(path).Length, layout, datasets, distance, Hdf5VectorSource.MetricFromAttribute(distance));
    }
}
