using Apache.Arrow;
using Apache.Arrow.Types;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Validation;
using DataType = Milvus.Client.Grpc.DataType;

namespace MilvusDM.TestServer.Import;

/// <summary>An Arrow type Milvus's Parquet reader expects for a field (util.go convertToArrowDataType): an id, and the element of a list.</summary>
internal sealed record ExpectedType(ArrowTypeId Id, ExpectedType? Element = null)
{
    /// <summary>As Arrow Go prints it (the import errors quote it): lists have a nullable "item" element.</summary>
    public override string ToString() => Element is null ? ArrowTypes.GoName(Id) : $"list<item: {Element}, nullable>";
}

/// <summary>
/// The type rules of milvus internal/util/importutilv2/parquet/util.go: which Arrow type each Milvus type is read
/// from (convertToArrowDataType) and which file types may stand in for it (isArrowDataTypeConvertible).
/// </summary>
internal static class ArrowTypes
{
    private static readonly ExpectedType Str = new(ArrowTypeId.String);

    public static ExpectedType For(FieldSchema f, bool isArray = false)
    {
        var t = isArray ? f.ElementType : f.DataType;
        return t switch
        {
            DataType.Bool => new(ArrowTypeId.Boolean),
            DataType.Int8 => new(ArrowTypeId.Int8),
            DataType.Int16 => new(ArrowTypeId.Int16),
            DataType.Int32 => new(ArrowTypeId.Int32),
            DataType.Int64 => new(ArrowTypeId.Int64),
            DataType.Float => new(ArrowTypeId.Float),
            DataType.Double => new(ArrowTypeId.Double),
            DataType.VarChar or DataType.String or DataType.Timestamptz or DataType.Json or DataType.Geometry or DataType.SparseFloatVector or DataType.Text => Str,
            DataType.Array => new(ArrowTypeId.List, For(f, isArray: true)),
            DataType.BinaryVector or DataType.Float16Vector or DataType.Bfloat16Vector => new(ArrowTypeId.List, new(ArrowTypeId.UInt8)),
            DataType.FloatVector => new(ArrowTypeId.List, new(ArrowTypeId.Float)),
            DataType.Int8Vector => new(ArrowTypeId.List, new(ArrowTypeId.Int8)),
            DataType.ArrayOfVector => VectorArrayElement(f),
            _ => throw ImportErrors.Invalid($"unsupported data type {TypeNames.Go(t)}"),
        };
    }

    /// <summary>convertElementTypeOfVectorArrayToArrowType: one struct's vector (Float16/BFloat16 as list&lt;float&gt; here, as 2.6 has it).</summary>
    public static ExpectedType VectorArrayElement(FieldSchema f) => f.ElementType switch
    {
        DataType.FloatVector or DataType.Float16Vector or DataType.Bfloat16Vector => new(ArrowTypeId.List, new(ArrowTypeId.Float)),
        DataType.BinaryVector => new(ArrowTypeId.List, new(ArrowTypeId.UInt8)),
        DataType.Int8Vector => new(ArrowTypeId.List, new(ArrowTypeId.Int8)),
        _ => throw ImportErrors.Invalid($"unsupported element type for ArrayOfVector: {TypeNames.Go(f.ElementType)}"),
    };

