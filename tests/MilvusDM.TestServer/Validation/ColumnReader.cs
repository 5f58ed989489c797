using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Service;

namespace MilvusDM.TestServer.Validation;

/// <summary>
/// One column of an Insert/Upsert as the proxy's validateUtil sees it: the field it fills (a struct sub-field goes by
/// its flattened name "struct[sub]"), the data sent (null when the column was left out and the server generated an
/// empty one), and, once read, one value per logical row.
/// </summary>
internal sealed class InsertColumn
{
    public required FieldSchema Field { get; init; }
    public required string Name { get; init; }
    public FieldData? Data { get; init; }

    /// <summary>Whether the column's flags came from valid_data (false: no valid_data was sent).</summary>
    internal bool[] Valid = [];

    /// <summary>The entries as sent (compact for nullable fields): scalars one per entry, vectors one per row.</summary>
    internal List<object?> Raw = [];

    /// <summary>Logical row → index into <see cref="Raw"/>, -1 for a null/defaulted row; null = identity.</summary>
    internal int[]? Map;

    internal object? DefaultValue;

    public object? Value(int row)
    {
        int p = Map is null ? row : Map[row];
        return p < 0 ? DefaultValue : Raw[p];
    }
}

/// <summary>
/// The proxy's per-column insert checks (internal/proxy/validate_util.go) in its order: per-type checks
/// (<see cref="CheckType"/>), then valid_data and default/null filling (<see cref="Fill"/>), then alignment of row
/// counts and dimensions (<see cref="Align"/>). Messages and codes are Milvus's. Stricter than Milvus 2.6.2+ in one
/// place: a nullable or defaulted column must carry valid_data (num_rows flags), as Milvus 2.5 and 2.6.0–2.6.1 demand.
/// </summary>
internal static class ColumnReader
{
    public const int JsonMaxLength = 65536;

    // ---- pass 1: per-type checks (validateUtil.Validate's switch) ----

