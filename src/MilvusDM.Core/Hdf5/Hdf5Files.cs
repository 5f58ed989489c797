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

    /// <summary>Dataset names at the root of the file (groups are not searched).</summary>
    public static IReadOnlyList<string> DatasetNames(NativeFile file) =>
        file.Children().OfType<IH5Dataset>().Select(d => d.Name).ToArray();

    public static IH5Dataset Dataset(NativeFile file, string path, string name, string role) =>
        DatasetNames(file).Contains(name) ? file.Dataset(name)
        : throw new MilvusDMException(MilvusDMErrorKind.NotFound, "Hdf5DatasetNotFound",
            $"HDF5 file '{path}' has no dataset '{name}' ({role}). It has: {string.Join(", ", DatasetNames(file))}.",
            "Name the dataset with -Dataset / -IdDataset, or use a file in the MilvusDM (embeddings, ids) or ann-benchmarks (train, test) layout.");

    /// <summary>A string attribute of the root group, or null.</summary>
    public static string? StringAttribute(NativeFile file, string name)
    {
        var attribute = file.Attributes().FirstOrDefault(a => a.Name == name);
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
            switch (dataset.Type.Class, dataset.Type.Size)
            {
                case (H5DataTypeClass.FloatingPoint, 4): dataset.Read<float[]>(fileSelection: last); break;
                case (H5DataTypeClass.FloatingPoint, 8): dataset.Read<double[]>(fileSelection: last); break;
                case (H5DataTypeClass.FixedPoint, 1): dataset.Read<byte[]>(fileSelection: last); break;
                case (H5DataTypeClass.FixedPoint, 2): dataset.Read<short[]>(fileSelection: last); break;
                case (H5DataTypeClass.FixedPoint, 4): dataset.Read<int[]>(fileSelection: last); break;
                case (H5DataTypeClass.FixedPoint, 8): dataset.Read<long[]>(fileSelection: last); break;
                case (H5DataTypeClass.String, _) or (H5DataTypeClass.VariableLength, _): dataset.Read<string[]>(fileSelection: last); break;
            }
        }
        catch (Exception e) when (e is not MilvusDMException)
        {
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5FileTruncated",
                $"HDF5 file '{path}' ends before its dataset '{dataset.Name}' does ({e.Message}): it is truncated or damaged.",
                "Copy the file again from where it came from.");
        }
    }
}
