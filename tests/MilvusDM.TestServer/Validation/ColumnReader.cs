using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Service;

namespace MilvusDM.TestServer.Validation;

/// <summary>
/// Checks one inserted column against its field schema as the Milvus proxy does (types, counts, dimensions,
/// max_length in UTF-8 bytes, integer ranges, NaN/Inf, JSON, array capacity, sparse rows, nullable rules) and
/// returns an accessor giving each logical row's value (null for null rows, the default where one applies).
/// </summary>
internal static class ColumnReader
{
    public static Func<int, object?> Read(FieldSchema field, FieldData fd, int numRows)
    {
        string name = field.Name;
        if (fd.Type != field.DataType)
            throw ServerError.Invalid($"field {name}: data type {fd.Type} does not match schema type {field.DataType}");
        var (physical, validCount) = ValidityMap(field, fd, numRows);
        object? defaultValue = DefaultOf(field);
        Func<int, object?> raw = ReadRaw(field, fd, validCount);
        return row =>
        {
            int p = physical is null ? row : physical[row];
            return p < 0 ? defaultValue : raw(p);
        };
    }

    /// <summary>Maps logical rows to positions in compact data (-1 = null/default). Null map = identity.</summary>
    private static (int[]? Map, int ValidCount) ValidityMap(FieldSchema field, FieldData fd, int numRows)
    {
        bool hasDefault = field.DefaultValue is not null && field.DefaultValue.DataCase != ValueField.DataOneofCase.None;
        if (fd.ValidData.Count == 0) return (null, numRows);
        if (fd.ValidData.Count != numRows)
            throw ServerError.Invalid($"the length of valid_data of field({field.Name}) is wrong, expected {numRows}, got {fd.ValidData.Count}");
        if (!field.Nullable && !hasDefault && fd.ValidData.Any(v => !v))
            throw ServerError.Invalid($"the field ({field.Name}) is not nullable but valid_data contains false");
        var map = new int[numRows];
        int valid = 0;
        for (int i = 0; i < numRows; i++) map[i] = fd.ValidData[i] ? valid++ : -1;
        return (map, valid);
    }

    private static Func<int, object?> ReadRaw(FieldSchema field, FieldData fd, int count)
    {
        string name = field.Name;
        if (field.DataType is >= DataType.BinaryVector)
        {
            if (fd.FieldCase != FieldData.FieldOneofCase.Vectors) throw ServerError.Invalid($"field {name}: vector data expected");
            return ReadVector(field, fd.Vectors, count);
        }
        if (fd.FieldCase != FieldData.FieldOneofCase.Scalars) throw ServerError.Invalid($"field {name}: scalar data expected");
        var s = fd.Scalars;
        switch (field.DataType)
        {
            case DataType.Bool: return Checked(name, s.BoolData?.Data, count, v => v);
            case DataType.Int8: return Checked(name, s.IntData?.Data, count, v => Range(name, v, sbyte.MinValue, sbyte.MaxValue, "Int8"));
            case DataType.Int16: return Checked(name, s.IntData?.Data, count, v => Range(name, v, short.MinValue, short.MaxValue, "Int16"));
            case DataType.Int32: return Checked(name, s.IntData?.Data, count, v => v);
            case DataType.Int64: return Checked(name, s.LongData?.Data, count, v => v);
            case DataType.Float: return Checked(name, s.FloatData?.Data, count, v => v);
            case DataType.Double: return Checked(name, s.DoubleData?.Data, count, v => v);
            case DataType.VarChar or DataType.String:
                int max = SchemaRules.MaxLength(field);
                return Checked(name, s.StringData?.Data, count, (v, i) => VarChar(name, v, max, i));
            case DataType.Json:
                return Checked(name, s.JsonData?.Data, count, (v, i) => Json(name, v.ToStringUtf8(), i));
            case DataType.Array:
                if (s.ArrayData is null) throw ServerError.Invalid($"field {name}: array data expected");
                if (s.ArrayData.ElementType != field.ElementType)
                    throw ServerError.Invalid($"field {name}: array element type {s.ArrayData.ElementType} does not match schema element type {field.ElementType}");
                int capacity = SchemaRules.IntParam(field, "max_capacity");
                return Checked(name, s.ArrayData.Data, count, (cell, i) => ArrayCell(field, cell, capacity, i));
            default:
                throw ServerError.Invalid($"field {name}: unsupported data type {field.DataType}");
        }
    }

    private static Func<int, object?> Checked<T>(string name, RepeatedField<T>? data, int count, Func<T, object?> convert) =>
        Checked(name, data, count, (v, _) => convert(v));

    private static Func<int, object?> Checked<T>(string name, RepeatedField<T>? data, int count, Func<T, int, object?> convert)
    {
        int actual = data?.Count ?? 0;
        if (actual != count)
            throw ServerError.Invalid($"the num_rows ({actual}) of field ({name}) is not equal to passed num_rows ({count})");
        var values = new object?[count];
        for (int i = 0; i < count; i++) values[i] = convert(data![i], i);
        return i => values[i];
    }

    private static object Range(string name, int v, int min, int max, string type) =>
        v < min || v > max ? throw ServerError.Invalid($"the value {v} of field {name} is out of range for {type} [{min}, {max}]") : v;

