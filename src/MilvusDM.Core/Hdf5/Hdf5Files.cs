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
}
