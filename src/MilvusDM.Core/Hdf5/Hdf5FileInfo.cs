using PureHDF;
using PureHDF.VOL.Native;

namespace MilvusDM.Core.Hdf5;

/// <summary>One dataset of an HDF5 file.</summary>
public sealed record Hdf5DatasetInfo(string Name, IReadOnlyList<ulong> Shape, string TypeClass, int TypeSize, string Layout, IReadOnlyList<ulong> Chunks);

/// <summary>What an HDF5 file holds and which layout was recognised (Get-Hdf5Info).</summary>
public sealed record Hdf5FileInfo(string Path, long FileSize, Hdf5Layout Layout, IReadOnlyList<Hdf5DatasetInfo> Datasets, string? Distance, string? MilvusMetric)
{
    public static Hdf5FileInfo Read(string path)
    {
        using var file = Hdf5Files.Open(path);
        foreach (var d in file.Children().OfType<IH5Dataset>()) Hdf5Files.ProbeEnd(d, path);   // a truncated file is not "fine"
        var datasets = file.Children().OfType<IH5Dataset>().Select(d => new Hdf5DatasetInfo(
            d.Name, d.Space.Dimensions, d.Type.Class.ToString(), (int)d.Type.Size, d.Layout.Class.ToString(),
            d.Layout.Class == H5DataLayoutClass.Chunked ? ((NativeDataset)d).Layout.Chunks.Select(c => (ulong)c).ToArray() : [])).ToArray();
        var names = datasets.Select(d => d.Name).ToHashSet();
        var layout = names.Contains("embeddings") ? Hdf5Layout.MilvusDM : names.Contains("train") ? Hdf5Layout.AnnBenchmarks : Hdf5Layout.Unknown;
        string? distance = Hdf5Files.StringAttribute(file, "distance");
        return new Hdf5FileInfo(path, new FileInfo(path).Length, layout, datasets, distance, Hdf5VectorSource.MetricFromAttribute(distance));
    }
}
