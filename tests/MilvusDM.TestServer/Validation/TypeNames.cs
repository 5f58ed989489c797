using Milvus.Client.Grpc;

namespace MilvusDM.TestServer.Validation;

/// <summary>Data type facts as Milvus's Go code spells and groups them (schemapb.DataType.String(), typeutil.Is*).</summary>
internal static class TypeNames
{
    /// <summary>The Go enum name, which Milvus prints in its messages ("JSON", "BFloat16Vector", …).</summary>
    public static string Go(DataType t) => t switch
    {
        DataType.Json => "JSON",
        DataType.Bfloat16Vector => "BFloat16Vector",
        _ => Enum.IsDefined(t) ? t.ToString() : ((int)t).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static bool IsVector(DataType t) => t is DataType.BinaryVector or DataType.FloatVector or DataType.Float16Vector
        or DataType.Bfloat16Vector or DataType.SparseFloatVector or DataType.Int8Vector or DataType.ArrayOfVector;

    public static bool IsDenseVector(DataType t) => t is DataType.BinaryVector or DataType.FloatVector or DataType.Float16Vector
        or DataType.Bfloat16Vector or DataType.Int8Vector;

    public static bool IsInteger(DataType t) => t is DataType.Int8 or DataType.Int16 or DataType.Int32 or DataType.Int64;

    public static bool IsArithmetic(DataType t) => IsInteger(t) || t is DataType.Float or DataType.Double;

    public static bool IsString(DataType t) => t is DataType.String or DataType.VarChar or DataType.Text;

    /// <summary>Element types an Array (and a struct's Array sub-field) may have.</summary>
    public static bool IsArrayElement(DataType t) => t is DataType.Bool or DataType.Int8 or DataType.Int16 or DataType.Int32
        or DataType.Int64 or DataType.Float or DataType.Double or DataType.VarChar;

    /// <summary>Bytes per row of a dense vector of this type and dimension.</summary>
    public static int RowBytes(DataType t, int dim) => t switch
    {
        DataType.BinaryVector => dim / 8,
        DataType.Int8Vector => dim,
        _ => dim * 2,
    };
}
