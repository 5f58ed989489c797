using MilvusDM.Core.Model;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace MilvusDM.Core.Hdf5;

/// <summary>A scalar dataset to import: its field name, Milvus type, validity dataset (nullable fields) and path when it is not the name.</summary>
internal sealed record Hdf5Scalar(string Name, MilvusDataType Type, string? ValidDataset, string? Dataset = null);

/// <summary>Reads row ranges of 1-D datasets (ids and scalar fields) into columns.</summary>
internal static class Hdf5Columns
{
    /// <summary>Integers of any width, sign and byte order as int64.</summary>
    public static long[] ReadLongs(NativeDataset ds, long start, int n, string path)
    {
        var number = Hdf5Number.Of(ds) ?? throw new InvalidOperationException($"'{ds.Name}' is not numeric");
        return number.ToLongs(number.Read(ds, Rows(start, n), n), ds.Name, path, start);
    }

    /// <summary>A 1-D dataset as a column of the declared type; <paramref name="valid"/> (uint8, 0 = null) marks nulls.</summary>
    public static ColumnData ReadScalar(NativeDataset ds, string name, MilvusDataType type, long start, int n, string path, NativeDataset? valid = null)
    {
        var selection = Rows(start, n);
        bool[]? validity = valid?.Read<byte[]>(fileSelection: selection).Select(b => b != 0).ToArray();
        double[] Doubles()
        {
            var number = Hdf5Number.Of(ds)!.Value;
            return number.ToDoubles(number.Read(ds, selection, n), ds.Name, path, start);
        }
        return type switch
        {
            MilvusDataType.Int64 or MilvusDataType.Timestamptz => new ScalarColumn<long>(name, type, ReadLongs(ds, start, n, path), validity),
            MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32 => new ScalarColumn<int>(name, type, ReadLongs(ds, start, n, path).Select(v => (int)v).ToArray(), validity),
            MilvusDataType.Bool => new ScalarColumn<bool>(name, type, ReadLongs(ds, start, n, path).Select(v => v != 0).ToArray(), validity),
            MilvusDataType.Double => new ScalarColumn<double>(name, type, Doubles(), validity),
            MilvusDataType.Float => new ScalarColumn<float>(name, type, Doubles().Select(v => (float)v).ToArray(), validity),
            _ => new ScalarColumn<string>(name, type is MilvusDataType.Json or MilvusDataType.Text or MilvusDataType.Geometry ? type : MilvusDataType.VarChar,
                ds.Read<string[]>(fileSelection: selection), validity),
        };
    }

    private static HyperslabSelection Rows(long start, int n) => new(start: (ulong)start, block: (ulong)n);
}