    public static void CheckType(InsertColumn col, string timezone, bool checkCapacity)
    {
        var f = col.Field;
        var fd = col.Data;
        string name = col.Name;
        bool lenient = f.Nullable || HasDefault(f);
        var s = fd?.Scalars;
        var v = fd?.Vectors;
        switch (f.DataType)
        {
            case DataType.FloatVector:
                if (v?.FloatVector is null && !f.Nullable)
                    throw ServerError.Invalid($"float vector field '{name}' is illegal, array type mismatch", "need float vector", "got nil");
                if (v?.FloatVector is { } fv) foreach (var x in fv.Data) VerifyFloat(x);
                break;
            case DataType.Float16Vector:
                if (v is not { DataCase: VectorField.DataOneofCase.Float16Vector } && !f.Nullable)
                    throw ServerError.Invalid($"float16 vector field '{name}' is illegal, array type mismatch", "need float16 vector", "got nil");
                if (v is { DataCase: VectorField.DataOneofCase.Float16Vector }) VerifyHalfs(v.Float16Vector.Span, bfloat: false);
                break;
            case DataType.Bfloat16Vector:
                if (v is not { DataCase: VectorField.DataOneofCase.Bfloat16Vector } && !f.Nullable)
                    throw ServerError.Invalid($"bfloat16 vector field '{name}' is illegal, array type mismatch", "need bfloat16 vector", "got nil");
                if (v is { DataCase: VectorField.DataOneofCase.Bfloat16Vector }) VerifyHalfs(v.Bfloat16Vector.Span, bfloat: true);
                break;
            case DataType.BinaryVector:
                if (v is not { DataCase: VectorField.DataOneofCase.BinaryVector } && !f.Nullable)
                    throw ServerError.Invalid($"binary vector field '{name}' is illegal, array type mismatch", "need binary vector", "got nil");
                break;
            case DataType.Int8Vector:
                if (v is not { DataCase: VectorField.DataOneofCase.Int8Vector } && !f.Nullable)
                    throw ServerError.Invalid($"int8 vector field '{name}' is illegal, array type mismatch", "need int8 vector", "got nil");
                break;
            case DataType.SparseFloatVector:
                if (v?.SparseFloatVector is null)
                {
                    if (!f.Nullable)
                        throw ServerError.Invalid($"sparse float vector field '{name}' is illegal, array type mismatch", "need sparse float vector", "got nil");
                    break;
                }
                foreach (var row in v.SparseFloatVector.Contents) SparseRules.Validate(row.Span);
                break;
            case DataType.VarChar:
                if (s?.StringData is null && !lenient)
                    throw ServerError.Invalid($"varchar field '{name}' is illegal, array type mismatch", "need string array", "got nil");
                if (!f.AutoID) MaxLengthPerRow(f, s?.StringData?.Data, "varchar");
                col.Raw = s?.StringData?.Data.Cast<object?>().ToList() ?? [];
                break;
            case DataType.Text:
                if (s?.StringData is null && !lenient) throw new ServerError(1100, $"invalid parameter[expected=need text array][actual=text field '{name}' is illegal]");
                MaxLengthPerRow(f, s?.StringData?.Data, "text");
                col.Raw = s?.StringData?.Data.Cast<object?>().ToList() ?? [];
                break;
            case DataType.Geometry:
                var wkt = s?.GeometryWktData?.Data;
                if (wkt is null && !lenient)
                    throw ServerError.Invalid($"geometry field '{name}' is illegal, array type mismatch", "need geometry array", "got nil");
                // The proxy reads only WKT and replaces the column with WKB; WKB sent in geometry_data is dropped.
                col.Raw = [];
                foreach (var text in wkt ?? [])
                {
                    try { col.Raw.Add(Wkt.Normalize(text)); }
                    catch (WktException e) { throw ServerError.IoFailed(e.Message); }
                }
                break;
            case DataType.Json:
                var json = s?.JsonData?.Data;
                if (json is null && !lenient) throw ServerError.Invalid($"json field '{name}' is illegal, array type mismatch", "need json array", "got nil");
                col.Raw = [];
                foreach (var b in json ?? [])
                {
                    if (b.Length > JsonMaxLength)
                        throw fd!.IsDynamic
                            ? ServerError.Invalid($"the length ({b.Length}) of dynamic field exceeds max length ({JsonMaxLength})", "valid length dynamic field", "length exceeds max length")
                            : ServerError.Invalid($"the length ({b.Length}) of json field ({name}) exceeds max length ({JsonMaxLength})", "valid length json string", "length exceeds max length");
                    col.Raw.Add(b.ToStringUtf8());
                }
                break;
            case DataType.Int8 or DataType.Int16 or DataType.Int32:
                if (s?.IntData is null && !lenient) throw ServerError.Invalid($"field '{name}' is illegal, array type mismatch", "need int array", "got nil");
                if (f.DataType != DataType.Int32) Overflow(s?.IntData?.Data, f.DataType);
                col.Raw = s?.IntData?.Data.Select(x => (object?)x).ToList() ?? [];
                break;
            case DataType.Int64:
                if (s?.LongData is null && !lenient) throw ServerError.Invalid($"field '{name}' is illegal, array type mismatch", "need long int array", "got nil");
                col.Raw = s?.LongData?.Data.Select(x => (object?)x).ToList() ?? [];
                break;
            case DataType.Float:
                if (s?.FloatData is null && !lenient) throw ServerError.Invalid($"field '{name}' is illegal, array type mismatch", "need float32 array", "got nil");
                foreach (var x in s?.FloatData?.Data ?? []) VerifyFloat(x);
                col.Raw = s?.FloatData?.Data.Select(x => (object?)x).ToList() ?? [];
                break;
            case DataType.Double:
                if (s?.DoubleData is null && !lenient) throw ServerError.Invalid($"field '{name}' is illegal, array type mismatch", "need float64(double) array", "got nil");
                foreach (var x in s?.DoubleData?.Data ?? []) VerifyFloat(x);
                col.Raw = s?.DoubleData?.Data.Select(x => (object?)x).ToList() ?? [];
                break;
            case DataType.Bool:
                col.Raw = s?.BoolData?.Data.Select(x => (object?)x).ToList() ?? [];
                break;
            case DataType.Array:
                var arrays = s?.ArrayData
                    ?? throw ServerError.Invalid($"array field '{name}' is illegal, array type mismatch", $"need {TypeNames.Go(f.ElementType)} array", "got nil");
                if (checkCapacity)
                {
                    int cap = SchemaRules.IntParam(f, "max_capacity");
                    for (int i = 0; i < arrays.Data.Count; i++)
                        if (CellLength(arrays.Data[i], f.ElementType) is var len && len > cap)
                            throw ServerError.Invalid($"the length ({len}) of {i}th array exceeds max capacity ({cap})", "valid length array", "array length exceeds max capacity");
                }
                col.Raw = [];
                for (int row = 0; row < arrays.Data.Count; row++) col.Raw.Add(ArrayCell(f, arrays.Data[row], row));
                break;
            case DataType.ArrayOfVector:
                if (fd?.ValidData.Count > 0) throw ServerError.Invalid($"ArrayOfVector does not support nullable, field: {name}");
                var va = v?.VectorArray
                    ?? throw ServerError.Invalid($"array of vector field '{name}' is illegal, array type mismatch", $"need {TypeNames.Go(f.ElementType)} array", "got nil");
                foreach (var row in va.Data)
                {
                    if (row.FloatVector is null)
                        throw ServerError.Invalid($"array of vector field '{name}' is illegal, array type mismatch", "need float vector array", "got nil");
                    foreach (var x in row.FloatVector.Data) VerifyFloat(x);
                }
                break;
            case DataType.Timestamptz:
                if (s?.StringData is null) throw ServerError.Invalid("timestamptz field data must be a string array");
                col.Raw = [];
                foreach (var text in s.StringData.Data)
                    col.Raw.Add(Timestamptz.Parse(text, timezone)
                        ?? throw ServerError.Invalid($"got invalid timestamptz string '{text}': invalid timezone name; must be a valid IANA Time Zone ID (e.g., 'Asia/Shanghai' or 'UTC')"));
                break;
        }
    }

