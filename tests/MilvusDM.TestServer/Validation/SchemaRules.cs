using System.Globalization;
using System.Text.RegularExpressions;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Service;

namespace MilvusDM.TestServer.Validation;

/// <summary>CreateCollection checks, with Milvus's default limits (milvus-protocol.md §7).</summary>
internal static partial class SchemaRules
{
    public const int MaxFields = 64, MaxVectorFields = 4, MaxDimension = 32768, MaxVarCharLength = 65535, MaxCapacityLimit = 4096, MaxShards = 16;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,254}$")]
    private static partial Regex NamePattern();

    public static void ValidateName(string name, string what)
    {
        if (string.IsNullOrEmpty(name)) throw ServerError.Invalid($"the {what} name should not be empty");
        if (!NamePattern().IsMatch(name))
            throw ServerError.Invalid($"the {what} name '{name}' is illegal: it must start with a letter or underscore and contain only letters, digits and underscores (at most 255 characters)");
    }

    public static int IntParam(FieldSchema f, string key)
    {
        var kv = f.TypeParams.FirstOrDefault(p => p.Key == key)
            ?? throw ServerError.Invalid($"type param({key}) should be specified for the field({f.Name}) of type {f.DataType}");
        return int.TryParse(kv.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : throw ServerError.Invalid($"the value of {key} of field {f.Name} must be an integer, got '{kv.Value}'");
    }

    public static int MaxLength(FieldSchema f) => IntParam(f, "max_length");

    public static void Validate(CollectionSchema schema, int shards)
    {
        if (schema.Fields.Count == 0) throw ServerError.Invalid("schema does not contain any field");
        if (schema.Fields.Count > MaxFields) throw ServerError.Invalid($"maximum field's number should be limited to {MaxFields}");
        if (shards > MaxShards) throw ServerError.Invalid($"maximum shards's number should be limited to {MaxShards}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in schema.Fields)
        {
            ValidateName(f.Name, "field");
            if (!names.Add(f.Name)) throw ServerError.Invalid($"duplicated field name {f.Name} found");
            if (f.Name == "$meta" || f.IsDynamic) throw ServerError.Invalid("the $meta field is reserved: enable the dynamic field instead");
            ValidateField(f);
        }
        var pks = schema.Fields.Where(f => f.IsPrimaryKey).ToArray();
        if (pks.Length != 1) throw ServerError.Invalid(pks.Length == 0 ? "primary key is not specified" : "there are more than one primary key");
        var pk = pks[0];
        if (pk.DataType is not (DataType.Int64 or DataType.VarChar)) throw ServerError.Invalid("the data type of primary key should be Int64 or VarChar");
        if (pk.Nullable) throw ServerError.Invalid("primary field not support null");
        if (schema.Fields.Any(f => f.AutoID && !f.IsPrimaryKey)) throw ServerError.Invalid("only primary field can specify AutoID with true");
        int vectors = schema.Fields.Count(f => f.DataType >= DataType.BinaryVector);
        if (vectors == 0) throw ServerError.Invalid("schema does not contain vector field");
        if (vectors > MaxVectorFields) throw ServerError.Invalid($"maximum vector field's number should be limited to {MaxVectorFields}");
        var partitionKeys = schema.Fields.Where(f => f.IsPartitionKey).ToArray();
        if (partitionKeys.Length > 1) throw ServerError.Invalid("there are more than one partition key");
        if (partitionKeys is [var key])
        {
            if (key.IsPrimaryKey) throw ServerError.Invalid("the partition key field must not be primary field");
            if (key.DataType is not (DataType.Int64 or DataType.VarChar)) throw ServerError.Invalid("the data type of partition key should be Int64 or VarChar");
        }
        ValidateFunctions(schema, names);
    }

    private static void ValidateField(FieldSchema f)
    {
        switch (f.DataType)
        {
            case DataType.FloatVector or DataType.Float16Vector or DataType.Bfloat16Vector or DataType.Int8Vector or DataType.BinaryVector:
                int dim = IntParam(f, "dim");
                if (dim < 1 || dim > MaxDimension) throw ServerError.Invalid($"invalid dimension: {dim} of field {f.Name}. should be in range 1 ~ {MaxDimension}");
                if (f.DataType == DataType.BinaryVector && dim % 8 != 0) throw ServerError.Invalid($"invalid dimension: {dim} of field {f.Name}. binary vector dimension should be multiple of 8");
                break;
            case DataType.SparseFloatVector:
                if (f.TypeParams.Any(p => p.Key == "dim")) throw ServerError.Invalid($"dim should not be specified for sparse vector field {f.Name}");
                break;
            case DataType.VarChar:
                CheckMaxLength(f);
                break;
            case DataType.Array:
                if (f.ElementType is DataType.None or DataType.Array or DataType.Json || f.ElementType >= DataType.BinaryVector)
                    throw ServerError.Invalid($"element type {f.ElementType} is not supported for array field {f.Name}");
                int capacity = IntParam(f, "max_capacity");
                if (capacity < 1 || capacity > MaxCapacityLimit) throw ServerError.Invalid($"the maximum capacity specified for a Array should be in (0, {MaxCapacityLimit}]");
                if (f.ElementType == DataType.VarChar) CheckMaxLength(f);
                break;
            case DataType.Bool or DataType.Int8 or DataType.Int16 or DataType.Int32 or DataType.Int64 or DataType.Float or DataType.Double or DataType.Json:
                break;
            default:
                throw ServerError.Invalid($"field {f.Name}: data type {f.DataType} is not supported by this server");
        }
        if (f.DefaultValue is { DataCase: not ValueField.DataOneofCase.None } dv)
        {
            bool ok = (f.DataType, dv.DataCase) switch
            {
                (DataType.Bool, ValueField.DataOneofCase.BoolData) => true,
                (DataType.Int8 or DataType.Int16 or DataType.Int32, ValueField.DataOneofCase.IntData) => true,
                (DataType.Int64, ValueField.DataOneofCase.LongData) => true,
                (DataType.Float, ValueField.DataOneofCase.FloatData) => true,
                (DataType.Double, ValueField.DataOneofCase.DoubleData) => true,
                (DataType.VarChar, ValueField.DataOneofCase.StringData) => true,
                _ => false,
            };
            if (!ok) throw ServerError.Invalid($"type ({f.DataType}) of field ({f.Name}) is not equal to the type({dv.DataCase}) of default value");
            if (f.IsPrimaryKey) throw ServerError.Invalid("primary field not support default_value");
        }
        if (f.Nullable && f.DataType >= DataType.BinaryVector) throw ServerError.Invalid($"vector field {f.Name} does not support null in this server version");
    }

    private static void CheckMaxLength(FieldSchema f)
    {
        int max = MaxLength(f);
        if (max < 1 || max > MaxVarCharLength)
            throw ServerError.Invalid($"the maximum length specified for the field({f.Name}) should be in (0, {MaxVarCharLength}], but got {max} instead");
    }

    private static void ValidateFunctions(CollectionSchema schema, HashSet<string> names)
    {
        foreach (var fn in schema.Functions)
        {
            foreach (var n in fn.InputFieldNames.Concat(fn.OutputFieldNames))
                if (!names.Contains(n)) throw ServerError.Invalid($"function {fn.Name} refers to unknown field {n}");
            if (fn.Type == FunctionType.Bm25)
            {
                var input = schema.Fields.First(f => f.Name == fn.InputFieldNames.Single());
                var output = schema.Fields.First(f => f.Name == fn.OutputFieldNames.Single());
                if (input.DataType != DataType.VarChar) throw ServerError.Invalid($"BM25 function input field {input.Name} must be VarChar");
                if (output.DataType != DataType.SparseFloatVector) throw ServerError.Invalid($"BM25 function output field {output.Name} must be SparseFloatVector");
                if (!input.TypeParams.Any(p => p.Key == "enable_analyzer" && p.Value.Equals("true", StringComparison.OrdinalIgnoreCase)))
                    throw ServerError.Invalid($"BM25 function input field {input.Name} must set enable_analyzer=true");
            }
        }
    }
}
