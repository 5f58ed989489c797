using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Google.Protobuf;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Validation;
using DataType = Milvus.Client.Grpc.DataType;
using DoubleArray = Milvus.Client.Grpc.DoubleArray;
using FloatArray = Milvus.Client.Grpc.FloatArray;
using StringArray = Milvus.Client.Grpc.StringArray;

namespace MilvusDM.TestServer.Import;

/// <summary>
/// One column of a Parquet file turned into the <see cref="FieldData"/> an SDK would insert, as Milvus's Parquet reader
/// reads it (internal/util/importutilv2/parquet/field_reader.go, struct_field_reader.go): a null row only where the
/// field is nullable (or, for scalars, defaulted), vectors exactly their dimension wide, no null array elements,
/// sparse vectors from JSON text or an indices/values struct, numbers from any column type the schema check allowed.
/// The values are then checked as an insert's are (<see cref="RowBuilder"/>).
/// </summary>
internal static class ImportColumns
{
    public static FieldData Read(FieldSchema f, IReadOnlyList<IArrowArray> chunks)
    {
        var rows = Rows(chunks).ToList();
        bool scalarNullable = f.Nullable || ColumnReader.HasDefault(f);
        return f.DataType switch
        {
            DataType.ArrayOfStruct => throw new InvalidOperationException("struct columns are read by ReadStruct"),
            DataType.FloatVector or DataType.BinaryVector or DataType.Float16Vector or DataType.Bfloat16Vector or DataType.Int8Vector => DenseVectors(f, rows),
            DataType.SparseFloatVector => Sparse(f, rows),
            DataType.Array => Arrays(f, rows),
            DataType.Json => Scalars(f, rows, f.Nullable),
            _ => Scalars(f, rows, scalarNullable),
        };
    }

    private static IEnumerable<(IArrowArray Chunk, int Row)> Rows(IReadOnlyList<IArrowArray> chunks)
    {
        foreach (var chunk in chunks)
            for (int i = 0; i < chunk.Length; i++) yield return (chunk, i);
    }

    private static FieldData New(FieldSchema f) => new() { Type = f.DataType, FieldName = f.Name, FieldId = f.FieldID, IsDynamic = f.IsDynamic };

    /// <summary>Validity per row; a null where the field takes none is the reader's error.</summary>
    private static bool Valid((IArrowArray Chunk, int Row) r, FieldSchema f, bool nullable)
    {
        if (!r.Chunk.IsNull(r.Row)) return true;
        return nullable ? false : throw ImportErrors.NullRow(f.Name);
    }

    private static FieldData Scalars(FieldSchema f, List<(IArrowArray Chunk, int Row)> rows, bool nullable)
    {
        var fd = New(f);
        var valid = rows.Select(r => Valid(r, f, nullable)).ToList();
        var present = rows.Where((_, i) => valid[i]).ToList();
        if (nullable) fd.ValidData.AddRange(valid);
        var s = fd.Scalars = new ScalarField();
        switch (f.DataType)
        {
            case DataType.Bool:
                s.BoolData = new BoolArray();
                s.BoolData.Data.AddRange(present.Select(r => ((BooleanArray)r.Chunk).GetValue(r.Row)!.Value));
                break;
            case DataType.Int8 or DataType.Int16 or DataType.Int32:
                s.IntData = new IntArray();
                s.IntData.Data.AddRange(present.Select(r => unchecked((int)Long(f, r))));
                break;
            case DataType.Int64:
                s.LongData = new LongArray();
                s.LongData.Data.AddRange(present.Select(r => Long(f, r)));
                break;
            case DataType.Float:
                s.FloatData = new FloatArray();
                s.FloatData.Data.AddRange(present.Select(r => (float)Double(f, r)));
                break;
            case DataType.Double:
                s.DoubleData = new DoubleArray();
                s.DoubleData.Data.AddRange(present.Select(r => Double(f, r)));
                break;
            case DataType.Json:
                s.JsonData = new JSONArray();
                s.JsonData.Data.AddRange(present.Select(r => ByteString.CopyFromUtf8(Text(f, r))));
                break;
            case DataType.Geometry:
                s.GeometryWktData = new GeometryWktArray();
                s.GeometryWktData.Data.AddRange(present.Select(r => Text(f, r)));
                break;
            default:   // VarChar, Text, Timestamptz (ISO text, parsed in the collection's timezone)
                s.StringData = new StringArray();
                s.StringData.Data.AddRange(present.Select(r => Text(f, r)));
                break;
        }
        return fd;
    }

