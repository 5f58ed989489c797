using Google.Protobuf;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace MilvusDM.Core.Hdf5;

/// <summary>
/// A file <see cref="Hdf5FileWriter"/> wrote: its <c>schema</c> attribute is the collection's DescribeCollection
/// JSON, so every field comes back with its type, attributes, nulls and dynamic data, and no options are needed.
/// </summary>
internal sealed class Hdf5OwnLayout
{
    private readonly IReadOnlyList<(FieldSpec Field, string Dataset, string? Valid)> _fields;
    private readonly bool _dynamic;

    private Hdf5OwnLayout(CollectionSpec spec, IReadOnlyList<(FieldSpec, string, string?)> fields, bool dynamic)
    {
        Spec = spec;
        _fields = fields;
        _dynamic = dynamic;
    }

    public CollectionSpec Spec { get; }

    /// <summary>The layout of a file MilvusDM wrote, or null for any other file (which the plain layout rules read).</summary>
    public static Hdf5OwnLayout? TryRead(NativeFile file, string path, long rows)
    {
        var json = Hdf5Files.StringAttribute(file, "schema");
        if (json is null) return null;
        CollectionSpec spec;
        try { spec = Milvus.SchemaConverter.FromJson(json); }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;   // not ours after all
        }
        var names = Hdf5Files.DatasetNames(file);
        var fields = new List<(FieldSpec, string, string?)>();
        foreach (var f in spec.Fields.Where(f => !f.IsFunctionOutput))
        {
            string dataset = Hdf5FieldCodec.DatasetFor(spec, f), valid = Hdf5FieldCodec.ValidDatasetFor(dataset);
            var ds = Hdf5Files.Dataset(file, path, dataset, $"field '{f.Name}'");
            if ((long)ds.Space.Dimensions[0] != rows)
                throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5LengthMismatch",
                    $"HDF5 dataset '{dataset}' in '{path}' has {ds.Space.Dimensions[0]} rows, but the file holds {rows}.", "The file was changed after MilvusDM wrote it; export it again.");
            fields.Add((f, dataset, names.Contains(valid) ? valid : null));
        }
        bool dynamic = spec.EnableDynamicField && names.Contains(Hdf5FieldCodec.DynamicDataset);
        spec = spec with
        {
            Indexes = Hdf5FieldCodec.IndexesFromJson(Hdf5Files.StringAttribute(file, "indexes")),
            Partitions = Hdf5Files.StringAttribute(file, "partition") is { Length: > 0 } p ? [p] : [],
        };
        return new Hdf5OwnLayout(spec, fields, dynamic);
    }

    /// <summary>Rows [start, start + n) of every field.</summary>
    public IReadOnlyList<ColumnData> ReadRows(NativeFile file, string path, long start, int n)
    {
        var rows = new HyperslabSelection(start: (ulong)start, block: (ulong)n);
        var columns = new List<ColumnData>(_fields.Count + 1);
        foreach (var (f, dataset, validName) in _fields)
        {
            var ds = (NativeDataset)file.Dataset(dataset);
            var valid = validName is null ? null : (NativeDataset)file.Dataset(validName);
            bool[]? validity = valid?.Read<byte[]>(fileSelection: rows).Select(b => b != 0).ToArray();
            if (validity is not null && Array.TrueForAll(validity, v => v)) validity = null;
            var (storage, width) = Hdf5FieldCodec.StorageOf(f);
            columns.Add(storage switch
            {
                Hdf5Storage.Float32Rows => new FloatVectorColumn(f.Name, width, Read2D<float>(ds, start, n, width), validity),
                Hdf5Storage.ByteRows => new ByteVectorColumn(f.Name, f.DataType, f.Dimension ?? 0, Read2D<byte>(ds, start, n, width), validity),
                Hdf5Storage.JsonEncoded => Hdf5FieldCodec.DecodeJson(f, ds.Read<string[]>(fileSelection: rows), validity, path),
                _ => Hdf5Columns.ReadScalar(ds, f.Name, f.DataType, start, n, path, valid),
            });
        }
        if (_dynamic)
            columns.Add(new ScalarColumn<string>(Hdf5FieldCodec.DynamicDataset, MilvusDataType.Json,
                ((NativeDataset)file.Dataset(Hdf5FieldCodec.DynamicDataset)).Read<string[]>(fileSelection: rows)) { IsDynamic = true });
        return columns;
    }

    private static T[] Read2D<T>(NativeDataset ds, long start, int n, int width) where T : unmanaged
    {
        var data = new T[n * width];
        ds.Read<T>(data, fileSelection: new HyperslabSelection(rank: 2, starts: [(ulong)start, 0], blocks: [(ulong)n, (ulong)width]));
        return data;
    }
}
