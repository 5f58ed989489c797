using MilvusDM.Core.Model;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace MilvusDM.Core.Hdf5;

/// <summary>A scalar dataset to import: its field name, Milvus type and validity dataset (nullable fields).</summary>
internal sealed record Hdf5Scalar(string Name, MilvusDataType Type, string? ValidDataset);

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

    /// <summary>A 1-D dataset as a column of the declared type; <paramref name="valid"/> (uint8, 0 = null) marks nulls.</summary>
    public static ColumnData ReadScalar(NativeDataset ds, string name, MilvusDataType type, long start, int n, NativeDataset? valid = null)
    {
        var selection = new HyperslabSelection(start: (ulong)start, block: (ulong)n);
        bool[]? validity = valid?.Read<byte[]>(fileSelection: selection).Select(b => b != 0).ToArray();
        double[] Doubles() => ds.Type.Class == H5DataTypeClass.FloatingPoint && ds.Type.Size == 4
            ? ds.Read<float[]>(fileSelection: selection).Select(v => (double)v).ToArray()
            : ds.Type.Class == H5DataTypeClass.FloatingPoint ? ds.Read<double[]>(fileSelection: selection) : ReadLongs(ds, start, n).Select(v => (double)v).ToArray();
        return type switch
        {
            MilvusDataType.Int64 or MilvusDataType.Timestamptz => new ScalarColumn<long>(name, type, ReadLongs(ds, start, n), validity),
            MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32 => new ScalarColumn<int>(name, type, ReadLongs(ds, start, n).Select(v => (int)v).ToArray(), validity),
            MilvusDataType.Bool => new ScalarColumn<bool>(name, type, ReadLongs(ds, start, n).Select(v => v != 0).ToArray(), validity),
            MilvusDataType.Double => new ScalarColumn<double>(name, type, Doubles(), validity),
            MilvusDataType.Float => new ScalarColumn<float>(name, type, Doubles().Select(v => (float)v).ToArray(), validity),
            _ => new ScalarColumn<string>(name, type is MilvusDataType.Json or MilvusDataType.Text or MilvusDataType.Geometry ? type : MilvusDataType.VarChar,
                ds.Read<string[]>(fileSelection: selection), validity),
        };
    }
}
