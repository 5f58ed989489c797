using System.Globalization;
using System.Text.Json;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Service;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;

namespace MilvusDM.TestServer.Validation;

/// <summary>
/// CreateCollection checks in Milvus 2.6's order and words: the proxy's createCollectionTask.PreExecute
/// (counts, names, primary key, auto id, types, partition key, properties, clustering key, per-field type params,
/// struct arrays, duplicates), then rootcoord's validateSchema (name match, default values, nullability, struct
/// sub-field rules). Plain Go errors keep Milvus's code 65535; merr-wrapped ones their merr code.
/// </summary>
internal static class SchemaRules
{
    public const int MaxFields = 64, MaxDimension = 32768, MaxVarCharLength = 65535, MaxTextLength = 2 * 1024 * 1024,
        MaxCapacityLimit = 4096, MaxShards = 16, MaxPartitions = 1024, DefaultPartitionsWithKey = 16;

    public static int IntParam(FieldSchema f, string key)
    {
        var kv = f.TypeParams.FirstOrDefault(p => p.Key == key)
            ?? throw ServerError.Invalid($"type param({key}) should be specified for the field({f.Name}) of type {TypeNames.Go(f.DataType)}");
        return int.TryParse(kv.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : throw ServerError.Invalid($"the value of {key} of field {f.Name} must be an integer, got '{kv.Value}'");
    }

    /// <summary>parameterutil.GetMaxLength, as the insert check reads it.</summary>
    public static int MaxLength(FieldSchema f)
    {
        var kv = f.TypeParams.FirstOrDefault(p => p.Key == "max_length")
            ?? throw ServerError.Invalid("max length not found", "max length key in type parameters", "not found");
        return int.TryParse(kv.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : throw ServerError.Invalid($"invalid max length: {kv.Value}", "value of max length should be of int", kv.Value);
    }

    /// <summary>Every check; <paramref name="request"/> carries the name, shards, partitions and properties.</summary>
    public static void Validate(CreateCollectionRequest request, CollectionSchema schema, TestServerOptions options)
    {
        var props = request.Properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        ValidateFunctions(schema);
        if (request.ShardsNum > MaxShards) throw ServerError.Unexpected($"maximum shards's number should be limited to {MaxShards}");
        int total = schema.Fields.Count + schema.StructArrayFields.Sum(s => s.Fields.Count + 1);
        if (total > MaxFields) throw ServerError.Unexpected($"maximum field's number should be limited to {MaxFields}");
        int vectors = schema.Fields.Count(f => TypeNames.IsVector(f.DataType)) + schema.StructArrayFields.Sum(s => s.Fields.Count(f => TypeNames.IsVector(f.DataType)));
        if (vectors > options.VectorFieldLimit) throw ServerError.Unexpected($"maximum vector field's number should be limited to {options.VectorFieldLimit}");
        if (vectors == 0) throw ServerError.Invalid("schema does not contain vector field");
        Names.Collection(schema.Name);
        PrimaryKey(schema);
        if (schema.Fields.Any(f => f.IsDynamic)) throw ServerError.Unexpected("cannot explicitly set a field as a dynamic field");
        AutoId(schema);
        FieldTypes(schema, options);
        PartitionKey(request, schema);
        if (props.TryGetValue("timezone", out var tz) && Timestamptz.FindZone(tz) is null)
            throw ServerError.Invalid($"unknown or invalid IANA Time Zone ID: {tz}");
        CollectionTtl(props);
        ClusteringKey(schema);
        foreach (var f in schema.Fields) Field(f, schema.Name);
        foreach (var s in schema.StructArrayFields) StructField(s, schema.Name);
        DuplicateNames(schema);

        // rootcoord
        if (request.CollectionName != schema.Name)
            throw ServerError.Invalid($"collection name = {request.CollectionName}, schema.Name={schema.Name}", "collection name matches schema name", "don't match");
        foreach (var f in schema.Fields) RootcoordField(f, props, options);
        foreach (var s in schema.StructArrayFields) RootcoordStruct(s);
        if (schema.Fields.Any(f => f.Name is "RowID" or "Timestamp" or "$meta" or "$namespace_id"))
            throw ServerError.Invalid("schema contains system field: RowID, Timestamp, $meta, $namespace_id", "schema don't contains system field", "contains");
    }

    private static void PrimaryKey(CollectionSchema schema)
    {
        FieldSchema? pk = null;
        foreach (var f in schema.Fields.Where(f => f.IsPrimaryKey))
        {
            if (pk is not null) throw ServerError.Unexpected($"there are more than one primary key, field name = {pk.Name}, {f.Name}");
            if (f.DataType is not (DataType.Int64 or DataType.VarChar)) throw ServerError.Unexpected("the data type of primary key should be Int64 or VarChar");
            pk = f;
        }
        if (pk is null) throw ServerError.Unexpected("primary key is not specified");
        foreach (var sub in schema.StructArrayFields.SelectMany(s => s.Fields).Where(f => f.IsPrimaryKey))
            throw ServerError.Unexpected($"primary key is not supported for struct field, field name = {sub.Name}");
    }

    private static void AutoId(CollectionSchema schema)
    {
        FieldSchema? auto = null;
        foreach (var f in schema.Fields.Where(f => f.AutoID))
        {
            if (auto is not null) throw ServerError.Unexpected($"only one field can speficy AutoID with true, field name = {auto.Name}, {f.Name}");
            auto = f;
            if (!f.IsPrimaryKey) throw ServerError.Unexpected($"only primary field can speficy AutoID with true, field name = {f.Name}");
        }
        foreach (var sub in schema.StructArrayFields.SelectMany(s => s.Fields).Where(f => f.AutoID))
            throw ServerError.Unexpected($"autoID is not supported for struct field, field name = {sub.Name}");
    }

    private static void FieldTypes(CollectionSchema schema, TestServerOptions options)
    {
        foreach (var f in schema.Fields)
        {
            switch (f.DataType)
            {
                case DataType.String: throw ServerError.Unexpected("string data type not supported yet, please use VarChar type instead");
                case DataType.None: throw ServerError.Unexpected("data type None is not valid");
                case DataType.Array: ElementType(f.ElementType); break;
            }
            // The release each type came with (Milvus docs: "Compatible with Milvus 2.6.4+" etc.).
            bool known = f.DataType switch
            {
                DataType.Text or DataType.Int8Vector => options.AtLeast(2, 6, 0),
                DataType.Geometry => options.AtLeast(2, 6, 4),
                DataType.Timestamptz => options.AtLeast(2, 6, 6),
                _ => true,
            };
            if (!known)
                throw new ServerError(1100, $"invalid parameter[expected=Invalid field][actual=field data type: {(int)f.DataType} is not supported]");
        }
        if (schema.StructArrayFields.Count > 0 && !options.AtLeast(2, 6, 4))
            throw new ServerError(1100, "invalid parameter[expected=Invalid field][actual=struct array fields are not supported before Milvus 2.6]");
        foreach (var sub in schema.StructArrayFields.SelectMany(s => s.Fields))
            if (sub.DataType is not (DataType.Array or DataType.ArrayOfVector))
                throw ServerError.Unexpected($"fields in StructArrayField must be Array or ArrayOfVector, field name = {sub.Name}, field type = {TypeNames.Go(sub.DataType)}");
    }

    private static void ElementType(DataType t)
    {
        if (TypeNames.IsArrayElement(t)) return;
        throw t switch
        {
            DataType.String => ServerError.Unexpected("string data type not supported yet, please use VarChar type instead"),
            DataType.None => ServerError.Unexpected("element data type None is not valid"),
            _ => ServerError.Unexpected($"element type {TypeNames.Go(t)} is not supported"),
        };
    }

    private static void PartitionKey(CreateCollectionRequest request, CollectionSchema schema)
    {
        FieldSchema? key = null;
        foreach (var f in schema.Fields.Where(f => f.IsPartitionKey))
        {
            if (key is not null) throw ServerError.Unexpected($"there are more than one partition key, field name = {key.Name}, {f.Name}");
            if (f.IsPrimaryKey) throw ServerError.Unexpected("the partition key field must not be primary field");
            if (f.Nullable) throw ServerError.Invalid("partition key field not support nullable");
            if (f.DataType is not (DataType.Int64 or DataType.VarChar)) throw ServerError.Unexpected("the data type of partition key should be Int64 or VarChar");
            if (request.NumPartitions < 0) throw ServerError.Unexpected("the specified partitions should be greater than 0 if partition key is used");
            if (request.NumPartitions > MaxPartitions)
                throw ServerError.Invalid($"partition number ({request.NumPartitions}) exceeds max configuration ({MaxPartitions})");
            key = f;
        }
        foreach (var sub in schema.StructArrayFields.SelectMany(s => s.Fields).Where(f => f.IsPartitionKey))
            throw new ServerError(105, $"partition key is not supported for struct field, field name = {sub.Name}: illegal collection schema[collection={request.CollectionName}]");
        if (key is null && request.NumPartitions != 0) throw ServerError.Unexpected("num_partitions should only be specified with partition key field enabled");
    }

    public static void CollectionTtl(IReadOnlyDictionary<string, string> props)
    {
        if (!props.TryGetValue("collection.ttl.seconds", out var v)) return;
        if (!long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ttl))
            throw ServerError.Invalid("collection TTL is not a valid positive integer");
        if (ttl < -1 || ttl > 3155760000) throw ServerError.Invalid($"collection TTL is out of range, expect [-1, 3155760000], got {ttl}");
    }

    private static void ClusteringKey(CollectionSchema schema)
    {
        FieldSchema? key = null;
        foreach (var f in schema.Fields.Where(f => f.IsClusteringKey))
        {
            if (key is not null)
                throw new ServerError(105, $"there are more than one clustering key, field name = {key.Name}, {f.Name}: illegal collection schema[collection={schema.Name}]");
            if (f.DataType == DataType.FloatVector) throw new ServerError(107, $"vector clustering key not allowed[collection={schema.Name}]");
            if (!(TypeNames.IsArithmetic(f.DataType) || f.DataType is DataType.VarChar or DataType.String))
                throw new ServerError(105, $"clustering key field {f.Name} has unsupported data type {TypeNames.Go(f.DataType)}: illegal collection schema[collection={schema.Name}]");
            key = f;
        }
    }

    /// <summary>proxy ValidateField: name, dimension, max_length, max_capacity, no top-level ArrayOfVector.</summary>
    private static void Field(FieldSchema f, string collection)
    {
        Names.Field(f.Name);
        if (TypeNames.IsVector(f.DataType)) Dimension(f);
        if (f.DataType == DataType.VarChar || (f.DataType == DataType.Array && f.ElementType == DataType.VarChar)) MaxLengthParam(f, collection);
        if (f.DataType == DataType.Array) MaxCapacityParam(f, collection);
        if (f.DataType == DataType.ArrayOfVector) throw ServerError.Unexpected($"array of vector can only be in the struct array field, field name: {f.Name}");
    }

    private static void Dimension(FieldSchema f)
    {
        var kv = f.TypeParams.FirstOrDefault(p => p.Key == "dim");
        if (f.DataType == DataType.SparseFloatVector)
        {
            if (kv is not null) throw ServerError.Unexpected($"dim should not be specified for sparse vector field {f.Name}({f.FieldID})");
            return;
        }
        if (kv is null) throw ServerError.Unexpected($"dimension is not defined in field type params of field {f.Name}, check type param `dim` for vector field");
        if (!long.TryParse(kv.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var dim))
            throw ServerError.Unexpected($"strconv.ParseInt: parsing \"{kv.Value}\": invalid syntax");
        if (dim <= 1) throw ServerError.Unexpected($"invalid dimension: {dim}. should be in range 2 ~ {MaxDimension}");
        if (f.DataType == DataType.BinaryVector)
        {
            if (dim % 8 != 0) throw ServerError.Unexpected($"invalid dimension: {dim} of field {f.Name}. binary vector dimension should be multiple of 8. ");
            if (dim > MaxDimension * 8L) throw ServerError.Unexpected($"invalid dimension: {dim} of field {f.Name}. binary vector dimension should be in range 2 ~ {MaxDimension * 8}");
        }
        else if (dim > MaxDimension)
            throw ServerError.Unexpected($"invalid dimension: {dim} of field {f.Name}. float vector dimension should be in range 2 ~ {MaxDimension}");
    }

    private static void MaxLengthParam(FieldSchema f, string collection)
    {
        bool found = false;
        foreach (var kv in f.TypeParams.Where(p => p.Key == "max_length"))
        {
            if (!long.TryParse(kv.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var max))
                throw ServerError.Unexpected($"strconv.ParseInt: parsing \"{kv.Value}\": invalid syntax");
            long limit = f.DataType == DataType.Text ? MaxTextLength : MaxVarCharLength;
            if (max > limit || max <= 0)
                throw ServerError.Invalid($"the maximum length specified for the field({f.Name}) should be in (0, {limit}], but got {max} instead");
            found = true;
        }
        if (!found) throw ServerError.Unexpected($"type param(max_length) should be specified for the field({f.Name}) of collection {collection}");
    }

    private static void MaxCapacityParam(FieldSchema f, string collection)
    {
        bool found = false;
        foreach (var kv in f.TypeParams.Where(p => p.Key == "max_capacity"))
        {
            if (!long.TryParse(kv.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cap))
                throw ServerError.Unexpected($"the value for max_capacity of field {f.Name} must be an integer");
            if (cap > MaxCapacityLimit || cap <= 0) throw ServerError.Unexpected($"the maximum capacity specified for a Array should be in (0, {MaxCapacityLimit}]");
            found = true;
        }
        if (!found) throw ServerError.Unexpected($"type param(max_capacity) should be specified for array field {f.Name} of collection {collection}");
    }

    /// <summary>proxy ValidateStructArrayField / ValidateFieldsInStruct.</summary>
    private static void StructField(StructArrayFieldSchema s, string collection)
    {
        if (s.Fields.Count == 0) throw ServerError.Unexpected($"struct array field {s.Name} has no sub-fields");
        foreach (var f in s.Fields)
        {
            Names.Field(f.Name);
            if (f.DataType is not (DataType.Array or DataType.ArrayOfVector))
                throw ServerError.Unexpected($"fields in StructArrayField can only be array or array of struct, but field {f.Name} is {TypeNames.Go(f.DataType)}");
            if (f.ElementType is DataType.ArrayOfStruct or DataType.ArrayOfVector or DataType.Array)
                throw ServerError.Unexpected($"nested array is not supported {f.Name}");
            if (f.DataType == DataType.Array) ElementType(f.ElementType);
            else
            {
                if (f.ElementType != DataType.FloatVector)
                    throw ServerError.Unexpected($"unsupported element type of array field {f.Name}, now only float vector is supported");
                Dimension(f);
            }
            if (f.ElementType == DataType.VarChar) MaxLengthParam(f, collection);
            if (f.Nullable) throw ServerError.Unexpected($"nullable is not supported for fields in struct array now, fieldName = {f.Name}");
        }
    }

    private static void DuplicateNames(CollectionSchema schema)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Add(string n)
        {
            if (!names.Add(n)) throw ServerError.Unexpected($"duplicated field name {n} found");
        }
        foreach (var f in schema.Fields) Add(f.Name);
        foreach (var s in schema.StructArrayFields)
        {
            Add(s.Name);
            foreach (var f in s.Fields) Add($"{s.Name}[{f.Name}]");
        }
    }

