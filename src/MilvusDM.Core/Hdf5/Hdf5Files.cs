using MilvusDM.Core.Errors;
using PureHDF;
using PureHDF.VOL.Native;

namespace MilvusDM.Core.Hdf5;

/// <summary>Opening HDF5 files safely and naming their datasets.</summary>
internal static class Hdf5Files
{
    private static readonly byte[] Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Opens a file for reading. The signature is checked first: PureHDF searches a headerless file for a superblock
    /// and never returns on files over 2 GiB (purehdf.md §2.5).
    /// </summary>
    public static NativeFile Open(string path)
    {
        Hdf5Filters.EnsureRegistered();
        if (!File.Exists(path))
            throw new MilvusDMException(MilvusDMErrorKind.NotFound, "Hdf5FileNotFound", $"HDF5 file '{path}' does not exist.", "Check the path.");
        var head = new byte[8];
        using (var s = File.OpenRead(path))
            if (s.Read(head, 0, 8) != 8 || !head.AsSpan().SequenceEqual(Signature))
                throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5NotAnHdf5File",
                    $"'{path}' is not an HDF5 file (no HDF5 signature at its start).", "Pass an .h5/.hdf5 file written by h5py, HDF5 or MilvusDM.");
        try
        {
            return H5File.OpenRead(path);
        }
        catch (Exception e) when (e is not MilvusDMException)
        {
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5FileCorrupt", $"HDF5 file '{path}' cannot be read: {e.Message}", "Check that the file is complete.", e);
        }
    }

    /// <summary>Dataset names directly in a group (the root by default), not in its subgroups.</summary>
    public static IReadOnlyList<string> DatasetNames(IH5Group group) =>
        group.Children().OfType<IH5Dataset>().Select(d => d.Name).ToArray();

    /// <summary>Every dataset of the file by its path from the root ("train", "data/embeddings"), in the file's order.</summary>
    public static IReadOnlyList<(string Path, IH5Dataset Dataset)> AllDatasets(NativeFile file)
    {
        var found = new List<(string, IH5Dataset)>();
        void Walk(IH5Group group, string prefix, int depth)
        {
            foreach (var child in group.Children())
            {
                if (child is IH5Dataset d) found.Add((prefix + d.Name, d));
                else if (child is IH5Group g && depth < 8) Walk(g, prefix + g.Name + "/", depth + 1);   // hard links can make cycles
            }
        }
        Walk(file, "", 0);
        return found;
    }

    /// <summary>"/data/embeddings" and "data/embeddings" both name the dataset embeddings in the group data.</summary>
    public static string Normalize(string name) => name.Trim('/');

    /// <summary>The dataset at a path, or null when the path leads nowhere or to a group.</summary>
    public static IH5Dataset? TryDataset(IH5Group group, string name)
    {
        string p = Normalize(name);
        try { return p.Length > 0 && group.LinkExists(p) ? group.Get(p) as IH5Dataset : null; }
        catch (Exception e) when (e is not MilvusDMException) { return null; }   // a missing intermediate group
    }

    /// <summary>The dataset the options or the layout name, checked to be readable (its filters) before anything is imported.</summary>
    public static IH5Dataset Dataset(NativeFile file, string path, string name, string role)
    {
        var ds = TryDataset(file, name) ?? throw new MilvusDMException(MilvusDMErrorKind.NotFound, "Hdf5DatasetNotFound",
            $"HDF5 file '{path}' has no dataset '{name}' ({role}). It has: {string.Join(", ", AllDatasets(file).Select(d => d.Path))}.",
            "Name the dataset with {Dataset} / {IdDataset} (a path such as /group/name for one inside a group), or use a file in the MilvusDM (embeddings, ids) or ann-benchmarks (train, test) layout.");
        Hdf5Filters.CheckReadable(ds, Normalize(name), path);
        return ds;
    }

    /// <summary>A string attribute of the root group (or another object), or null.</summary>
    public static string? StringAttribute(IH5Object owner, string name)
    {
        var attribute = owner.Attributes().FirstOrDefault(a => a.Name == name);
        if (attribute is null) return null;
        try { return attribute.Read<string>(); }
        catch (Exception) { return null; }
    }

    /// <summary>
    /// Reads the last row of a dataset, so a file cut short (a copy or download stopped part way) is found before
    /// anything is written, not after part of it was.
    /// </summary>
    public static void ProbeEnd(IH5Dataset dataset, string path)
    {
        var dims = dataset.Space.Dimensions;
        if (dims.Length is 0 or > 2 || dims[0] == 0) return;
        var last = dims.Length == 1
            ? new PureHDF.Selections.HyperslabSelection(start: dims[0] - 1, block: 1)
            : new PureHDF.Selections.HyperslabSelection(rank: 2, starts: [dims[0] - 1, 0], blocks: [1, dims[1]]);
        try
        {
            switch (dataset.Type.Class)
            {
                case H5DataTypeClass.FloatingPoint or H5DataTypeClass.FixedPoint: dataset.Read<byte[]>(fileSelection: last); break;   // raw: any width, either byte order
                case H5DataTypeClass.String or H5DataTypeClass.VariableLength: dataset.Read<string[]>(fileSelection: last); break;
            }
        }
        catch (Exception e) when (e is not MilvusDMException && e.Message.StartsWith("Could not find filter", StringComparison.Ordinal))
        {
            throw Hdf5Filters.Unsupported(dataset.Name, path, $"PureHDF reports missing ({e.Message})");   // a filter Hdf5Filters.CheckReadable did not know to refuse
        }
        catch (Exception e) when (e is not MilvusDMException)
        {
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5FileTruncated",
                $"HDF5 file '{path}' ends before its dataset '{dataset.Name}' does ({e.Message}): it is truncated or damaged.",
                "Copy the file again from where it came from.");
        }
    }
}
