using System.Globalization;
using System.Text.Json;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;
using Parquet;
using Parquet.Schema;

namespace MilvusDM.Core.Parquet;

/// <summary>Reads one field's column of a row group back into a batch column (null rows keep a placeholder: 0, "", a zero vector, an empty array).</summary>
internal static class ParquetColumnReader
{
    public static async Task<ColumnData> ReadAsync(ParquetRowGroupReader rg, FieldSpec field, Field? column, string path, CancellationToken ct)
    {
        int rows = checked((int)rg.RowCount);
        if (column is null) return AllNull(field, rows);
        try
        {
            return (field.DataType, column) switch
            {
                (MilvusDataType.SparseFloatVector, StructField s) => await SparseFromStructsAsync(rg, field, s, ct).ConfigureAwait(false),
                (MilvusDataType.ArrayOfStruct, ListField { Item: StructField members } list) => await StructsAsync(rg, field, list, members, ct).ConfigureAwait(false),
                (_, ListField { Item: DataField item } list) when field.DataType.IsDenseVector() => Vectors(field, list, await ParquetLeaf.ReadAsync(rg, item, ct).ConfigureAwait(false)),
                (MilvusDataType.Array, ListField { Item: DataField item } list) => Arrays(field, list, await ParquetLeaf.ReadAsync(rg, item, ct).ConfigureAwait(false)),
                (_, DataField leaf) when field.DataType != MilvusDataType.Array && !field.DataType.IsDenseVector() => Scalars(field, await ParquetLeaf.ReadAsync(rg, leaf, ct).ConfigureAwait(false)),
                _ => throw new MilvusDMException(MilvusDMErrorKind.SchemaMismatch, "ParquetColumnType",
                    $"Parquet column '{field.Name}' in '{path}' is {column.SchemaType}, which cannot hold {field.DataType}.", "Check the file against the collection schema."),
            };
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidCastException or OverflowException)
        {
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "ParquetValueInvalid",
                $"Parquet column '{field.Name}' in '{path}' holds a value that is not a valid {field.DataType}: {e.Message}", "Check the file.");
        }
    }

    private static ColumnData AllNull(FieldSpec field, int rows)
    {
        if (!field.IsNullable && field.DefaultValue is null && !field.IsDynamic)
            throw new MilvusDMException(MilvusDMErrorKind.SchemaMismatch, "ParquetColumnMissing",
                $"The Parquet file has no column '{field.Name}', which is neither nullable nor defaulted.", "Check the file against the collection schema.");
        var none = new bool[rows];
        if (field.IsDynamic) return new ScalarColumn<string>(field.Name, MilvusDataType.Json, Enumerable.Repeat("{}", rows).ToArray()) { IsDynamic = true };
        return field.DataType switch
        {
            MilvusDataType.Bool => new ScalarColumn<bool>(field.Name, field.DataType, new bool[rows], none),
            MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32 => new ScalarColumn<int>(field.Name, field.DataType, new int[rows], none),
            MilvusDataType.Int64 or MilvusDataType.Timestamptz => new ScalarColumn<long>(field.Name, field.DataType, new long[rows], none),
            MilvusDataType.Float => new ScalarColumn<float>(field.Name, field.DataType, new float[rows], none),
            MilvusDataType.Double => new ScalarColumn<double>(field.Name, field.DataType, new double[rows], none),
            MilvusDataType.Array => new ScalarColumn<Array>(field.Name, field.DataType, Enumerable.Range(0, rows).Select(_ => EmptyArray(field.ElementType)).ToArray(), none, field.ElementType),
            MilvusDataType.FloatVector => new FloatVectorColumn(field.Name, field.Dimension ?? 1, new float[rows * (field.Dimension ?? 1)], none),
            MilvusDataType.SparseFloatVector => new SparseVectorColumn(field.Name, Enumerable.Range(0, rows).Select(_ => Array.Empty<byte>()).ToArray(), none),
            var t when t.IsDenseVector() => new ByteVectorColumn(field.Name, t, field.Dimension ?? 8, new byte[rows * t.BytesPerRow(field.Dimension ?? 8)], none),
            _ => new ScalarColumn<string>(field.Name, field.DataType, Enumerable.Repeat("", rows).ToArray(), none),
        };
    }

    private static ColumnData Scalars(FieldSpec field, ParquetLeaf leaf)
    {
        var index = leaf.Scalars();
        int rows = index.Length;
        var validity = index.Any(i => i < 0) ? index.Select(i => i >= 0).ToArray() : null;
        var v = leaf.Values;
        T[] Map<T>(Func<int, T> at, T empty) => index.Select(i => i >= 0 ? at(i) : empty).ToArray();
        string Text(int i) => v is ReadOnlyMemory<char>[] m ? m[i].ToString() : Convert.ToString(v.GetValue(i), CultureInfo.InvariantCulture)!;
        switch (field.DataType)
        {
            case MilvusDataType.Bool: return new ScalarColumn<bool>(field.Name, field.DataType, Map(i => Convert.ToBoolean(v.GetValue(i), CultureInfo.InvariantCulture), false), validity);
            case MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32:
                return new ScalarColumn<int>(field.Name, field.DataType, Map(i => Convert.ToInt32(v.GetValue(i), CultureInfo.InvariantCulture), 0), validity);
            case MilvusDataType.Int64: return new ScalarColumn<long>(field.Name, field.DataType, Map(i => Convert.ToInt64(v.GetValue(i), CultureInfo.InvariantCulture), 0L), validity);
            case MilvusDataType.Float: return new ScalarColumn<float>(field.Name, field.DataType, Map(i => Convert.ToSingle(v.GetValue(i), CultureInfo.InvariantCulture), 0f), validity);
            case MilvusDataType.Double: return new ScalarColumn<double>(field.Name, field.DataType, Map(i => Convert.ToDouble(v.GetValue(i), CultureInfo.InvariantCulture), 0d), validity);
            case MilvusDataType.Timestamptz: return new ScalarColumn<long>(field.Name, field.DataType, Map(i => TimestamptzMicros(Text(i)), 0L), validity);
            case MilvusDataType.SparseFloatVector: return new SparseVectorColumn(field.Name, Map(i => SparseFromJson(Text(i)), Array.Empty<byte>()), validity);
            default:
                if (field.IsDynamic) return new ScalarColumn<string>(field.Name, MilvusDataType.Json, Map(Text, "{}")) { IsDynamic = true };
                return new ScalarColumn<string>(field.Name, field.DataType, Map(Text, ""), validity);
        }
    }

    /// <summary>An ISO 8601 / RFC 3339 instant (an offset-less one is taken as UTC) → µs since 1970-01-01 UTC.</summary>
    internal static long TimestamptzMicros(string text)
    {
        var t = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return (t.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
    }

    /// <summary>{"index": value} or {"indices": [...], "values": [...]}, the two JSON forms Milvus accepts.</summary>
    internal static byte[] SparseFromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.TryGetProperty("indices", out var idx) && root.TryGetProperty("values", out var vals))
            return SparseVectorColumn.EncodeRow(idx.EnumerateArray().Zip(vals.EnumerateArray(), (i, v) => KeyValuePair.Create(i.GetUInt32(), v.GetSingle())));
        return SparseVectorColumn.EncodeRow(root.EnumerateObject().Select(p => KeyValuePair.Create(uint.Parse(p.Name, CultureInfo.InvariantCulture), p.Value.GetSingle())));
    }

    private static async Task<ColumnData> SparseFromStructsAsync(ParquetRowGroupReader rg, FieldSpec field, StructField s, CancellationToken ct)
    {
        var indicesList = (ListField)s.Fields.First(f => f.Name == "indices");
        var valuesList = (ListField)s.Fields.First(f => f.Name == "values");
        var indices = await ParquetLeaf.ReadAsync(rg, (DataField)indicesList.Item, ct).ConfigureAwait(false);
        var values = await ParquetLeaf.ReadAsync(rg, (DataField)valuesList.Item, ct).ConfigureAwait(false);
        var ir = indices.Lists(indicesList.MaxDefinitionLevel);
        var vr = values.Lists(valuesList.MaxDefinitionLevel);
        var rows = new byte[ir.Count][];
        var validity = ir.Any(r => r is null) ? ir.Select(r => r is not null).ToArray() : null;
        for (int r = 0; r < rows.Length; r++)
            rows[r] = ir[r] is { } ii && vr[r] is { } vv
                ? SparseVectorColumn.EncodeRow(ii.Zip(vv, (i, v) => KeyValuePair.Create(Convert.ToUInt32(indices.Values.GetValue(i), CultureInfo.InvariantCulture), Convert.ToSingle(values.Values.GetValue(v), CultureInfo.InvariantCulture))))
                : [];
        return new SparseVectorColumn(field.Name, rows, validity);
    }

    private static ColumnData Vectors(FieldSpec field, ListField list, ParquetLeaf leaf)
    {
        var lists = leaf.Lists(list.MaxDefinitionLevel);
        int width = field.Dimension is { } d ? VectorArrayColumn.ElementWidth(field.DataType, d) : lists.FirstOrDefault(l => l is not null)?.Length ?? 1;
        var validity = lists.Any(l => l is null) ? lists.Select(l => l is not null).ToArray() : null;
        foreach (var (l, r) in lists.Select((l, r) => (l, r)))
            if (l is not null && (l.Length != width || l.Contains(-1)))
                throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "ParquetVectorLength",
                    $"Row {r} of vector column '{field.Name}' has {l.Length} elements (or a null one); {width} expected.", "Check the file.");
        if (field.DataType == MilvusDataType.FloatVector)
            return new FloatVectorColumn(field.Name, width, Flatten(lists, width, leaf.Values as float[] ?? leaf.Values.Cast<object>().Select(o => Convert.ToSingle(o, CultureInfo.InvariantCulture)).ToArray()), validity);
        byte[] bytes = leaf.Values switch
        {
            byte[] b => b,
            sbyte[] s => Unsigned(s),
            var a => a.Cast<object>().Select(o => unchecked((byte)Convert.ToInt32(o, CultureInfo.InvariantCulture))).ToArray(),
        };
        int dim = field.Dimension ?? (field.DataType == MilvusDataType.BinaryVector ? width * 8 : field.DataType == MilvusDataType.Int8Vector ? width : width / 2);
        return new ByteVectorColumn(field.Name, field.DataType, dim, Flatten(lists, width, bytes), validity);
    }

    /// <summary>Row-aligned flat data: the file's values where rows are valid, zeros where they are null.</summary>
    private static T[] Flatten<T>(List<int[]?> lists, int width, T[] values)
    {
        if (lists.All(l => l is not null) && values.Length == lists.Count * width) return values;
        var flat = new T[lists.Count * width];
        int v = 0;
        for (int r = 0; r < lists.Count; r++)
            if (lists[r] is not null) { Array.Copy(values, v, flat, r * width, width); v += width; }
        return flat;
    }

    private static byte[] Unsigned(sbyte[] s)
    {
        var b = new byte[s.Length];
        Buffer.BlockCopy(s, 0, b, 0, s.Length);
        return b;
    }

    private static ColumnData Arrays(FieldSpec field, ListField list, ParquetLeaf leaf)
    {
        var lists = leaf.Lists(list.MaxDefinitionLevel);
        var validity = lists.Any(l => l is null) ? lists.Select(l => l is not null).ToArray() : null;
        var rows = lists.Select(l => l is null ? EmptyArray(field.ElementType) : TypedArray(field.ElementType, leaf.Values, l, field.Name)).ToArray();
        return new ScalarColumn<Array>(field.Name, MilvusDataType.Array, rows, validity, field.ElementType);
    }

    private static Array EmptyArray(MilvusDataType element) => Array.CreateInstance(ArrayTypes.ClrRowType(element).GetElementType()!, 0);

    /// <summary>The elements at <paramref name="indexes"/> as the Array row type the element type has.</summary>
    private static Array TypedArray(MilvusDataType element, Array values, int[] indexes, string field)
    {
        var type = ArrayTypes.ClrRowType(element).GetElementType()!;
        var a = Array.CreateInstance(type, indexes.Length);
        for (int k = 0; k < indexes.Length; k++)
        {
            if (indexes[k] < 0)
                throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "ParquetNullElement", $"Array column '{field}' holds a null element; Milvus arrays cannot.", "Check the file.");
            var v = values.GetValue(indexes[k])!;
            a.SetValue(v is ReadOnlyMemory<char> m ? m.ToString() : Convert.ChangeType(v, type, CultureInfo.InvariantCulture), k);
        }
        return a;
    }

    private static async Task<ColumnData> StructsAsync(ParquetRowGroupReader rg, FieldSpec field, ListField list, StructField members, CancellationToken ct)
    {
        var columns = new List<ColumnData>();
        foreach (var m in field.StructFields)
        {
            var pm = members.Fields.FirstOrDefault(f => f.Name == m.Name)
                ?? throw new MilvusDMException(MilvusDMErrorKind.SchemaMismatch, "ParquetColumnMissing", $"Struct array '{field.Name}' in the file has no member '{m.Name}'.", "Check the file against the collection schema.");
            switch (m.DataType, pm)
            {
                case (MilvusDataType.Array, DataField leafField):
                {
                    var leaf = await ParquetLeaf.ReadAsync(rg, leafField, ct).ConfigureAwait(false);
                    var lists = leaf.Lists(list.MaxDefinitionLevel);
                    columns.Add(new ScalarColumn<Array>(m.Name, MilvusDataType.Array,
                        lists.Select(l => l is null ? EmptyArray(m.ElementType) : TypedArray(m.ElementType, leaf.Values, l, $"{field.Name}[{m.Name}]")).ToArray(), null, m.ElementType));
                    break;
                }
                case (MilvusDataType.ArrayOfVector, ListField { Item: DataField leafField } inner):
                {
                    var leaf = await ParquetLeaf.ReadAsync(rg, leafField, ct).ConfigureAwait(false);
                    var rows = leaf.ListsOfLists(list.MaxDefinitionLevel, inner.MaxDefinitionLevel);
                    int dim = m.Dimension ?? rows.SelectMany(r => r).FirstOrDefault()?.Length * (m.ElementType == MilvusDataType.BinaryVector ? 8 : 1) ?? 1;
                    columns.Add(new VectorArrayColumn(m.Name, m.ElementType, dim, rows.Select(r => VectorRow(m.ElementType, leaf.Values, r)).ToArray()));
                    break;
                }
                default:
                    throw ParquetLayout.Unsupported(field.Name, $"its member '{m.Name}' is {m.DataType} in the schema but {pm.SchemaType} in the file");
            }
        }
        return new StructArrayColumn(field.Name, columns);
    }

    private static Array VectorRow(MilvusDataType type, Array values, List<int[]> vectors)
    {
        var indexes = vectors.SelectMany(v => v).ToArray();
        if (type == MilvusDataType.FloatVector)
            return indexes.Select(i => values is float[] f ? f[i] : Convert.ToSingle(values.GetValue(i), CultureInfo.InvariantCulture)).ToArray();
        return indexes.Select(i => values switch { byte[] b => b[i], sbyte[] s => unchecked((byte)s[i]), _ => Convert.ToByte(values.GetValue(i), CultureInfo.InvariantCulture) }).ToArray();
    }
}