    private static object VarChar(string name, string v, int max, int row)
    {
        int len = Encoding.UTF8.GetByteCount(v);
        if (len > max)
            throw ServerError.Invalid($"length of varchar field {name} exceeds max length, row number: {row}, length: {len}, max length: {max}");
        return v;
    }

    internal static string Json(string name, string text, int row)
    {
        if (Encoding.UTF8.GetByteCount(text) > 65536) throw ServerError.Invalid($"json field {name} row {row} exceeds the 65536-byte limit");
        try
        {
            using var _ = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw ServerError.Invalid($"invalid JSON in field {name}, row {row}: {e.Message}");
        }
        return text;
    }

    private static object ArrayCell(FieldSchema field, ScalarField cell, int capacity, int row)
    {
        Array value = field.ElementType switch
        {
            DataType.Bool => (cell.BoolData?.Data ?? []).ToArray(),
            DataType.Int8 or DataType.Int16 or DataType.Int32 => (cell.IntData?.Data ?? []).ToArray(),
            DataType.Int64 => (cell.LongData?.Data ?? []).ToArray(),
            DataType.Float => (cell.FloatData?.Data ?? []).ToArray(),
            DataType.Double => (cell.DoubleData?.Data ?? []).ToArray(),
            DataType.VarChar => (cell.StringData?.Data ?? []).ToArray(),
            _ => throw ServerError.Invalid($"field {field.Name}: unsupported array element type {field.ElementType}"),
        };
        if (value.Length > capacity)
            throw ServerError.Invalid($"the length ({value.Length}) of {row}th array of field ({field.Name}) exceeds max capacity ({capacity})");
        if (value is string[] strings)
        {
            int max = SchemaRules.MaxLength(field);
            foreach (var s in strings) VarChar(field.Name, s, max, row);
        }
        return value;
    }

    private static Func<int, object?> ReadVector(FieldSchema field, VectorField v, int count)
    {
        string name = field.Name;
        if (field.DataType == DataType.SparseFloatVector)
        {
            if (v.DataCase != VectorField.DataOneofCase.SparseFloatVector) throw ServerError.Invalid($"field {name}: sparse vector data expected");
            var rows = v.SparseFloatVector.Contents;
            if (rows.Count != count) throw ServerError.Invalid($"the num_rows ({rows.Count}) of field ({name}) is not equal to passed num_rows ({count})");
            for (int i = 0; i < rows.Count; i++) SparseRules.Validate(name, rows[i].Span, i);
            return i => rows[i].ToByteArray();
        }
        int dim = SchemaRules.IntParam(field, "dim");
        if (v.Dim != dim) throw ServerError.Invalid($"the dim ({v.Dim}) of field data({name}) is not equal to schema dim ({dim})");
        if (field.DataType == DataType.FloatVector)
        {
            if (v.DataCase != VectorField.DataOneofCase.FloatVector) throw ServerError.Invalid($"field {name}: float vector data expected");
            var data = v.FloatVector.Data;
            if (data.Count != (long)count * dim)
                throw ServerError.Invalid($"the num_rows ({data.Count / Math.Max(dim, 1)}) of field ({name}) is not equal to passed num_rows ({count})");
            for (int i = 0; i < data.Count; i++)
                if (!float.IsFinite(data[i])) throw ServerError.Invalid($"float vector field {name} contains NaN or Inf at row {i / dim}");
            return i =>
            {
                var row = new float[dim];
                for (int k = 0; k < dim; k++) row[k] = data[i * dim + k];
                return row;
            };
        }
        var bytes = field.DataType switch
        {
            DataType.BinaryVector when v.DataCase == VectorField.DataOneofCase.BinaryVector => v.BinaryVector,
            DataType.Float16Vector when v.DataCase == VectorField.DataOneofCase.Float16Vector => v.Float16Vector,
            DataType.Bfloat16Vector when v.DataCase == VectorField.DataOneofCase.Bfloat16Vector => v.Bfloat16Vector,
            DataType.Int8Vector when v.DataCase == VectorField.DataOneofCase.Int8Vector => v.Int8Vector,
            _ => throw ServerError.Invalid($"field {name}: {field.DataType} data expected, got {v.DataCase}"),
        };
        int per = field.DataType switch { DataType.BinaryVector => dim / 8, DataType.Int8Vector => dim, _ => dim * 2 };
        if (bytes.Length != (long)count * per)
            throw ServerError.Invalid($"the num_rows ({bytes.Length / Math.Max(per, 1)}) of field ({name}) is not equal to passed num_rows ({count})");
        return i => bytes.Span.Slice(i * per, per).ToArray();
    }

    /// <summary>The field's default value as a stored value, or null.</summary>
    internal static object? DefaultOf(FieldSchema f) => f.DefaultValue?.DataCase switch
    {
        ValueField.DataOneofCase.BoolData => f.DefaultValue.BoolData,
        ValueField.DataOneofCase.IntData => f.DefaultValue.IntData,
        ValueField.DataOneofCase.LongData => f.DefaultValue.LongData,
        ValueField.DataOneofCase.FloatData => f.DefaultValue.FloatData,
        ValueField.DataOneofCase.DoubleData => f.DefaultValue.DoubleData,
        ValueField.DataOneofCase.StringData => f.DefaultValue.StringData,
        _ => null,
    };
}
