using PureHDF;
using PureHDF.VOL.Native;

namespace MilvusDM.Core.Hdf5;

/// <summary>
/// Recognises the MilvusDM (<c>embeddings</c>, <c>ids</c>) and ann-benchmarks (<c>train</c>, <c>test</c>) layouts at the
/// root, or one group down when that group is the file's only top-level object (e.g. <c>/data/embeddings</c>).
/// </summary>
internal static class Hdf5LayoutFinder
{
    /// <summary>The layout and the group holding it: "" for the root, else "NAME/".</summary>
    public static (Hdf5Layout Layout, string Prefix, IH5Group Group) Find(NativeFile file)
    {
        var layout = Of(Hdf5Files.DatasetNames(file));
        if (layout != Hdf5Layout.Unknown) return (layout, "", file);
        var top = file.Children().ToArray();
        if (top is [IH5Group only] && Of(Hdf5Files.DatasetNames(only)) is var inner && inner != Hdf5Layout.Unknown)
            return (inner, only.Name + "/", only);
        return (Hdf5Layout.Unknown, "", file);
    }

    private static Hdf5Layout Of(IReadOnlyList<string> names) =>
        names.Contains("embeddings") ? Hdf5Layout.MilvusDM : names.Contains("train") ? Hdf5Layout.AnnBenchmarks : Hdf5Layout.Unknown;
}
