using MilvusDM.Core.Errors;
using PureHDF;
using PureHDF.Filters;

namespace MilvusDM.Core.Hdf5;

/// <summary>The HDF5 filters MilvusDM reads: PureHDF's own plus our LZF, registered once before any file is opened.</summary>
internal static class Hdf5Filters
{
    // PureHDF decodes deflate, shuffle, fletcher32 and scale-offset itself; LZF is ours.
    private static readonly HashSet<ushort> Readable = [DeflateFilter.Id, ShuffleFilter.Id, Fletcher32Filter.Id, ScaleOffsetFilter.Id, Hdf5LzfFilter.Id];

    static Hdf5Filters() => H5Filter.Register(new Hdf5LzfFilter());   // a static constructor runs once, whichever thread comes first

    public static void EnsureRegistered() { }

    /// <summary>Refuses a dataset whose data passes through a filter we cannot undo (SZIP, N-bit, a plugin), naming both.</summary>
    public static void CheckReadable(IH5Dataset ds, string dataset, string path)
    {
        foreach (var (id, name) in Hdf5Internals.Filters(ds))
            if (!Readable.Contains(id))
                throw Unsupported(dataset, path, $"'{NameOf(id, name)}' (HDF5 filter id {id})");
    }

    public static MilvusDMException Unsupported(string dataset, string path, string filter) =>
        new(MilvusDMErrorKind.Unsupported, "Hdf5FilterUnsupported",
            $"HDF5 dataset '{dataset}' in '{path}' is stored through the filter {filter}, which MilvusDM cannot decode (it reads gzip, lzf, shuffle, fletcher32 and scale-offset); nothing was imported.",
            "Rewrite the dataset without it or with gzip or lzf, e.g. with h5py or h5repack -f GZIP=4.");

    /// <summary>A filter's name: HDF5's own filters (ids below 256) store none in the file.</summary>
    public static string NameOf(ushort id, string stored) => stored.Length > 0 ? stored : id switch
    {
        1 => "deflate", 2 => "shuffle", 3 => "fletcher32", 4 => "szip", 5 => "nbit", 6 => "scaleoffset",
        307 => "bzip2", 32000 => "lzf", 32001 => "blosc", 32004 => "lz4", 32015 => "zstd", _ => $"filter {id}",
    };
}
