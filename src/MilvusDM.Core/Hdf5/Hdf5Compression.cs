namespace MilvusDM.Core.Hdf5;

/// <summary>How <see cref="Hdf5FileWriter"/> stores numeric datasets. Text datasets are never compressed.</summary>
public enum Hdf5Compression
{
    /// <summary>Contiguous and uncompressed: the fastest to write and read.</summary>
    None,

    /// <summary>Chunked, shuffle + deflate (h5py <c>compression='gzip', shuffle=True</c>): readable by every HDF5 tool.</summary>
    Gzip,

    /// <summary>Chunked, shuffle + LZF (h5py <c>compression='lzf', shuffle=True</c>): faster, smaller gain; h5py and MilvusDM read it.</summary>
    Lzf,
}
