using MilvusDM.Core.Model;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace MilvusDM.Core.Hdf5;

/// <summary>Reads row ranges of 1-D datasets (ids and scalar fields) into columns.</summary>
internal static class Hdf5Columns
{
    public static long[] ReadLongs(NativeDataset ds, long start, int n)
    {
        var selection = new HyperslabSelection(start: (ulong)start, block: (ulong)n);
        return ds.Type.Size switch
        {
            8 => ds.Read<long[]>(fileSelection: selection),
            4 => ds.Read<int[]>(fileSelection: selection).Select(v => (long)v).ToArray(),
            2 => ds.Read<short[]>(fileSelection: selection).Select(v => (long)v).ToArray(),
            _ => ds.Read<sbyte[]>(fileSelection: selection).Select(v => (long)v).ToArray(),
        };
    }

    public static ColumnData ReadScalar(NativeDataset ds, string name, MilvusDataType type, long start, int n)
    {
        var selection = new HyperslabSelection(start: (ulong)start, block: (ulong)n);
        return type switch
        {
            MilvusDataType.Int64 => new ScalarColumn<long>(name, type, ReadLongs(ds, start, n)),
            MilvusDataType.Double => new ScalarColumn<double>(name, type, ds.Type.Size == 8
                ? ds.Read<double[]>(fileSelection: selection)
                : ds.Read<float[]>(fileSelection: selection).Select(v => (double)v).ToArray()),
            _ => new ScalarColumn<string>(name, MilvusDataType.VarChar, ds.Read<string[]>(fileSelection: selection)),
        };
    }
}
