using MilvusDM.Core.Tests.Support;

namespace MilvusDM.Core.Tests.Hdf5;

/// <summary>The HDF5 variants users have (big-endian, lzf, groups, every integer width…), written by h5py in this run.</summary>
public sealed class Hdf5VariantFixtures() : GeneratedFixtures("make_hdf5_variants.py", "python3-h5py")
{
    public string File(string name) => Path.Combine(Dir, name + ".h5");

    public bool Has(string name) => System.IO.File.Exists(File(name));

    public float[] Floats(string name)
    {
        var bytes = VectorBytes(name);
        var floats = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, floats, 0, bytes.Length);
        return floats;
    }
}
