using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Storage;

namespace MilvusDM.TestServer.Service;

/// <summary>
/// Builds query result columns as the Milvus 2.6 proxy returns them: scalars full-length with valid_data for nullable
/// fields; nullable vectors compact with valid_data; Geometry as WKT in geometry_wkt_data; Timestamptz as RFC 3339
/// strings in string_data; struct arrays grouped under their struct name.
/// </summary>
internal static class ResultColumns
{
    public static FieldData Build(FieldSchema f, int index, IReadOnlyList<StoredRow> rows, TimeZoneInfo zone)
    {
        var fd = new FieldData { Type = f.DataType, FieldName = f.Name, FieldId = f.FieldID };
        if (f.Nullable) fd.ValidData.AddRange(rows.Select(r => r.Values[index] is not null));
        object? V(StoredRow r) => r.Values[index];
        switch (f.DataType)
        {
            case var t when Validation.TypeNames.IsVector(t):
                // Nullable vectors come back compact: only the valid rows, with valid_data marking them.
                fd.Vectors = Vector(f, rows.Select(V).Where(v => v is not null).ToList());
                break;
            case DataType.Bool: fd.Scalars = new ScalarField { BoolData = new BoolArray() }; fd.Scalars.BoolData.Data.AddRange(rows.Select(r => V(r) is true)); break;
            case DataType.Int8 or DataType.Int16 or DataType.Int32:
                fd.Scalars = new ScalarField { IntData = new IntArray() }; fd.Scalars.IntData.Data.AddRange(rows.Select(r => V(r) as int? ?? 0)); break;
            case DataType.Int64: fd.Scalars = new ScalarField { LongData = new LongArray() }; fd.Scalars.LongData.Data.AddRange(rows.Select(r => V(r) as long? ?? 0)); break;
            case DataType.Float: fd.Scalars = new ScalarField { FloatData = new FloatArray() }; fd.Scalars.FloatData.Data.AddRange(rows.Select(r => V(r) as float? ?? 0)); break;
            case DataType.Double: fd.Scalars = new ScalarField { DoubleData = new DoubleArray() }; fd.Scalars.DoubleData.Data.AddRange(rows.Select(r => V(r) as double? ?? 0)); break;
            case DataType.VarChar or DataType.String or DataType.Text:
                fd.Scalars = new ScalarField { StringData = new StringArray() }; fd.Scalars.StringData.Data.AddRange(rows.Select(r => V(r) as string ?? "")); break;
            case DataType.Json:
                fd.Scalars = new ScalarField { JsonData = new JSONArray() };
                fd.Scalars.JsonData.Data.AddRange(rows.Select(r => ByteString.CopyFromUtf8(V(r) as string ?? ""))); break;
            case DataType.Array:
                fd.Scalars = new ScalarField { ArrayData = new ArrayArray { ElementType = f.ElementType } };
                fd.Scalars.ArrayData.Data.AddRange(rows.Select(r => ArrayCell(f.ElementType, V(r) as Array))); break;
            case DataType.Geometry:
                // The proxy turns the stored WKB back into WKT (validateGeometryFieldSearchResult), "" at null rows.
                fd.Scalars = new ScalarField { GeometryWktData = new GeometryWktArray() };
                fd.Scalars.GeometryWktData.Data.AddRange(rows.Select(r => V(r) as string ?? "")); break;
            case DataType.Timestamptz:
                // timestamptzUTC2IsoStr: UTC microseconds become RFC 3339 strings in the resolved timezone, null rows too (as 0).
                fd.Scalars = new ScalarField { StringData = new StringArray() };
                fd.Scalars.StringData.Data.AddRange(rows.Select(r => Validation.Timestamptz.Format(V(r) as long? ?? 0, zone))); break;
            default:
                throw ServerError.Unexpected($"cannot output field {f.Name} of type {Validation.TypeNames.Go(f.DataType)}");
        }
        return fd;
    }

