using System.Buffers.Binary;
using Google.Protobuf;
using Milvus.Client.Grpc;
using MilvusDM.Core.Milvus.Wire;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Milvus;

/// <summary>
/// Exact conversion between <see cref="ColumnData"/> and Milvus <c>schema.FieldData</c>.
/// Inserts carry nullable columns compacted (only valid rows) with <c>valid_data</c>; query results may
/// carry scalars full-length and vectors compacted: <see cref="FromFieldData"/> accepts both.
/// </summary>
internal static class FieldDataConverter
{
    /// <summary>
    /// The column as sent on Insert/Upsert: float vectors go out as their raw little-endian bytes, uncopied. A column
    /// of a nullable or defaulted <paramref name="field"/> always carries valid_data with one flag per row (Milvus
    /// refuses it otherwise: "the length of valid_data of field(x) is wrong"), and only its valid rows as data.
    /// </summary>
    public static FieldDataOut ToWire(ColumnData column, FieldSpec? field = null)
    {
        var fd = new FieldDataOut { FieldName = column.Name, Type = (DataType)column.DataType, IsDynamic = column.IsDynamic };
        if (column.Validity is { } validity) fd.ValidData.AddRange(validity);
        else if (field is { IsNullable: true } or { DefaultValue: not null }) fd.ValidData.AddRange(Enumerable.Repeat(true, column.RowCount));
        switch (column)
        {
            case FloatVectorColumn f:
                var floats = column.Validity is null ? f.Data : Compact(f.Data, f.Dimension, column.Validity);
                fd.Vectors = new VectorFieldOut { Dim = f.Dimension, FloatVector = new PackedFloats { Data = LittleEndianBytes(floats) } };
                break;
            case ByteVectorColumn b:
                var bytes = UnsafeByteOperations.UnsafeWrap(column.Validity is null ? b.Data : Compact(b.Data, b.BytesPerRow, column.Validity));
                fd.Vectors = new VectorFieldOut { Dim = b.Dimension };
                switch (b.DataType)
                {
                    case MilvusDataType.BinaryVector: fd.Vectors.BinaryVector = bytes; break;
                    case MilvusDataType.Float16Vector: fd.Vectors.Float16Vector = bytes; break;
                    case MilvusDataType.BFloat16Vector: fd.Vectors.Bfloat16Vector = bytes; break;
                    default: fd.Vectors.Int8Vector = bytes; break;
                }
                break;
            case SparseVectorColumn s:
                var sa = new SparseFloatArray();
                long maxIndex = -1;
                for (int i = 0; i < s.RowCount; i++)
                {
                    if (s.IsNull(i)) continue;
                    var row = s.Rows[i];
                    if (row.Length >= 8) maxIndex = Math.Max(maxIndex, BinaryPrimitives.ReadUInt32LittleEndian(row.AsSpan(row.Length - 8)));
                    sa.Contents.Add(UnsafeByteOperations.UnsafeWrap(row));
                }
                sa.Dim = maxIndex + 1;
                fd.Vectors = new VectorFieldOut { Dim = sa.Dim, SparseFloatVector = sa };
                break;
            case StructArrayColumn structs:
                fd.StructArrays = ToStructArrays(structs);
                break;
            default:
                fd.Scalars = ToScalarField(column, column.Validity);
                break;
        }
        return fd;
    }

    /// <summary>A struct array goes member by member: Array members as array_data, vector members as vector_array rows.</summary>
    private static StructArrayField ToStructArrays(StructArrayColumn column)
    {
        var sa = new StructArrayField();
        foreach (var m in column.Members)
        {
            var fd = new FieldData { FieldName = m.Name, Type = (DataType)m.DataType };
            if (m is VectorArrayColumn v)
            {
                var va = new VectorArray { Dim = v.Dimension, ElementType = (DataType)v.ElementType };
                foreach (var row in v.Rows) va.Data.Add(VectorRow(v.ElementType, v.Dimension, row));
                fd.Vectors = new VectorField { Dim = v.Dimension, VectorArray = va };
            }
            else fd.Scalars = ToScalarField(m, null);
            sa.Fields.Add(fd);
        }
        return sa;
    }