    internal static void VerifyFloat(double x)
    {
        if (double.IsFinite(x)) return;
        string shown = double.IsNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf";
        throw ServerError.Unexpected($"value '{shown}' is not a number or infinity");
    }

    // typeutil.VerifyFloats16 / VerifyBFloats16 (plain errors, 65535).
    private static void VerifyHalfs(ReadOnlySpan<byte> bytes, bool bfloat)
    {
        string kind = bfloat ? "bfloat16" : "float16";
        if (bytes.Length % 2 != 0)
            throw ServerError.Unexpected(bfloat ? "The length of bfloat16 in not aligned to 2" : "The length of float16 is not aligned to 2.");
        for (int i = 0; i + 1 < bytes.Length; i += 2)
        {
            ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes[i..]);
            bool special = bfloat ? (bits & 0x7F80) == 0x7F80 : (bits & 0x7C00) == 0x7C00;
            if (special) throw ServerError.Unexpected($"{kind} vector contain nan or infinity value.");
        }
    }

    private static void MaxLengthPerRow(FieldSchema f, IList<string>? values, string kind)
    {
        int max = SchemaRules.MaxLength(f);
        if (values is null) return;
        for (int i = 0; i < values.Count; i++)
        {
            int len = Encoding.UTF8.GetByteCount(values[i]);
            if (len > max)
                throw ServerError.Invalid($"length of {kind} field {f.Name} exceeds max length, row number: {i}, length: {len}, max length: {max}");
        }
    }

    private static void Overflow(IList<int>? values, DataType t)
    {
        if (values is null) return;
        var (lb, ub) = t == DataType.Int8 ? (sbyte.MinValue, sbyte.MaxValue) : (short.MinValue, (int)short.MaxValue);
        for (int i = 0; i < values.Count; i++)
            if (values[i] < lb || values[i] > ub)
                throw ServerError.Invalid($"the {i}th element ({values[i]}) out of range: [{lb}, {ub}]", "integer doesn't overflow", "out of range");
    }

    private static int CellLength(ScalarField cell, DataType et) => et switch
    {
        DataType.Bool => cell.BoolData?.Data.Count ?? 0,
        DataType.Int8 or DataType.Int16 or DataType.Int32 => cell.IntData?.Data.Count ?? 0,
        DataType.Int64 => cell.LongData?.Data.Count ?? 0,
        DataType.Float => cell.FloatData?.Data.Count ?? 0,
        DataType.Double => cell.DoubleData?.Data.Count ?? 0,
        _ => cell.StringData?.Data.Count ?? 0,
    };

    /// <summary>checkArrayElement: every row's cell must carry the element type's slot (an empty one is fine).</summary>
    private static Array ArrayCell(FieldSchema f, ScalarField cell, int row)
    {
        var (want, slot) = f.ElementType switch
        {
            DataType.Bool => ("bool array", ScalarField.DataOneofCase.BoolData),
            DataType.Int8 or DataType.Int16 or DataType.Int32 => ("int array", ScalarField.DataOneofCase.IntData),
            DataType.Int64 => ("int64 array", ScalarField.DataOneofCase.LongData),
            DataType.Float => ("float array", ScalarField.DataOneofCase.FloatData),
            DataType.Double => ("double array", ScalarField.DataOneofCase.DoubleData),
            _ => ("string array", ScalarField.DataOneofCase.StringData),
        };
        if (cell.DataCase == ScalarField.DataOneofCase.None) throw ServerError.Invalid("insert data does not match", want, "nil array");
        if (cell.DataCase != slot) throw ServerError.Invalid("insert data does not match", want, $"*schemapb.ScalarField_{cell.DataCase} array");
        switch (f.ElementType)
        {
            case DataType.Bool: return cell.BoolData.Data.ToArray();
            case DataType.Int8 or DataType.Int16 or DataType.Int32:
                if (f.ElementType != DataType.Int32) Overflow(cell.IntData.Data, f.ElementType);
                return cell.IntData.Data.ToArray();
            case DataType.Int64: return cell.LongData.Data.ToArray();
            case DataType.Float: return cell.FloatData.Data.ToArray();
            case DataType.Double: return cell.DoubleData.Data.ToArray();
            default:
                int max = SchemaRules.MaxLength(f);
                var strings = cell.StringData.Data;
                for (int i = 0; i < strings.Count; i++)
                {
                    int len = Encoding.UTF8.GetByteCount(strings[i]);
                    if (len > max)
                        throw ServerError.Invalid($"length of {TypeNames.Go(f.DataType)} array field \"{f.Name}\" exceeds max length, row number: {row}, array index: {i}, length: {len}, max length: {max}");
                }
                return strings.ToArray();
        }
    }

    // ---- pass 2: valid_data, defaults and nulls (fillWithValue) ----

    public static void Fill(InsertColumn col, int numRows)
    {
        var f = col.Field;
        bool hasDefault = HasDefault(f);
        bool[] valid = col.Data is null ? new bool[numRows] : col.Data.ValidData.ToArray();
        bool isVector = TypeNames.IsVector(f.DataType);
        int expected = f.Nullable || hasDefault ? numRows : 0;
        if (hasDefault && isVector) throw ServerError.Invalid("vector type not support default value");
        if (valid.Length != expected)
            throw ServerError.Invalid($"the length of valid_data of field({f.Name}) is wrong", expected, valid.Length);
        col.Valid = valid;
        if (valid.Length == 0 || isVector) return;   // vectors stay compact; the alignment pass counts them

        int trues = valid.Count(x => x);
        if (col.Raw.Count != trues)
        {
            // The Timestamptz default branch swallows this error; the row count check then reports it.
            if (hasDefault && f.DataType == DataType.Timestamptz)
                throw ServerError.Invalid($"the num_rows ({col.Raw.Count}) of field ({col.Name}) is not equal to passed num_rows ({numRows})", numRows, col.Raw.Count);
            throw ServerError.Invalid("the length of field is wrong", trues, col.Raw.Count);
        }
        var map = new int[numRows];
        int next = 0;
        for (int i = 0; i < numRows; i++) map[i] = valid[i] ? next++ : -1;
        col.Map = map;
        col.DefaultValue = hasDefault ? DefaultOf(f) : null;
    }

    // ---- pass 3: row counts and dimensions (checkAligned) ----

    public static void Align(InsertColumn col, int numRows)
    {
        var f = col.Field;
        string name = col.Name;
        ServerError Rows(long n) => ServerError.Invalid($"the num_rows ({n}) of field ({name}) is not equal to passed num_rows ({numRows})", numRows, n);
        ServerError Dim(long dataDim, long dim) => ServerError.Invalid($"the dim ({dataDim}) of field data({name}) is not equal to schema dim ({dim})", dim, dataDim);
        int expectedVectors = f.Nullable && col.Valid.Length > 0 ? col.Valid.Count(x => x) : numRows;
        var v = col.Data?.Vectors;
        switch (f.DataType)
        {
            case DataType.FloatVector or DataType.BinaryVector or DataType.Float16Vector or DataType.Bfloat16Vector or DataType.Int8Vector:
            {
                if (v is null || v.DataCase == VectorField.DataOneofCase.None)
                {
                    if (expectedVectors != 0) throw Rows(0);
                    col.Raw = [];
                    break;
                }
                int dim = SchemaRules.IntParam(f, "dim");
                long n;
                if (f.DataType == DataType.FloatVector)
                {
                    int len = v.FloatVector?.Data.Count ?? 0;
                    if (len % dim != 0) throw ServerError.Unexpected($"the length({len}) of float data should divide the dim({dim})");
                    if (v.Dim != dim) throw Dim(v.Dim, dim);
                    n = len / dim;
                }
                else if (f.DataType == DataType.Int8Vector)
                {
                    int len = v.Int8Vector.Length;
                    if (len % dim != 0) throw ServerError.Unexpected($"the length({len}) of int8 data should divide the dim({dim})");
                    if (v.Dim != dim) throw Dim(v.Dim, dim);
                    n = len / dim;
                }
                else
                {
                    if (v.Dim != dim) throw Dim(v.Dim, dim);
                    var bytes = Bytes(v);
                    if (f.DataType == DataType.BinaryVector)
                    {
                        if (8L * bytes.Length % dim != 0) throw ServerError.Unexpected($"the num({8L * bytes.Length}) of all bits should divide the dim({dim})");
                        n = 8L * bytes.Length / dim;
                    }
                    else
                    {
                        string kind = f.DataType == DataType.Float16Vector ? "float16" : "bfloat";
                        if (bytes.Length % (2 * dim) != 0) throw ServerError.Unexpected($"the length({bytes.Length}) of {kind} data should divide the row width({2 * dim})");
                        n = bytes.Length / (2 * dim);
                    }
                }
                if (n != expectedVectors) throw Rows(n);
                col.Raw = SplitVectors(f, v, dim, (int)n);
                break;
            }
            case DataType.SparseFloatVector:
                if (v?.SparseFloatVector is null)
                {
                    if (expectedVectors != 0) throw Rows(0);
                    col.Raw = [];
                    break;
                }
                if (v.SparseFloatVector.Contents.Count != expectedVectors) throw Rows(v.SparseFloatVector.Contents.Count);
                col.Raw = v.SparseFloatVector.Contents.Select(c => (object?)c.ToByteArray()).ToList();
                break;
            case DataType.ArrayOfVector:
            {
                var va = v?.VectorArray;
                if (va is null)
                {
                    if (numRows != 0) throw Rows(0);
                    break;
                }
                int dim = SchemaRules.IntParam(f, "dim");
                if (va.Dim != dim) throw Dim(va.Dim, dim);
                if (va.Data.Count != numRows) throw Rows(va.Data.Count);
                col.Raw = [];
                foreach (var row in va.Data)
                {
                    int len = row.FloatVector.Data.Count;
                    if (len % dim != 0) throw ServerError.Unexpected($"the length({len}) of float data should divide the dim({dim})");
                    var vectors = new float[len / dim][];
                    for (int k = 0; k < vectors.Length; k++) vectors[k] = row.FloatVector.Data.Skip(k * dim).Take(dim).ToArray();
                    col.Raw.Add(vectors);
                }
                break;
            }
            default:
                // Scalars: dense after the fill pass (or as sent when neither nullable nor defaulted).
                int rows = col.Map?.Length ?? col.Raw.Count;
                if (rows != numRows) throw Rows(rows);
                break;
        }
        if (TypeNames.IsVector(f.DataType) && f.DataType != DataType.ArrayOfVector && col.Valid.Length > 0)
        {
            var map = new int[numRows];
            int next = 0;
            for (int i = 0; i < numRows; i++) map[i] = col.Valid[i] ? next++ : -1;
            col.Map = map;
        }
    }

    private static ByteString Bytes(VectorField v) => v.DataCase switch
    {
        VectorField.DataOneofCase.BinaryVector => v.BinaryVector,
        VectorField.DataOneofCase.Float16Vector => v.Float16Vector,
        VectorField.DataOneofCase.Bfloat16Vector => v.Bfloat16Vector,
        VectorField.DataOneofCase.Int8Vector => v.Int8Vector,
        _ => ByteString.Empty,
    };

    private static List<object?> SplitVectors(FieldSchema f, VectorField v, int dim, int n)
    {
        var rows = new List<object?>(n);
        if (f.DataType == DataType.FloatVector)
        {
            var data = v.FloatVector.Data;
            for (int i = 0; i < n; i++)
            {
                var row = new float[dim];
                for (int k = 0; k < dim; k++) row[k] = data[i * dim + k];
                rows.Add(row);
            }
            return rows;
        }
        var bytes = Bytes(v);
        int per = TypeNames.RowBytes(f.DataType, dim);
        for (int i = 0; i < n; i++) rows.Add(bytes.Span.Slice(i * per, per).ToArray());
        return rows;
    }

    internal static bool HasDefault(FieldSchema f) => f.DefaultValue is { DataCase: not ValueField.DataOneofCase.None };

    /// <summary>The field's default value as a stored value, or null.</summary>
    internal static object? DefaultOf(FieldSchema f) => f.DefaultValue?.DataCase switch
    {
        ValueField.DataOneofCase.BoolData => f.DefaultValue.BoolData,
        ValueField.DataOneofCase.IntData => f.DefaultValue.IntData,
        ValueField.DataOneofCase.LongData => f.DefaultValue.LongData,
        ValueField.DataOneofCase.FloatData => f.DefaultValue.FloatData,
        ValueField.DataOneofCase.DoubleData => f.DefaultValue.DoubleData,
        ValueField.DataOneofCase.TimestamptzData => f.DefaultValue.TimestamptzData,
        ValueField.DataOneofCase.StringData when f.DataType == DataType.Geometry => Wkt.Normalize(f.DefaultValue.StringData),
        ValueField.DataOneofCase.StringData => f.DefaultValue.StringData,
        ValueField.DataOneofCase.BytesData => f.DefaultValue.BytesData.ToStringUtf8(),
        _ => null,
    };

    /// <summary>A JSON text check (the dynamic field must hold objects; static JSON fields must parse).</summary>
    internal static JsonDocument? ParseJson(string text)
    {
        try { return JsonDocument.Parse(text); }
        catch (JsonException) { return null; }
    }
}