    public static bool Convertible(IArrowType src, ExpectedType dst, FieldSchema field, bool allowFixedSizeList)
    {
        var d = dst.Id;
        return src.TypeId switch
        {
            ArrowTypeId.Boolean => d == ArrowTypeId.Boolean,
            ArrowTypeId.UInt8 => d == ArrowTypeId.UInt8,
            ArrowTypeId.Int8 => Arithmetic(d),
            ArrowTypeId.Int16 => Arithmetic(d) && d != ArrowTypeId.Int8,
            ArrowTypeId.Int32 => Arithmetic(d) && d is not (ArrowTypeId.Int8 or ArrowTypeId.Int16),
            ArrowTypeId.Int64 => Floating(d) || d == ArrowTypeId.Int64,
            ArrowTypeId.Float or ArrowTypeId.Double => Floating(d),
            ArrowTypeId.String => d == ArrowTypeId.String,
            ArrowTypeId.Binary => d == ArrowTypeId.List && dst.Element!.Id == ArrowTypeId.UInt8,
            ArrowTypeId.List => d == ArrowTypeId.List && Convertible(((ListType)src).ValueDataType, dst.Element!, field, false),
            ArrowTypeId.FixedSizeList => allowFixedSizeList && FixedSizeListTarget(field) && d == ArrowTypeId.List
                && Convertible(((FixedSizeListType)src).ValueDataType, dst.Element!, field, false),
            ArrowTypeId.Null => field.Nullable || field.DefaultValue is { DataCase: not ValueField.DataOneofCase.None },
            ArrowTypeId.Struct => field.DataType == DataType.SparseFloatVector && SparseStruct(src),
            _ => false,
        };
    }

    private static bool Integer(ArrowTypeId t) => t is ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32 or ArrowTypeId.Int64;
    private static bool Floating(ArrowTypeId t) => t is ArrowTypeId.Float or ArrowTypeId.Double;
    private static bool Arithmetic(ArrowTypeId t) => Integer(t) || Floating(t);

    private static bool FixedSizeListTarget(FieldSchema f) => f.DataType switch
    {
        DataType.Array => f.ElementType is DataType.Bool or DataType.Int8 or DataType.Int16 or DataType.Int32 or DataType.Int64
            or DataType.Float or DataType.Double or DataType.VarChar or DataType.String,
        DataType.BinaryVector or DataType.FloatVector or DataType.Float16Vector or DataType.Bfloat16Vector or DataType.Int8Vector => true,
        _ => false,
    };

    /// <summary>IsValidSparseVectorSchema: struct{indices: list&lt;int32|uint32|int64|uint64&gt;, values: list&lt;float|double&gt;}.</summary>
    public static bool SparseStruct(IArrowType t)
    {
        if (t is not StructType s) return false;
        var indices = s.Fields.FirstOrDefault(f => f.Name == "indices")?.DataType as ListType;
        var values = s.Fields.FirstOrDefault(f => f.Name == "values")?.DataType as ListType;
        return indices?.ValueDataType.TypeId is ArrowTypeId.Int32 or ArrowTypeId.UInt32 or ArrowTypeId.Int64 or ArrowTypeId.UInt64
            && values?.ValueDataType.TypeId is ArrowTypeId.Float or ArrowTypeId.Double;
    }

    /// <summary>An Arrow type as Arrow Go's String() prints it.</summary>
    public static string GoString(IArrowType t) => t switch
    {
        ListType l => $"list<{l.ValueField.Name}: {GoString(l.ValueDataType)}{(l.ValueField.IsNullable ? ", nullable" : "")}>",
        FixedSizeListType l => $"fixed_size_list<{l.ValueField.Name}: {GoString(l.ValueDataType)}{(l.ValueField.IsNullable ? ", nullable" : "")}>[{l.ListSize}]",
        StructType s => $"struct<{string.Join(", ", s.Fields.Select(f => $"{f.Name}: {GoString(f.DataType)}{(f.IsNullable ? ", nullable" : "")}"))}>",
        _ => GoName(t.TypeId),
    };

    public static string GoName(ArrowTypeId id) => id switch
    {
        ArrowTypeId.Boolean => "bool",
        ArrowTypeId.Float => "float32",
        ArrowTypeId.Double => "float64",
        ArrowTypeId.String => "utf8",
        ArrowTypeId.LargeString => "large_utf8",
        ArrowTypeId.FixedSizedBinary => "fixed_size_binary",
        ArrowTypeId.FixedSizeList => "fixed_size_list",
        _ => id.ToString().ToLowerInvariant(),
    };
}