    private static VectorField VectorRow(MilvusDataType type, int dim, Array row)
    {
        var vf = new VectorField { Dim = dim };
        switch (type)
        {
            case MilvusDataType.FloatVector: vf.FloatVector = new FloatArray(); vf.FloatVector.Data.AddRange((float[])row); break;
            case MilvusDataType.BinaryVector: vf.BinaryVector = ByteString.CopyFrom((byte[])row); break;
            case MilvusDataType.Float16Vector: vf.Float16Vector = ByteString.CopyFrom((byte[])row); break;
            case MilvusDataType.BFloat16Vector: vf.Bfloat16Vector = ByteString.CopyFrom((byte[])row); break;
            default: vf.Int8Vector = ByteString.CopyFrom((byte[])row); break;
        }
        return vf;
    }

    /// <summary>A float[] viewed as little-endian bytes: no copy on little-endian machines.</summary>
    private static ByteString LittleEndianBytes(float[] floats)
    {
        if (BitConverter.IsLittleEndian)
            return UnsafeByteOperations.UnsafeWrap(new FloatBytes(floats).Memory);
        var bytes = new byte[floats.Length * 4];
        for (int i = 0; i < floats.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), floats[i]);
        return UnsafeByteOperations.UnsafeWrap(bytes);
    }

    private static ScalarField ToScalarField(ColumnData column, bool[]? validity)
    {
        var sf = new ScalarField();
        switch (column)
        {
            case ScalarColumn<bool> c: sf.BoolData = new BoolArray(); sf.BoolData.Data.AddRange(Compact(c.Values, validity)); break;
            case ScalarColumn<int> c: sf.IntData = new IntArray(); sf.IntData.Data.AddRange(Compact(c.Values, validity)); break;
            case ScalarColumn<long> c when c.DataType == MilvusDataType.Timestamptz:
                // Milvus takes Timestamptz rows only as ISO-8601 text (it stores µs UTC); µs precision keeps them exact.
                sf.StringData = new StringArray();
                foreach (var v in Compact(c.Values, validity)) sf.StringData.Data.Add(Timestamps.FormatMicros(v));
                break;
            case ScalarColumn<long> c: sf.LongData = new LongArray(); sf.LongData.Data.AddRange(Compact(c.Values, validity)); break;
            case ScalarColumn<float> c: sf.FloatData = new FloatArray(); sf.FloatData.Data.AddRange(Compact(c.Values, validity)); break;
            case ScalarColumn<double> c: sf.DoubleData = new DoubleArray(); sf.DoubleData.Data.AddRange(Compact(c.Values, validity)); break;
            case ScalarColumn<string> c when c.DataType == MilvusDataType.Json:
                sf.JsonData = new JSONArray();
                foreach (var v in Compact(c.Values, validity)) sf.JsonData.Data.Add(ByteString.CopyFromUtf8(v ?? ""));
                break;
            case ScalarColumn<string> c when c.DataType == MilvusDataType.Geometry:
                // WKT, as the SDKs send geometry; the server keeps WKB and answers WKT.
                sf.GeometryWktData = new GeometryWktArray();
                foreach (var v in Compact(c.Values, validity)) sf.GeometryWktData.Data.Add(v ?? "");
                break;
            case ScalarColumn<string> c:
                sf.StringData = new StringArray();
                foreach (var v in Compact(c.Values, validity)) sf.StringData.Data.Add(v ?? "");
                break;
            case ScalarColumn<Array> c:
                sf.ArrayData = new ArrayArray { ElementType = (DataType)c.ElementType };
                foreach (var v in Compact(c.Values, validity)) sf.ArrayData.Data.Add(ArrayCell(c.ElementType, v));
                break;
            default:
                throw new NotSupportedException($"Column '{column.Name}' of type {column.DataType} cannot be sent to Milvus.");
        }
        return sf;
    }

    private static ScalarField ArrayCell(MilvusDataType elementType, Array? value)
    {
        var cell = new ScalarField();
        switch (elementType)
        {
            case MilvusDataType.Bool: cell.BoolData = new BoolArray(); if (value is not null) cell.BoolData.Data.AddRange((bool[])value); break;
            case MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32:
                cell.IntData = new IntArray(); if (value is not null) cell.IntData.Data.AddRange((int[])value); break;
            case MilvusDataType.Int64: cell.LongData = new LongArray(); if (value is not null) cell.LongData.Data.AddRange((long[])value); break;
            case MilvusDataType.Float: cell.FloatData = new FloatArray(); if (value is not null) cell.FloatData.Data.AddRange((float[])value); break;
            case MilvusDataType.Double: cell.DoubleData = new DoubleArray(); if (value is not null) cell.DoubleData.Data.AddRange((double[])value); break;
            case MilvusDataType.VarChar or MilvusDataType.String:
                cell.StringData = new StringArray(); if (value is not null) cell.StringData.Data.AddRange((string[])value); break;
            default: throw new NotSupportedException($"Array element type {elementType} is not supported.");
        }
        return cell;
    }

    /// <summary>Converts a result column. Compacted nullable data is expanded to one slot per row.</summary>
    public static ColumnData FromFieldData(FieldData fd, int rowCount)
    {
        var type = (MilvusDataType)fd.Type;
        bool[]? validity = fd.ValidData.Count > 0 ? fd.ValidData.ToArray() : null;
        if (validity is not null && validity.Length != rowCount)
            throw new FormatException($"Field '{fd.FieldName}': valid_data has {validity.Length} entries for {rowCount} rows.");
        if (validity is not null && Array.TrueForAll(validity, v => v)) validity = null;
        ColumnData column = fd.FieldCase switch
        {
            FieldData.FieldOneofCase.Vectors => VectorFrom(fd, type, rowCount, validity),
            FieldData.FieldOneofCase.Scalars => ScalarFrom(fd.FieldName, type, fd.Scalars, rowCount, validity),
            FieldData.FieldOneofCase.StructArrays => StructFrom(fd.FieldName, fd.StructArrays, rowCount),
            _ => throw new FormatException($"Field '{fd.FieldName}' carries no data."),
        };
        return fd.IsDynamic ? Dynamic(column) : column;
    }

    private static StructArrayColumn StructFrom(string name, StructArrayField sa, int rowCount) =>
        new(name, sa.Fields.Select(m => m.FieldCase == FieldData.FieldOneofCase.Vectors && m.Vectors.DataCase == VectorField.DataOneofCase.VectorArray
            ? VectorArrayFrom(m.FieldName, m.Vectors.VectorArray, rowCount)
            : ScalarFrom(m.FieldName, (MilvusDataType)m.Type, m.Scalars ?? new ScalarField(), rowCount, null)).ToArray());

    private static VectorArrayColumn VectorArrayFrom(string name, VectorArray va, int rowCount)
    {
        if (va.Data.Count != rowCount) throw new FormatException($"Field '{name}': {va.Data.Count} vector-array rows for {rowCount} rows.");
        var type = (MilvusDataType)va.ElementType;
        var rows = va.Data.Select(v => v.DataCase switch
        {
            VectorField.DataOneofCase.FloatVector => (Array)v.FloatVector.Data.ToArray(),
            VectorField.DataOneofCase.BinaryVector => v.BinaryVector.ToByteArray(),
            VectorField.DataOneofCase.Float16Vector => v.Float16Vector.ToByteArray(),
            VectorField.DataOneofCase.Bfloat16Vector => v.Bfloat16Vector.ToByteArray(),
            VectorField.DataOneofCase.Int8Vector => v.Int8Vector.ToByteArray(),
            _ => type == MilvusDataType.FloatVector ? Array.Empty<float>() : Array.Empty<byte>(),
        }).ToArray();
        return new VectorArrayColumn(name, type, checked((int)va.Dim), rows);
    }

    private static ColumnData Dynamic(ColumnData c) => c is ScalarColumn<string> s
        ? new ScalarColumn<string>(s.Name, s.DataType, s.Values, s.Validity) { IsDynamic = true }
        : c;

    private static ColumnData VectorFrom(FieldData fd, MilvusDataType type, int rowCount, bool[]? validity)
    {
        var v = fd.Vectors;
        int dim = checked((int)v.Dim);
        switch (v.DataCase)
        {
            case VectorField.DataOneofCase.FloatVector:
            {
                var raw = new float[v.FloatVector.Data.Count];
                v.FloatVector.Data.CopyTo(raw, 0);
                return new FloatVectorColumn(fd.FieldName, dim, Expand(raw, dim, rowCount, validity, fd.FieldName), validity);
            }
            case VectorField.DataOneofCase.SparseFloatVector:
            {
                var rows = v.SparseFloatVector.Contents.Select(b => b.ToByteArray()).ToArray();
                return new SparseVectorColumn(fd.FieldName, Expand(rows, rowCount, validity, fd.FieldName, () => []), validity);
            }
            default:
            {
                var bytes = v.DataCase switch
                {
                    VectorField.DataOneofCase.BinaryVector => v.BinaryVector,
                    VectorField.DataOneofCase.Float16Vector => v.Float16Vector,
                    VectorField.DataOneofCase.Bfloat16Vector => v.Bfloat16Vector,
                    VectorField.DataOneofCase.Int8Vector => v.Int8Vector,
                    _ => throw new FormatException($"Field '{fd.FieldName}' carries no vector data."),
                };
                int per = type.BytesPerRow(dim);
                return new ByteVectorColumn(fd.FieldName, type, dim, Expand(bytes.ToByteArray(), per, rowCount, validity, fd.FieldName), validity);
            }
        }
    }

    private static ColumnData ScalarFrom(string name, MilvusDataType type, ScalarField sf, int rowCount, bool[]? validity)
    {
        switch (sf.DataCase)
        {
            case ScalarField.DataOneofCase.BoolData: return Column(name, type, sf.BoolData.Data.ToArray(), rowCount, validity);
            case ScalarField.DataOneofCase.IntData: return Column(name, type, sf.IntData.Data.ToArray(), rowCount, validity);
            case ScalarField.DataOneofCase.LongData: return Column(name, type, sf.LongData.Data.ToArray(), rowCount, validity);
            case ScalarField.DataOneofCase.FloatData: return Column(name, type, sf.FloatData.Data.ToArray(), rowCount, validity);
            case ScalarField.DataOneofCase.DoubleData: return Column(name, type, sf.DoubleData.Data.ToArray(), rowCount, validity);
            case ScalarField.DataOneofCase.StringData when type == MilvusDataType.Timestamptz:
                return Column(name, type, sf.StringData.Data.Select(v => Timestamps.ParseMicros(name, v)).ToArray(), rowCount, validity);
            case ScalarField.DataOneofCase.StringData: return Column(name, type, sf.StringData.Data.ToArray(), rowCount, validity);
            case ScalarField.DataOneofCase.TimestamptzData: return Column(name, MilvusDataType.Timestamptz, sf.TimestamptzData.Data.ToArray(), rowCount, validity);
            case ScalarField.DataOneofCase.GeometryWktData: return Column(name, MilvusDataType.Geometry, sf.GeometryWktData.Data.ToArray(), rowCount, validity);
            case ScalarField.DataOneofCase.JsonData:
                return Column(name, MilvusDataType.Json, sf.JsonData.Data.Select(b => b.ToStringUtf8()).ToArray(), rowCount, validity);
            case ScalarField.DataOneofCase.ArrayData:
            {
                var et = (MilvusDataType)sf.ArrayData.ElementType;
                var cells = sf.ArrayData.Data.Select(c => CellToArray(et, c)).ToArray();
                var full = Expand(cells, rowCount, validity, name, () => System.Array.Empty<object>());
                return new ScalarColumn<Array>(name, MilvusDataType.Array, full, validity, et);
            }
            case ScalarField.DataOneofCase.None when rowCount == 0 || validity is not null:
                // An all-null (or empty) column may come back with no data slot at all.
                return EmptyColumn(name, type, rowCount, validity);
            default:
                throw new FormatException($"Field '{name}' has unsupported scalar data {sf.DataCase}.");
        }
    }

    private static ColumnData EmptyColumn(string name, MilvusDataType type, int rowCount, bool[]? validity) => type switch
    {
        MilvusDataType.Bool => new ScalarColumn<bool>(name, type, new bool[rowCount], validity),
        MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32 => new ScalarColumn<int>(name, type, new int[rowCount], validity),
        MilvusDataType.Int64 or MilvusDataType.Timestamptz => new ScalarColumn<long>(name, type, new long[rowCount], validity),
        MilvusDataType.Float => new ScalarColumn<float>(name, type, new float[rowCount], validity),
        MilvusDataType.Double => new ScalarColumn<double>(name, type, new double[rowCount], validity),
        _ => new ScalarColumn<string>(name, type, new string[rowCount], validity),
    };

    private static ScalarColumn<T> Column<T>(string name, MilvusDataType type, T[] data, int rowCount, bool[]? validity) =>
        new(name, type, Expand(data, 1, rowCount, validity, name), validity);

    private static Array CellToArray(MilvusDataType et, ScalarField c) => c.DataCase switch
    {
        ScalarField.DataOneofCase.BoolData => c.BoolData.Data.ToArray(),
        ScalarField.DataOneofCase.IntData => c.IntData.Data.ToArray(),
        ScalarField.DataOneofCase.LongData => c.LongData.Data.ToArray(),
        ScalarField.DataOneofCase.FloatData => c.FloatData.Data.ToArray(),
        ScalarField.DataOneofCase.DoubleData => c.DoubleData.Data.ToArray(),
        ScalarField.DataOneofCase.StringData => c.StringData.Data.ToArray(),
        ScalarField.DataOneofCase.None => EmptyElements(et),
        _ => throw new FormatException($"Array cell has unsupported data {c.DataCase}."),
    };

    private static Array EmptyElements(MilvusDataType et) => et switch
    {
        MilvusDataType.Bool => System.Array.Empty<bool>(),
        MilvusDataType.Int64 => System.Array.Empty<long>(),
        MilvusDataType.Float => System.Array.Empty<float>(),
        MilvusDataType.Double => System.Array.Empty<double>(),
        MilvusDataType.VarChar or MilvusDataType.String => System.Array.Empty<string>(),
        _ => System.Array.Empty<int>(),
    };

    /// <summary>Rows whose validity is true, in order (fixed-width rows of <paramref name="width"/> elements).</summary>
    private static T[] Compact<T>(T[] data, int width, bool[] validity)
    {
        int valid = validity.Count(v => v);
        var result = new T[valid * width];
        int o = 0;
        for (int i = 0; i < validity.Length; i++)
            if (validity[i]) { Array.Copy(data, i * width, result, o, width); o += width; }
        return result;
    }

    private static T[] Compact<T>(T[] data, bool[]? validity) => validity is null ? data : Compact(data, 1, validity);

    /// <summary>Spreads compacted rows back to one slot per row (zeros in null slots); full-length data passes through.</summary>
    private static T[] Expand<T>(T[] data, int width, int rowCount, bool[]? validity, string name)
    {
        if (data.Length == rowCount * width) return data;
        if (validity is null)
            throw new FormatException($"Field '{name}': {data.Length / Math.Max(width, 1)} values for {rowCount} rows.");
        int valid = validity.Count(v => v);
        if (data.Length != valid * width)
            throw new FormatException($"Field '{name}': {data.Length / Math.Max(width, 1)} values for {valid} valid rows.");
        var full = new T[rowCount * width];
        int src = 0;
        for (int i = 0; i < rowCount; i++)
            if (validity[i]) { Array.Copy(data, src, full, i * width, width); src += width; }
        return full;
    }

    private static T[] Expand<T>(T[] data, int rowCount, bool[]? validity, string name, Func<T> placeholder)
    {
        var full = Expand(data, 1, rowCount, validity, name);
        if (!ReferenceEquals(full, data))
            for (int i = 0; i < full.Length; i++) full[i] ??= placeholder();
        return full;
    }
}