    /// <summary>rootcoord checkFieldSchema: types, nullability, default values, duplicate params.</summary>
    private static void RootcoordField(FieldSchema f, IReadOnlyDictionary<string, string> props, TestServerOptions options)
    {
        string type = TypeNames.Go(f.DataType);
        if (f.DataType == DataType.ArrayOfStruct) throw ServerError.Invalid($"Invalid field type, type:{type}, name:{f.Name}");
        if (f.Nullable && f.IsPrimaryKey) throw ServerError.Invalid($"primary field not support null, type:{type}, name:{f.Name}");
        if (f.Nullable && TypeNames.IsVector(f.DataType) && !options.AtLeast(2, 6, 18))
            throw ServerError.Invalid($"vector type not support null, type:{type}, name:{f.Name}");
        if (f.DefaultValue is { DataCase: not ValueField.DataOneofCase.None } dv) DefaultValue(f, dv, props);
        DuplicateKeys(f.TypeParams, "type");
        DuplicateKeys(f.IndexParams, "index");
    }

    private static void DefaultValue(FieldSchema f, ValueField dv, IReadOnlyDictionary<string, string> props)
    {
        string type = TypeNames.Go(f.DataType);
        if (f.IsPrimaryKey) throw ServerError.Invalid($"primary field not support default_value, type:{type}, name:{f.Name}");
        if (f.DataType == DataType.Array || TypeNames.IsVector(f.DataType) || (f.DataType == DataType.Json && !f.IsDynamic))
            throw ServerError.Invalid($"type not support default_value, type:{type}, name:{f.Name}");
        if (f.DataType == DataType.Geometry)
        {
            try { Wkt.Normalize(dv.StringData); }
            catch (WktException) { throw ServerError.Invalid("invalid default value for geometry field"); }
            return;
        }
        ServerError Mismatch(string valueType) => ServerError.Invalid($"type ({type}) of field ({f.Name}) is not equal to the type({valueType}) of default_value");
        switch (dv.DataCase)
        {
            case ValueField.DataOneofCase.BoolData when f.DataType != DataType.Bool: throw Mismatch("DataType_Bool");
            case ValueField.DataOneofCase.IntData when f.DataType is not (DataType.Int8 or DataType.Int16 or DataType.Int32): throw Mismatch("DataType_Int");
            case ValueField.DataOneofCase.IntData when f.DataType == DataType.Int16 && dv.IntData is > short.MaxValue or < short.MinValue:
                throw ServerError.OutOfRange("default value out of range", short.MinValue, short.MaxValue, dv.IntData);
            case ValueField.DataOneofCase.IntData when f.DataType == DataType.Int8 && dv.IntData is > sbyte.MaxValue or < sbyte.MinValue:
                throw ServerError.OutOfRange("default value out of range", sbyte.MinValue, sbyte.MaxValue, dv.IntData);
            case ValueField.DataOneofCase.LongData when f.DataType != DataType.Int64: throw Mismatch("DataType_Int64");
            case ValueField.DataOneofCase.FloatData when f.DataType != DataType.Float: throw Mismatch("DataType_Float");
            case ValueField.DataOneofCase.DoubleData when f.DataType != DataType.Double: throw Mismatch("DataType_Double");
            case ValueField.DataOneofCase.TimestamptzData when f.DataType != DataType.Timestamptz: throw Mismatch("DataType_Timestamptz");
            case ValueField.DataOneofCase.StringData when f.DataType is not (DataType.VarChar or DataType.Timestamptz): throw Mismatch("DataType_VarChar");
            case ValueField.DataOneofCase.StringData when f.DataType == DataType.VarChar:
                int max = MaxLength(f);
                int len = System.Text.Encoding.UTF8.GetByteCount(dv.StringData);
                if (len > max) throw ServerError.Invalid($"the length ({len}) of string exceeds max length ({max})", "valid length string", "string length exceeds max length");
                break;
            case ValueField.DataOneofCase.StringData when f.DataType == DataType.Timestamptz:
                // rootcoord rewrites an ISO default to UTC microseconds (CheckAndRewriteTimestampTzDefaultValue).
                string tz = props.TryGetValue("timezone", out var z) ? z : Timestamptz.DefaultTimezone;
                if (dv.StringData.Length > 0)
                    dv.TimestamptzData = Timestamptz.Parse(dv.StringData, tz)
                        ?? throw ServerError.Unexpected($"invalid timestamp string: '{dv.StringData}'. Does not match any known format");
                break;
            case ValueField.DataOneofCase.BytesData when f.DataType != DataType.Json: throw Mismatch("DataType_SJON");
        }
    }