    private static string Text(FieldSchema f, (IArrowArray Chunk, int Row) r) =>
        r.Chunk is Apache.Arrow.StringArray s ? s.GetString(r.Row) : throw TypeError(f, r.Chunk);

    private static long Long(FieldSchema f, (IArrowArray Chunk, int Row) r) => Number(r.Chunk, r.Row) switch
    {
        long l => l,
        double d => (long)d,
        _ => throw TypeError(f, r.Chunk),
    };

    private static double Double(FieldSchema f, (IArrowArray Chunk, int Row) r) => Number(r.Chunk, r.Row) switch
    {
        long l => l,
        double d => d,
        _ => throw TypeError(f, r.Chunk),
    };

    /// <summary>A numeric cell as long (integers) or double (floats); null when the array holds no numbers.</summary>
    private static object? Number(IArrowArray a, int i) => a switch
    {
        Int8Array x => (long)x.GetValue(i)!.Value,
        UInt8Array x => (long)x.GetValue(i)!.Value,
        Int16Array x => (long)x.GetValue(i)!.Value,
        Int32Array x => (long)x.GetValue(i)!.Value,
        UInt32Array x => (long)x.GetValue(i)!.Value,
        Int64Array x => x.GetValue(i)!.Value,
        Apache.Arrow.FloatArray x => (double)x.GetValue(i)!.Value,
        Apache.Arrow.DoubleArray x => x.GetValue(i)!.Value,
        _ => null,
    };

    /// <summary>util.go WrapTypeErr.</summary>
    private static Service.ServerError TypeError(FieldSchema f, IArrowArray a)
    {
        string element = f.DataType == DataType.Array ? TypeNames.Go(f.ElementType) : "";
        return ImportErrors.ImportFailed($"expect {(f.Nullable ? "nullable" : "")} '{element} {TypeNames.Go(f.DataType)}' type for field '{f.Name}', but got '{ArrowTypes.GoName(a.Data.DataType.TypeId)}' type");
    }

    /// <summary>The elements of one list cell (list or fixed-size list), as (values array, first, count).</summary>
    private static (IArrowArray Values, int Start, int Count) Elements(FieldSchema f, IArrowArray a, int i) => a switch
    {
        ListArray l => (l.Values, l.ValueOffsets[i], l.ValueOffsets[i + 1] - l.ValueOffsets[i]),
        FixedSizeListArray l => (l.Values, (l.Offset + i) * ((Apache.Arrow.Types.FixedSizeListType)l.Data.DataType).ListSize, ((Apache.Arrow.Types.FixedSizeListType)l.Data.DataType).ListSize),
        _ => throw TypeError(f, a),
    };

    private static FieldData DenseVectors(FieldSchema f, List<(IArrowArray Chunk, int Row)> rows)
    {
        int dim = SchemaRules.IntParam(f, "dim");
        int width = f.DataType switch
        {
            DataType.BinaryVector => dim / 8,
            DataType.Float16Vector or DataType.Bfloat16Vector => dim * 2,
            _ => dim,
        };
        var fd = New(f);
        var v = fd.Vectors = new VectorField { Dim = dim };
        var floats = new List<float>();
        var bytes = new List<byte>();
        var valid = new List<bool>();
        foreach (var r in rows)
        {
            bool ok = Valid(r, f, f.Nullable);
            valid.Add(ok);
            if (!ok) continue;
            if (r.Chunk is BinaryArray bin && r.Chunk is not Apache.Arrow.StringArray && f.DataType != DataType.FloatVector && f.DataType != DataType.Int8Vector)
            {
                bytes.AddRange(bin.GetBytes(r.Row).ToArray());
                continue;
            }
            var (values, start, count) = Elements(f, r.Chunk, r.Row);
            if (count != width)
                throw ImportErrors.ImportFailed($"length of vector is not aligned: expected {width} but got {count}, data type: {TypeNames.Go(f.DataType)}");
            for (int k = start; k < start + count; k++)
            {
                if (values.IsNull(k)) throw ImportErrors.NullElement(f.Name);
                var n = Number(values, k) ?? throw TypeError(f, values);
                if (f.DataType == DataType.FloatVector) floats.Add(n is long l ? l : (float)(double)n);
                else if (f.DataType == DataType.Int8Vector) bytes.Add(unchecked((byte)(sbyte)(long)n));
                else bytes.Add(unchecked((byte)(long)n));
            }
        }
        if (f.Nullable) fd.ValidData.AddRange(valid);
        switch (f.DataType)
        {
            case DataType.FloatVector: v.FloatVector = new FloatArray(); v.FloatVector.Data.AddRange(floats); break;
            case DataType.BinaryVector: v.BinaryVector = ByteString.CopyFrom(bytes.ToArray()); break;
            case DataType.Float16Vector: v.Float16Vector = ByteString.CopyFrom(bytes.ToArray()); break;
            case DataType.Bfloat16Vector: v.Bfloat16Vector = ByteString.CopyFrom(bytes.ToArray()); break;
            default: v.Int8Vector = ByteString.CopyFrom(bytes.ToArray()); break;
        }
        return fd;
    }

