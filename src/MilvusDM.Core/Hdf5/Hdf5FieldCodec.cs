using System.Globalization;
using System.Text.Json;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Hdf5;

/// <summary>How one field is stored in the files MilvusDM writes, and the dataset that holds it.</summary>
internal enum Hdf5Storage
{
    /// <summary>2-D float32 rows (FloatVector).</summary>
    Float32Rows,
    /// <summary>2-D uint8 rows (Binary, Float16, BFloat16 and Int8 vectors: their raw bytes).</summary>
    ByteRows,
    /// <summary>1-D int64 (every integer width; Timestamptz as µs since 1970-01-01 UTC).</summary>
    Int64,
    /// <summary>1-D float64 (Float and Double).</summary>
    Float64,
    /// <summary>1-D uint8, 0 or 1.</summary>
    Bool,
    /// <summary>1-D UTF-8 strings (VarChar, Text, JSON, Geometry as WKT, $meta).</summary>
    Text,
    /// <summary>1-D UTF-8 strings holding JSON that h5py users can read: arrays as JSON arrays, sparse rows as {"index": value},
    /// struct arrays member-wise as {"member": [elements], "vector member": [[...], ...]}.</summary>
    JsonEncoded,
}

/// <summary>
/// The MilvusDM file layout, one place for the writer and the reader: the primary key is <c>ids</c>, the first
/// vector field <c>embeddings</c>, every other field its own name; nullable fields have a <c>NAME.valid</c> uint8
/// dataset; Array and sparse fields are JSON text so any HDF5 reader can use them.
/// </summary>
internal static class Hdf5FieldCodec
{
    public const string IdsDataset = "ids", VectorDataset = "embeddings", DynamicDataset = "$meta";

    public static string DatasetFor(CollectionSpec spec, FieldSpec f) =>
        f.IsPrimaryKey ? IdsDataset : ReferenceEquals(f, spec.VectorFields.FirstOrDefault()) ? VectorDataset : f.Name;

    public static string ValidDatasetFor(string dataset) => dataset + ".valid";

    public static (Hdf5Storage Storage, int Width) StorageOf(FieldSpec f) => f.DataType switch
    {
        MilvusDataType.FloatVector => (Hdf5Storage.Float32Rows, f.Dimension ?? 0),
        MilvusDataType.BinaryVector or MilvusDataType.Float16Vector or MilvusDataType.BFloat16Vector or MilvusDataType.Int8Vector =>
            (Hdf5Storage.ByteRows, f.DataType.BytesPerRow(f.Dimension ?? 0)),
        MilvusDataType.Bool => (Hdf5Storage.Bool, 1),
        MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32 or MilvusDataType.Int64 or MilvusDataType.Timestamptz => (Hdf5Storage.Int64, 1),
        MilvusDataType.Float or MilvusDataType.Double => (Hdf5Storage.Float64, 1),
        MilvusDataType.VarChar or MilvusDataType.String or MilvusDataType.Json or MilvusDataType.Text or MilvusDataType.Geometry => (Hdf5Storage.Text, 1),
        MilvusDataType.Array or MilvusDataType.SparseFloatVector or MilvusDataType.ArrayOfStruct => (Hdf5Storage.JsonEncoded, 1),
        _ => throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "Hdf5UnsupportedField",
            $"Field '{f.Name}' of type {f.DataType} cannot be written to HDF5.", "Leave the field out of the export."),
    };

    /// <summary>Array and sparse values as JSON text; a null row is the empty string (its .valid entry says null).</summary>
    public static string[] EncodeJson(ColumnData column)
    {
        var text = new string[column.RowCount];
        for (int i = 0; i < text.Length; i++)
        {
            if (column.IsNull(i)) { text[i] = ""; continue; }
            text[i] = column switch
            {
                SparseVectorColumn s => JsonSerializer.Serialize(s.DecodeRow(i).ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value)),
                ScalarColumn<Array> a => JsonSerializer.Serialize(a.Values[i], a.Values[i]!.GetType()),
                StructArrayColumn s => s.RowJson(i),
                _ => throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5ColumnMismatch",
                    $"Column '{column.Name}' ({column.DataType}) cannot be stored as JSON text.", "Every batch must have the schema of the first."),
            };
        }
        return text;
    }

    /// <summary>Reads back what <see cref="EncodeJson"/> wrote, into the column type of the field.</summary>
    public static ColumnData DecodeJson(FieldSpec f, string[] text, bool[]? validity, string file)
    {
        try
        {
            if (f.DataType == MilvusDataType.SparseFloatVector)
            {
                var rows = new byte[text.Length][];
                for (int i = 0; i < rows.Length; i++)
                    rows[i] = string.IsNullOrEmpty(text[i]) ? [] : SparseVectorColumn.EncodeRow(
                        JsonSerializer.Deserialize<Dictionary<string, float>>(text[i])!.Select(p => KeyValuePair.Create(uint.Parse(p.Key, CultureInfo.InvariantCulture), p.Value)));
                return new SparseVectorColumn(f.Name, rows, validity);
            }
            if (f.DataType == MilvusDataType.ArrayOfStruct) return StructArrayColumn.FromJson(f, text);
            var type = ArrayClrType(f.ElementType);
            var values = new Array?[text.Length];
            for (int i = 0; i < values.Length; i++)
                values[i] = string.IsNullOrEmpty(text[i]) ? null : (Array)JsonSerializer.Deserialize(text[i], type)!;
            return new ScalarColumn<Array>(f.Name, MilvusDataType.Array, values!, validity, f.ElementType);
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException)
        {
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5FieldNotDecodable",
                $"HDF5 file '{file}': field '{f.Name}' ({f.DataType}) holds a value that is not the JSON MilvusDM writes: {e.Message}", "Check the file; it was changed after MilvusDM wrote it.");
        }
    }

    private sealed record IndexJson(string field, string name, string type, string metric, Dictionary<string, string> @params);

    /// <summary>The source's index definitions, so an import recreates them.</summary>
    public static string IndexesToJson(IEnumerable<IndexSpec> indexes) =>
        JsonSerializer.Serialize(indexes.Select(i => new IndexJson(i.FieldName, i.IndexName, i.IndexType, i.MetricType, new Dictionary<string, string>(i.Params))));

    public static IReadOnlyList<IndexSpec> IndexesFromJson(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        try
        {
            return JsonSerializer.Deserialize<IndexJson[]>(json)!.Select(i => new IndexSpec
            {
                FieldName = i.field, IndexName = i.name ?? "", IndexType = i.type, MetricType = i.metric ?? "", Params = i.@params ?? [],
            }).ToArray();
        }
        catch (JsonException) { return []; }   // damaged: the import falls back to its default index
    }

    /// <summary>The row type an Array column holds per element type (as the Milvus client produces them).</summary>
    public static Type ArrayClrType(MilvusDataType element)
    {
        try { return ArrayTypes.ClrRowType(element); }
        catch (ArgumentOutOfRangeException)
        {
            throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "Hdf5UnsupportedField", $"Array element type {element} is not supported.", "Leave the field out.");
        }
    }
}