    private static void DuplicateKeys(IEnumerable<KeyValuePair> kvs, string kind)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kv in kvs)
            if (!seen.Add(kv.Key)) throw ServerError.Invalid($"duplicated {kind} param key \"{kv.Key}\"");
    }

    /// <summary>rootcoord checkStructArrayFieldSchema: no keys, no defaults, one shared max_capacity.</summary>
    private static void RootcoordStruct(StructArrayFieldSchema s)
    {
        long? expected = null;
        foreach (var f in s.Fields)
        {
            if (f.IsPartitionKey || f.IsPrimaryKey)
                throw ServerError.Invalid($"partition key or primary key can not be in struct array field. data type:{TypeNames.Go(f.DataType)}, element type:{TypeNames.Go(f.ElementType)}, name:{f.Name}");
            if (f.DefaultValue is { DataCase: not ValueField.DataOneofCase.None })
                throw ServerError.Invalid($"fields in struct array field not support default_value, data type:{TypeNames.Go(f.DataType)}, element type:{TypeNames.Go(f.ElementType)}, name:{f.Name}");
            DuplicateKeys(f.TypeParams, "type");
            DuplicateKeys(f.IndexParams, "index");
        }
        foreach (var f in s.Fields)
        {
            var kv = f.TypeParams.FirstOrDefault(p => p.Key == "max_capacity")
                ?? throw ServerError.Invalid($"type param(max_capacity) should be specified for field {f.Name} in struct array field {s.Name}");
            if (!long.TryParse(kv.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cap))
                throw ServerError.Invalid($"the value for max_capacity of field {f.Name} in struct array field {s.Name} must be an integer");
            if (cap > MaxCapacityLimit || cap <= 0) throw ServerError.Invalid($"the maximum capacity specified for a Array should be in (0, {MaxCapacityLimit}]");
            if (expected is { } e && e != cap)
                throw ServerError.Invalid($"all sub-fields in struct array field must have the same max_capacity: structName={s.Name}, subFieldName={f.Name}, max_capacity={cap}, expected={e}");
            expected ??= cap;
        }
    }

    private static void ValidateFunctions(CollectionSchema schema)
    {
        var names = schema.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var fn in schema.Functions)
        {
            foreach (var n in fn.InputFieldNames.Concat(fn.OutputFieldNames))
                if (!names.Contains(n)) throw ServerError.Unexpected($"function {fn.Name} refers to unknown field {n}");
            foreach (var output in schema.Fields.Where(f => fn.OutputFieldNames.Contains(f.Name)))
                if (output.Nullable) throw ServerError.Invalid($"function output field cannot be nullable: function {fn.Name}, field {output.Name}");
            if (fn.Type == FunctionType.Bm25)
            {
                var input = schema.Fields.First(f => f.Name == fn.InputFieldNames.Single());
                var output = schema.Fields.First(f => f.Name == fn.OutputFieldNames.Single());
                if (input.DataType is not (DataType.VarChar or DataType.Text)) throw ServerError.Unexpected($"BM25 function input field {input.Name} must be VarChar or Text");
                if (output.DataType != DataType.SparseFloatVector) throw ServerError.Unexpected($"BM25 function output field {output.Name} must be SparseFloatVector");
                if (!input.TypeParams.Any(p => p.Key == "enable_analyzer" && p.Value.Equals("true", StringComparison.OrdinalIgnoreCase)))
                    throw ServerError.Unexpected($"BM25 function input field {input.Name} must set enable_analyzer=true");
            }
        }
    }
}