    private static FieldData Sparse(FieldSchema f, List<(IArrowArray Chunk, int Row)> rows)
    {
        var fd = New(f);
        var sparse = new SparseFloatArray();
        fd.Vectors = new VectorField { SparseFloatVector = sparse };
        var valid = new List<bool>();
        long maxDim = 0;
        foreach (var r in rows)
        {
            bool ok = Valid(r, f, f.Nullable);
            valid.Add(ok);
            if (!ok) continue;
            var pairs = r.Chunk switch
            {
                Apache.Arrow.StringArray s => SparseFromJson(s.GetString(r.Row)),
                StructArray st => SparseFromStruct(st, r.Row),
                _ => throw TypeError(f, r.Chunk),
            };
            var row = new byte[pairs.Count * 8];
            for (int k = 0; k < pairs.Count; k++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(row.AsSpan(k * 8), pairs[k].Index);
                BinaryPrimitives.WriteSingleLittleEndian(row.AsSpan(k * 8 + 4), pairs[k].Value);
            }
            if (pairs.Count > 0) maxDim = Math.Max(maxDim, pairs[^1].Index + 1L);
            sparse.Contents.Add(ByteString.CopyFrom(row));
        }
        sparse.Dim = maxDim;
        if (f.Nullable) fd.ValidData.AddRange(valid);
        return fd;
    }

