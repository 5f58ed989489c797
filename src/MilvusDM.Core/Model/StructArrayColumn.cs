using System.Text.Json;
using System.Text.Json.Nodes;

namespace MilvusDM.Core.Model;

/// <summary>
/// A struct-array field (Milvus 2.6 ArrayOfStruct): every row is a list of structs, held column-wise as Milvus sends
/// it — one row-aligned sub-column per struct member (<see cref="ScalarColumn{T}"/> of arrays for scalar members,
/// <see cref="VectorArrayColumn"/> for vector members), the i-th element of every member making the i-th struct.
/// </summary>
public sealed class StructArrayColumn : ColumnData
{
    public StructArrayColumn(string name, IReadOnlyList<ColumnData> members)
        : base(name, MilvusDataType.ArrayOfStruct, members.Count > 0 ? members[0].RowCount : 0, null)
    {
        if (members.Count == 0) throw new ArgumentException($"Column '{name}': a struct array needs at least one member.");
        foreach (var m in members)
        {
            if (m is not (ScalarColumn<Array> or VectorArrayColumn))
                throw new ArgumentException($"Column '{name}': member '{m.Name}' must be an Array or ArrayOfVector column.");
            if (m.RowCount != RowCount) throw new ArgumentException($"Column '{name}': member '{m.Name}' has {m.RowCount} rows, not {RowCount}.");
        }
        Members = members;
    }

    public IReadOnlyList<ColumnData> Members { get; }

    public override long ByteSize => Members.Sum(m => m.ByteSize);

    /// <summary>Structs in one row (the element count its members share).</summary>
    public int CountOf(int row) => Members[0] switch
    {
        VectorArrayColumn v => v.CountOf(row),
        ScalarColumn<Array> a => a.Values[row]?.Length ?? 0,
        _ => 0,
    };

    /// <summary>The row as a list of structs: member name → element.</summary>
    public override object? GetValue(int row)
    {
        int n = CountOf(row);
        var values = Members.Select(m => m.GetValue(row) as Array).ToArray();
        var structs = new Dictionary<string, object?>[n];
        for (int i = 0; i < n; i++)
        {
            structs[i] = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (int m = 0; m < Members.Count; m++) structs[i][Members[m].Name] = values[m] is { } a && i < a.Length ? a.GetValue(i) : null;
        }
        return structs;
    }

    public override ColumnData Slice(int start, int count) => new StructArrayColumn(Name, Members.Select(m => m.Slice(start, count)).ToArray());

    /// <summary>One row as JSON text, member-wise: {"member": [elements], "vector member": [[...], ...]} (exact for floats).</summary>
    public string RowJson(int row)
    {
        var o = new JsonObject();
        foreach (var m in Members)
            o[m.Name] = JsonSerializer.SerializeToNode(m.GetValue(row), m.GetValue(row)?.GetType() ?? typeof(object));
        return o.ToJsonString();
    }

    /// <summary>Reads rows written by <see cref="RowJson"/> back into a column of the struct field <paramref name="field"/>.</summary>
    public static StructArrayColumn FromJson(FieldSpec field, IReadOnlyList<string> rows)
    {
        var members = new ColumnData[field.StructFields.Count];
        for (int m = 0; m < members.Length; m++)
        {
            var f = field.StructFields[m];
            var cells = rows.Select(r => string.IsNullOrEmpty(r) ? null : (JsonNode.Parse(r) as JsonObject)?[f.Name]).ToArray();
            if (f.DataType == MilvusDataType.ArrayOfVector)
            {
                var elem = f.ElementType == MilvusDataType.FloatVector ? typeof(float[][]) : typeof(byte[][]);
                members[m] = new VectorArrayColumn(f.Name, f.ElementType, f.Dimension ?? 0, cells.Select(c => Flatten(c is null ? null : (Array?)c.Deserialize(elem), f.ElementType)).ToArray());
            }
            else
            {
                var type = ArrayTypes.ClrRowType(f.ElementType);
                members[m] = new ScalarColumn<Array>(f.Name, MilvusDataType.Array, cells.Select(c => (Array)(c?.Deserialize(type) ?? Array.CreateInstance(type.GetElementType()!, 0))).ToArray(), null, f.ElementType);
            }
        }
        return new StructArrayColumn(field.Name, members);
    }

    private static Array Flatten(Array? vectors, MilvusDataType type)
    {
        if (vectors is null || vectors.Length == 0) return type == MilvusDataType.FloatVector ? Array.Empty<float>() : Array.Empty<byte>();
        return type == MilvusDataType.FloatVector
            ? ((float[][])vectors).SelectMany(v => v).ToArray()
            : ((byte[][])vectors).SelectMany(v => v).ToArray();
    }
}

/// <summary>The CLR row type of an Array column per element type (as the Milvus client produces it).</summary>
public static class ArrayTypes
{
    public static Type ClrRowType(MilvusDataType element) => element switch
    {
        MilvusDataType.Bool => typeof(bool[]),
        MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32 => typeof(int[]),
        MilvusDataType.Int64 or MilvusDataType.Timestamptz => typeof(long[]),
        MilvusDataType.Float => typeof(float[]),
        MilvusDataType.Double => typeof(double[]),
        MilvusDataType.VarChar or MilvusDataType.String or MilvusDataType.Text or MilvusDataType.Geometry => typeof(string[]),
        _ => throw new ArgumentOutOfRangeException(nameof(element), element, "not a supported array element type"),
    };
}