    /// <summary>
    /// A struct-array column as reconstructStructFieldDataCommon returns it: type ArrayOfStruct, the struct's name and
    /// id, and one FieldData per selected sub-field (its own name) in struct_arrays.
    /// </summary>
    public static FieldData Struct(StructArrayFieldSchema s, int index, IReadOnlyList<int> subFields, IReadOnlyList<StoredRow> rows)
    {
        var fd = new FieldData { Type = DataType.ArrayOfStruct, FieldName = s.Name, FieldId = s.FieldID, StructArrays = new StructArrayField() };
        foreach (int k in subFields)
        {
            var sub = s.Fields[k];
            var column = new FieldData { Type = sub.DataType, FieldName = sub.Name, FieldId = sub.FieldID };
            var values = rows.Select(r => ((StructValue)r.Values[index]!).Fields[k]).ToList();
            if (sub.DataType == DataType.ArrayOfVector)
            {
                int dim = Validation.SchemaRules.IntParam(sub, "dim");
                var va = new VectorArray { Dim = dim, ElementType = sub.ElementType };
                foreach (float[][] row in values.Cast<float[][]>())
                {
                    var one = new VectorField { Dim = dim, FloatVector = new FloatArray() };
                    foreach (var vec in row) one.FloatVector.Data.AddRange(vec);
                    va.Data.Add(one);
                }
                column.Vectors = new VectorField { Dim = dim, VectorArray = va };
            }
            else
            {
                column.Scalars = new ScalarField { ArrayData = new ArrayArray { ElementType = sub.ElementType } };
                column.Scalars.ArrayData.Data.AddRange(values.Select(v => ArrayCell(sub.ElementType, v)));
            }
            fd.StructArrays.Fields.Add(column);
        }
        return fd;
    }

    private static ScalarField ArrayCell(DataType et, Array? value)
    {
        var cell = new ScalarField();
        if (value is null) return cell;
        switch (et)
        {
            case DataType.Bool: cell.BoolData = new BoolArray(); cell.BoolData.Data.AddRange((bool[])value); break;
            case DataType.Int64: cell.LongData = new LongArray(); cell.LongData.Data.AddRange((long[])value); break;
            case DataType.Float: cell.FloatData = new FloatArray(); cell.FloatData.Data.AddRange((float[])value); break;
            case DataType.Double: cell.DoubleData = new DoubleArray(); cell.DoubleData.Data.AddRange((double[])value); break;
            case DataType.VarChar: cell.StringData = new StringArray(); cell.StringData.Data.AddRange((string[])value); break;
            default: cell.IntData = new IntArray(); cell.IntData.Data.AddRange((int[])value); break;
        }
        return cell;
    }

    private static VectorField Vector(FieldSchema f, List<object?> values)
    {
        if (f.DataType == DataType.SparseFloatVector)
        {
            var sa = new SparseFloatArray();
            long dim = 0;
            foreach (byte[] row in values.Cast<byte[]>())
            {
                sa.Contents.Add(ByteString.CopyFrom(row));
                if (row.Length >= 8) dim = Math.Max(dim, BitConverter.ToUInt32(row, row.Length - 8) + 1L);
            }
            sa.Dim = dim;
            return new VectorField { Dim = dim, SparseFloatVector = sa };
        }
        int d = Validation.SchemaRules.IntParam(f, "dim");
        var v = new VectorField { Dim = d };
        if (f.DataType == DataType.FloatVector)
        {
            var all = new float[values.Count * d];
            for (int i = 0; i < values.Count; i++) ((float[])values[i]!).CopyTo(all, i * d);
            v.FloatVector = new FloatArray();
            v.FloatVector.Data.AddRange(all);
            return v;
        }
        var bytes = ByteString.CopyFrom(values.SelectMany(x => (byte[])x!).ToArray());
        switch (f.DataType)
        {
            case DataType.BinaryVector: v.BinaryVector = bytes; break;
            case DataType.Float16Vector: v.Float16Vector = bytes; break;
            case DataType.Bfloat16Vector: v.Bfloat16Vector = bytes; break;
            default: v.Int8Vector = bytes; break;
        }
        return v;
    }

    /// <summary>The $meta column; with <paramref name="keys"/> only those dynamic keys are kept.</summary>
    public static FieldData Meta(IReadOnlyList<StoredRow> rows, IReadOnlyCollection<string>? keys)
    {
        var fd = new FieldData { Type = DataType.Json, FieldName = "$meta", IsDynamic = true, Scalars = new ScalarField { JsonData = new JSONArray() } };
        foreach (var r in rows)
        {
            string text = r.Meta ?? "{}";
            if (keys is not null)
            {
                var obj = JsonNode.Parse(text) as JsonObject ?? [];
                var kept = new JsonObject();
                foreach (var k in keys) if (obj.TryGetPropertyValue(k, out var v)) kept[k] = v?.DeepClone();
                text = kept.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            }
            fd.Scalars.JsonData.Data.Add(ByteString.CopyFromUtf8(text));
        }
        return fd;
    }
}
