using System.Text;

namespace MilvusDM.Core.Model;

/// <summary>
/// A scalar column. The CLR element type follows the Milvus type:
/// Bool → bool; Int8/Int16/Int32 → int; Int64 → long; Float → float; Double → double;
/// VarChar, Text → string; Json → string (JSON text); Geometry → string (WKT); Timestamptz → long (microseconds since
/// 1970-01-01 UTC); Array → System.Array (a typed array per row, e.g. long[]).
/// </summary>
public sealed class ScalarColumn<T> : ColumnData
{
    public ScalarColumn(string name, MilvusDataType dataType, T[] values, bool[]? validity = null, MilvusDataType elementType = MilvusDataType.None)
        : base(name, dataType, values.Length, validity)
    {
        var expected = ScalarColumns.ClrTypeOf(dataType);
        if (expected != typeof(T))
            throw new ArgumentException($"Column '{name}': {dataType} values must be {expected.Name}, not {typeof(T).Name}.");
        if (dataType == MilvusDataType.Array && elementType == MilvusDataType.None)
            throw new ArgumentException($"Column '{name}': an Array column needs an element type.");
        Values = values;
        ElementType = elementType;
    }

    public T[] Values { get; }

    /// <summary>Element type of an Array column.</summary>
    public MilvusDataType ElementType { get; }

    public override long ByteSize => ScalarColumns.EstimateBytes(Values);

    public override object? GetValue(int row) => IsNull(row) ? null : Values[row];

    public override ColumnData Slice(int start, int count) =>
        new ScalarColumn<T>(Name, DataType, Values.AsSpan(start, count).ToArray(), SliceValidity(start, count), ElementType) { IsDynamic = IsDynamic };
}

/// <summary>Helpers shared by the scalar column types.</summary>
public static class ScalarColumns
{
    public static Type ClrTypeOf(MilvusDataType t) => t switch
    {
        MilvusDataType.Bool => typeof(bool),
        MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32 => typeof(int),
        MilvusDataType.Int64 or MilvusDataType.Timestamptz => typeof(long),
        MilvusDataType.Float => typeof(float),
        MilvusDataType.Double => typeof(double),
        MilvusDataType.VarChar or MilvusDataType.String or MilvusDataType.Json or MilvusDataType.Text or MilvusDataType.Geometry => typeof(string),
        MilvusDataType.Array => typeof(Array),
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "not a supported scalar type"),
    };

    internal static long EstimateBytes<T>(T[] values)
    {
        if (typeof(T) == typeof(bool)) return values.Length;
        if (typeof(T) == typeof(int) || typeof(T) == typeof(float)) return values.Length * 4L;
        if (typeof(T) == typeof(long) || typeof(T) == typeof(double)) return values.Length * 8L;
        long n = 0;
        foreach (var v in values)
            n += v switch
            {
                string s => Encoding.UTF8.GetByteCount(s) + 2,
                Array a => a.Length * 8L + 4,
                _ => 2,
            };
        return n;
    }
}
