using System.Globalization;
using Google.Protobuf;
using Milvus.Client.Grpc;
using MilvusDM.Core.Model;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;

namespace MilvusDM.Core.Milvus;

/// <summary>Maps <see cref="CollectionSpec"/>/<see cref="FieldSpec"/> to and from Milvus's schema messages.</summary>
internal static class SchemaConverter
{
    private const string DimKey = "dim", MaxLengthKey = "max_length", MaxCapacityKey = "max_capacity";

    public static CollectionSchema ToSchema(CollectionSpec spec)
    {
        var schema = new CollectionSchema
        {
            Name = spec.Name,
            Description = spec.Description,
            EnableDynamicField = spec.EnableDynamicField,
        };
        // $meta is never sent: the server adds it when enable_dynamic_field is set. Struct arrays travel apart.
        foreach (var f in spec.Fields.Where(f => !f.IsDynamic && f.DataType != MilvusDataType.ArrayOfStruct)) schema.Fields.Add(ToFieldSchema(f));
        foreach (var f in spec.Fields.Where(f => f.DataType == MilvusDataType.ArrayOfStruct)) schema.StructArrayFields.Add(ToStructSchema(f));
        foreach (var fn in spec.Functions) schema.Functions.Add(ToFunctionSchema(fn));
        return schema;
    }

    public static FieldSchema ToFieldSchema(FieldSpec f)
    {
        var fs = new FieldSchema
        {
            FieldID = f.FieldId,
            Name = f.Name,
            Description = f.Description,
            DataType = (DataType)f.DataType,
            ElementType = (DataType)f.ElementType,
            IsPrimaryKey = f.IsPrimaryKey,
            AutoID = f.AutoId,
            IsPartitionKey = f.IsPartitionKey,
            IsClusteringKey = f.IsClusteringKey,
            Nullable = f.IsNullable,
            IsDynamic = f.IsDynamic,
            IsFunctionOutput = f.IsFunctionOutput,
        };
        if (f.Dimension is { } dim) fs.TypeParams.Add(Kv(DimKey, dim.ToString(CultureInfo.InvariantCulture)));
        if (f.MaxLength is { } ml) fs.TypeParams.Add(Kv(MaxLengthKey, ml.ToString(CultureInfo.InvariantCulture)));
        if (f.MaxCapacity is { } mc) fs.TypeParams.Add(Kv(MaxCapacityKey, mc.ToString(CultureInfo.InvariantCulture)));
        foreach (var (k, v) in f.ExtraTypeParams) fs.TypeParams.Add(Kv(k, v));
        if (f.DefaultValue is { } dv) fs.DefaultValue = ToValueField(f, dv);
        return fs;
    }

    /// <summary>A struct-array field: its members are Array / ArrayOfVector fields sharing the struct's max_capacity.</summary>
    private static StructArrayFieldSchema ToStructSchema(FieldSpec f)
    {
        var s = new StructArrayFieldSchema { FieldID = f.FieldId, Name = f.Name, Description = f.Description };
        if (f.MaxCapacity is { } mc) s.TypeParams.Add(Kv(MaxCapacityKey, mc.ToString(CultureInfo.InvariantCulture)));
        foreach (var (k, v) in f.ExtraTypeParams) s.TypeParams.Add(Kv(k, v));
        foreach (var member in f.StructFields) s.Fields.Add(ToFieldSchema(member.MaxCapacity is null && f.MaxCapacity is not null ? member with { MaxCapacity = f.MaxCapacity } : member));
        return s;
    }

