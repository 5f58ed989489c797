namespace MilvusDM.Core.Model;

/// <summary>Milvus field data types; values are the official <c>schema.DataType</c> numbers.</summary>
public enum MilvusDataType
{
    None = 0,
    Bool = 1,
    Int8 = 2,
    Int16 = 3,
    Int32 = 4,
    Int64 = 5,
    Float = 10,
    Double = 11,
    String = 20,
    VarChar = 21,
    Array = 22,
    Json = 23,
    Geometry = 24,
    Text = 25,
    Timestamptz = 26,
    BinaryVector = 100,
    FloatVector = 101,
    Float16Vector = 102,
    BFloat16Vector = 103,
    SparseFloatVector = 104,
    Int8Vector = 105,

    /// <summary>A sub-field of a struct-array field holding vectors (2.6).</summary>
    ArrayOfVector = 106,

    /// <summary>A struct-array field (2.6): each row is a list of structs (CollectionSchema.struct_array_fields).</summary>
    ArrayOfStruct = 200,
    Struct = 201,
}

public static class MilvusDataTypeExtensions
{
    /// <summary>A vector field of its own (not an ArrayOfVector sub-field of a struct array).</summary>
    public static bool IsVector(this MilvusDataType t) => (int)t is >= 100 and <= 105;

    /// <summary>Vectors with a fixed dimension (everything but sparse).</summary>
    public static bool IsDenseVector(this MilvusDataType t) => t.IsVector() && t != MilvusDataType.SparseFloatVector;

    /// <summary>Bytes one row takes on the wire for a dense vector of <paramref name="dim"/>.</summary>
    public static int BytesPerRow(this MilvusDataType t, int dim) => t switch
    {
        MilvusDataType.FloatVector => dim * 4,
        MilvusDataType.BinaryVector => dim / 8,
        MilvusDataType.Float16Vector or MilvusDataType.BFloat16Vector => dim * 2,
        MilvusDataType.Int8Vector => dim,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "not a dense vector type"),
    };

    public static bool IsInteger(this MilvusDataType t) =>
        t is MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32 or MilvusDataType.Int64;
}