    /// <summary>typeutil.CreateSparseFloatRowFromJSON: {"indices": [...], "values": [...]} or {"index": value, ...}, sorted by index.</summary>
    private static List<(uint Index, float Value)> SparseFromJson(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var pairs = new List<(uint, float)>();
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("not a JSON object");
            if (root.TryGetProperty("indices", out var indices) && root.TryGetProperty("values", out var values))
            {
                if (indices.GetArrayLength() != values.GetArrayLength()) throw new FormatException("indices and values differ in length");
                pairs.AddRange(indices.EnumerateArray().Zip(values.EnumerateArray(), (i, v) => (i.GetUInt32(), v.GetSingle())));
            }
            else
                foreach (var p in root.EnumerateObject())
                    pairs.Add((uint.Parse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture), p.Value.GetSingle()));
            return pairs.OrderBy(p => p.Item1).ToList();
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            throw ImportErrors.ImportFailed($"Invalid JSON string for SparseFloatVector: '{text}', err = {e.Message}");
        }
    }

    private static List<(uint Index, float Value)> SparseFromStruct(StructArray st, int row)
    {
        var type = (Apache.Arrow.Types.StructType)st.Data.DataType;
        int Find(string name) => type.Fields.ToList().FindIndex(x => x.Name == name);
        if (st.Fields[Find("indices")] is not ListArray indices || st.Fields[Find("values")] is not ListArray values)
            throw ImportErrors.ImportFailed("Invalid parquet struct for SparseFloatVector: 'indices' or 'values' is not list");
        int i0 = indices.ValueOffsets[row], n = indices.ValueOffsets[row + 1] - i0, v0 = values.ValueOffsets[row];
        if (values.ValueOffsets[row + 1] - v0 != n)
            throw ImportErrors.ImportFailed($"Invalid parquet struct for SparseFloatVector: number of indices {n} is not equal to number of values {values.ValueOffsets[row + 1] - v0}");
        var pairs = new List<(uint, float)>();
        for (int k = 0; k < n; k++)
            pairs.Add(((uint)(long)Number(indices.Values, i0 + k)!, (float)Convert.ToDouble(Number(values.Values, v0 + k)!, CultureInfo.InvariantCulture)));
        return pairs.OrderBy(p => p.Item1).ToList();
    }

    private static FieldData Arrays(FieldSchema f, List<(IArrowArray Chunk, int Row)> rows)
    {
        var fd = New(f);
        var arrays = new ArrayArray { ElementType = f.ElementType };
        fd.Scalars = new ScalarField { ArrayData = arrays };
        var valid = new List<bool>();
        foreach (var r in rows)
        {
            bool ok = Valid(r, f, f.Nullable);
            valid.Add(ok);
            if (!ok) continue;
            var (values, start, count) = Elements(f, r.Chunk, r.Row);
            arrays.Data.Add(Cell(f, f.ElementType, values, start, count));
        }
        if (f.Nullable) fd.ValidData.AddRange(valid);
        return fd;
    }

    /// <summary>One array cell of the element type from values[start..start+count]; a null element is refused.</summary>
    private static ScalarField Cell(FieldSchema f, DataType element, IArrowArray values, int start, int count)
    {
        for (int k = start; k < start + count; k++)
            if (values.IsNull(k)) throw ImportErrors.NullElement(f.Name);
        var range = Enumerable.Range(start, count);
        var cell = new ScalarField();
        switch (element)
        {
            case DataType.Bool:
                cell.BoolData = new BoolArray();
                cell.BoolData.Data.AddRange(range.Select(k => values is BooleanArray b ? b.GetValue(k)!.Value : throw TypeError(f, values)));
                break;
            case DataType.Int8 or DataType.Int16 or DataType.Int32:
                cell.IntData = new IntArray();
                cell.IntData.Data.AddRange(range.Select(k => unchecked((int)Long(f, (values, k)))));
                break;
            case DataType.Int64:
                cell.LongData = new LongArray();
                cell.LongData.Data.AddRange(range.Select(k => Long(f, (values, k))));
                break;
            case DataType.Float:
                cell.FloatData = new FloatArray();
                cell.FloatData.Data.AddRange(range.Select(k => (float)Double(f, (values, k))));
                break;
            case DataType.Double:
                cell.DoubleData = new DoubleArray();
                cell.DoubleData.Data.AddRange(range.Select(k => Double(f, (values, k))));
                break;
            default:
                cell.StringData = new StringArray();
                cell.StringData.Data.AddRange(range.Select(k => Text(f, (values, k))));
                break;
        }
        return cell;
    }

    /// <summary>A list&lt;struct&gt; column: per row its structs, each member gathered into the row's Array or ArrayOfVector cell.</summary>
    public static FieldData ReadStruct(StructArrayFieldSchema s, IReadOnlyList<IArrowArray> chunks)
    {
        var subs = s.Fields.Select(sub => (Schema: sub, Data: new FieldData { Type = sub.DataType, FieldName = sub.Name, FieldId = sub.FieldID })).ToList();
        foreach (var (sub, data) in subs)
            if (sub.DataType == DataType.Array) data.Scalars = new ScalarField { ArrayData = new ArrayArray { ElementType = sub.ElementType } };
            else data.Vectors = new VectorField { Dim = SchemaRules.IntParam(sub, "dim"), VectorArray = new VectorArray { Dim = SchemaRules.IntParam(sub, "dim"), ElementType = sub.ElementType } };
        var holder = new FieldSchema { Name = s.Name, DataType = DataType.ArrayOfStruct };
        foreach (var (chunk, row) in Rows(chunks))
        {
            if (chunk.IsNull(row)) throw ImportErrors.NullRow(s.Name);
            var (structs, start, count) = Elements(holder, chunk, row);
            var st = (StructArray)structs;
            var type = (Apache.Arrow.Types.StructType)st.Data.DataType;
            foreach (var (sub, data) in subs)
            {
                var member = st.Fields[type.Fields.ToList().FindIndex(m => m.Name == sub.Name)];
                if (sub.DataType == DataType.Array)
                {
                    data.Scalars.ArrayData.Data.Add(Cell(sub, sub.ElementType, member, st.Offset + start, count));
                    continue;
                }
                int dim = SchemaRules.IntParam(sub, "dim");
                var vector = new VectorField { Dim = dim, FloatVector = new FloatArray() };
                for (int k = st.Offset + start; k < st.Offset + start + count; k++)
                {
                    if (member.IsNull(k)) throw ImportErrors.NullElement(sub.Name);
                    var (values, vs, vn) = Elements(sub, member, k);
                    if (vn != dim) throw ImportErrors.ImportFailed($"length of vector is not aligned: expected {dim} but got {vn}, data type: {TypeNames.Go(sub.ElementType)}");
                    for (int e = vs; e < vs + vn; e++) vector.FloatVector.Data.Add((float)Double(sub, (values, e)));
                }
                data.Vectors.VectorArray.Data.Add(vector);
            }
        }
        var fd = new FieldData { Type = DataType.ArrayOfStruct, FieldName = s.Name, FieldId = s.FieldID, StructArrays = new StructArrayField() };
        fd.StructArrays.Fields.AddRange(subs.Select(x => x.Data));
        return fd;
    }
}