    private static FieldSpec FromStructSchema(StructArrayFieldSchema s)
    {
        int? maxCapacity = null;
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in s.TypeParams)
            if (kv.Key == MaxCapacityKey) maxCapacity = ParseInt(kv); else extra[kv.Key] = kv.Value;
        var members = s.Fields.Select(FromFieldSchema).ToArray();
        // DescribeCollection does not return the struct's own type_params: its members all carry the same max_capacity.
        return new FieldSpec
        {
            Name = s.Name, DataType = MilvusDataType.ArrayOfStruct, FieldId = s.FieldID, Description = s.Description,
            MaxCapacity = maxCapacity ?? members.FirstOrDefault()?.MaxCapacity, ExtraTypeParams = extra, StructFields = members,
        };
    }

    public static FieldSpec FromFieldSchema(FieldSchema fs)
    {
        int? dim = null, maxLength = null, maxCapacity = null;
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in fs.TypeParams)
        {
            switch (kv.Key)
            {
                case DimKey: dim = ParseInt(kv); break;
                case MaxLengthKey: maxLength = ParseInt(kv); break;
                case MaxCapacityKey: maxCapacity = ParseInt(kv); break;
                default: extra[kv.Key] = kv.Value; break;
            }
        }
        return new FieldSpec
        {
            Name = fs.Name,
            DataType = (MilvusDataType)fs.DataType,
            FieldId = fs.FieldID,
            Description = fs.Description,
            ElementType = (MilvusDataType)fs.ElementType,
            Dimension = dim,
            MaxLength = maxLength,
            MaxCapacity = maxCapacity,
            IsPrimaryKey = fs.IsPrimaryKey,
            AutoId = fs.AutoID,
            IsPartitionKey = fs.IsPartitionKey,
            IsClusteringKey = fs.IsClusteringKey,
            IsNullable = fs.Nullable,
            IsDynamic = fs.IsDynamic,
            IsFunctionOutput = fs.IsFunctionOutput,
            DefaultValue = fs.DefaultValue is null ? null : FromValueField(fs.DefaultValue) is var dv && fs.DataType == DataType.Timestamptz && dv is string iso
                ? Timestamps.ParseMicros(fs.Name, iso)   // DescribeCollection answers a Timestamptz default as ISO text
                : dv,
            ExtraTypeParams = extra,
        };
    }

    public static FunctionSchema ToFunctionSchema(FunctionSpec fn)
    {
        var f = new FunctionSchema
        {
            Name = fn.Name,
            Description = fn.Description,
            Type = Enum.TryParse<FunctionType>(fn.Type, ignoreCase: true, out var t) ? t
                : throw new ArgumentException($"Unknown function type '{fn.Type}'."),
        };
        f.InputFieldNames.AddRange(fn.InputFieldNames);
        f.OutputFieldNames.AddRange(fn.OutputFieldNames);
        foreach (var (k, v) in fn.Params) f.Params.Add(Kv(k, v));
        return f;
    }

    public static CollectionSpec FromDescribe(DescribeCollectionResponse r)
    {
        var functions = r.Schema.Functions.Select(fn => new FunctionSpec
        {
            Name = fn.Name,
            Description = fn.Description,
            Type = fn.Type == FunctionType.Bm25 ? "BM25" : fn.Type.ToString(),   // Milvus's own spelling
            InputFieldNames = fn.InputFieldNames.ToArray(),
            OutputFieldNames = fn.OutputFieldNames.ToArray(),
            Params = fn.Params.ToDictionary(p => p.Key, p => p.Value),
        }).ToArray();
        // Old servers do not always set is_function_output: derive it from the functions.
        var outputs = new HashSet<string>(functions.SelectMany(f => f.OutputFieldNames), StringComparer.Ordinal);
        var fields = r.Schema.Fields
            .Where(f => !f.IsDynamic)
            .Select(FromFieldSchema)
            .Select(f => outputs.Contains(f.Name) ? f with { IsFunctionOutput = true } : f)
            .Concat(r.Schema.StructArrayFields.Select(FromStructSchema))
            .ToArray();
        return new CollectionSpec
        {
            // The schema names the collection itself; collection_name echoes the request, which may be an alias.
            Name = string.IsNullOrEmpty(r.Schema.Name) ? r.CollectionName : r.Schema.Name,
            Description = r.Schema.Description,
            Fields = fields,
            EnableDynamicField = r.Schema.EnableDynamicField,
            Functions = functions,
            Properties = r.Properties.ToDictionary(p => p.Key, p => p.Value),
            ConsistencyLevel = (Model.ConsistencyLevel)r.ConsistencyLevel,
            ShardsNum = r.ShardsNum,
            NumPartitions = r.NumPartitions,
            Aliases = r.Aliases.ToArray(),
            CollectionId = r.CollectionID,
            DatabaseName = r.DbName,
        };
    }

    public static byte[] SerializeSchema(CollectionSpec spec) => ToSchema(spec).ToByteArray();

    /// <summary>
    /// The spec as Milvus's own DescribeCollection JSON (schema with every field attribute and function, properties,
    /// consistency, shards): what exported files carry so they load back as the same collection.
    /// </summary>
    public static string ToJson(CollectionSpec spec)
    {
        var r = new DescribeCollectionResponse
        {
            Schema = ToSchema(spec),
            CollectionName = spec.Name,
            ConsistencyLevel = (global::Milvus.Client.Grpc.ConsistencyLevel)spec.ConsistencyLevel,
            ShardsNum = spec.ShardsNum,
            NumPartitions = spec.NumPartitions,
        };
        foreach (var (k, v) in spec.Properties) r.Properties.Add(Kv(k, v));
        return JsonFormatter.Default.Format(r);
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote; throws <see cref="InvalidProtocolBufferException"/> on other text.</summary>
    public static CollectionSpec FromJson(string json) =>
        FromDescribe(JsonParser.Default.Parse<DescribeCollectionResponse>(json)) with { CollectionId = 0, DatabaseName = "", Aliases = [] };

    private static ValueField ToValueField(FieldSpec f, object value) => f.DataType switch
    {
        MilvusDataType.Bool => new ValueField { BoolData = Convert.ToBoolean(value, CultureInfo.InvariantCulture) },
        MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32 => new ValueField { IntData = Convert.ToInt32(value, CultureInfo.InvariantCulture) },
        MilvusDataType.Int64 => new ValueField { LongData = Convert.ToInt64(value, CultureInfo.InvariantCulture) },
        MilvusDataType.Timestamptz => new ValueField { TimestamptzData = Convert.ToInt64(value, CultureInfo.InvariantCulture) },
        MilvusDataType.Float => new ValueField { FloatData = Convert.ToSingle(value, CultureInfo.InvariantCulture) },
        MilvusDataType.Double => new ValueField { DoubleData = Convert.ToDouble(value, CultureInfo.InvariantCulture) },
        MilvusDataType.VarChar or MilvusDataType.String or MilvusDataType.Text or MilvusDataType.Geometry => new ValueField { StringData = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" },
        _ => throw new ArgumentException($"Field '{f.Name}': default values are not allowed on {f.DataType}."),
    };

    private static object? FromValueField(ValueField v) => v.DataCase switch
    {
        ValueField.DataOneofCase.BoolData => v.BoolData,
        ValueField.DataOneofCase.IntData => v.IntData,
        ValueField.DataOneofCase.LongData => v.LongData,
        ValueField.DataOneofCase.FloatData => v.FloatData,
        ValueField.DataOneofCase.DoubleData => v.DoubleData,
        ValueField.DataOneofCase.StringData => v.StringData,
        ValueField.DataOneofCase.BytesData => v.BytesData.ToByteArray(),
        ValueField.DataOneofCase.TimestamptzData => v.TimestamptzData,
        _ => null,
    };

    private static int ParseInt(KeyValuePair kv) =>
        int.TryParse(kv.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : throw new FormatException($"type_params '{kv.Key}' has a non-integer value '{kv.Value}'.");

    internal static KeyValuePair Kv(string key, string value) => new() { Key = key, Value = value };
}
