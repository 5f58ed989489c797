using System.Text.Json;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;
using Parquet.Schema;

namespace MilvusDM.Core.Parquet;

/// <summary>
/// The Parquet layout Milvus's bulk import reads (and pymilvus BulkWriter writes): one column per field, named after it.
/// Facts come from milvus-io/milvus internal/util/importutilv2/parquet/ — util.go (convertToArrowDataType,
/// isArrowDataTypeConvertible, isSchemaEqual, CreateFieldReaders, IsValidSparseVectorSchema), field_reader.go (Next and
/// the Read*Data functions) and struct_field_reader.go.
/// <code>
/// Milvus type                 Parquet column                                    source of the fact
/// Bool                        boolean                                           util.go convertToArrowDataType
/// Int8 / Int16 / Int32 / Int64 int32 INT(8) / int32 INT(16) / int32 / int64      util.go convertToArrowDataType
/// Float / Double              float / double                                    util.go convertToArrowDataType
/// VarChar, Text               string (UTF-8)                                    util.go; field_reader.go ReadStringData
/// JSON                        string (JSON text)                                field_reader.go ReadJSONData
/// Geometry                    string, WKT (the reader converts it to WKB)       field_reader.go ReadGeometryData (ConvertWKTToWKB)
/// Timestamptz                 string, ISO 8601 with offset; we write µs + "Z"   util.go (Timestamptz → StringType); field_reader.go ReadTimestamptzData
/// Array                       list&lt;element type&gt;                                util.go convertToArrowDataType (ListOfField "item")
/// FloatVector                 list&lt;float&gt;                                      util.go
/// BinaryVector, Float16Vector, list&lt;uint8&gt; of the raw bytes (f16/bf16 LE)       util.go; field_reader.go ReadBinaryData
///   BFloat16Vector
/// Int8Vector                  list&lt;int8&gt;                                       util.go
/// SparseFloatVector           string {"index": value} (also read: struct{indices: util.go IsValidSparseVectorSchema; field_reader.go
///                             list&lt;int/uint 32/64&gt;, values: list&lt;float/double&gt;})  parseSparseFloatRowVector / parseSparseFloatVectorStructRow
/// ArrayOfStruct               list&lt;struct&lt;member: element, vector member:        util.go isSchemaEqual (list of struct, member names without
///                             list&lt;float|uint8|int8&gt;&gt;&gt;, one struct per element   "struct[...]"), struct_field_reader.go
/// dynamic field               "$meta", string holding a JSON object             util.go CreateFieldReaders; field_reader.go ReadJSONData
/// nullable field              Parquet nulls (vectors too, 2.6)                  field_reader.go ReadNullable*Data (bytesToValidData)
/// defaulted field            Parquet nulls, filled with the default          field_reader.go ReadNullable*Data (fillWithDefaultValueImpl)
/// nullable / defaulted field  may be absent from the file                       util.go CreateFieldReaders, isSchemaEqual
/// function output             must be absent (the reader refuses it)            util.go CreateFieldReaders
/// auto-id primary key         must be absent unless allow_insert_auto_id        util.go CreateFieldReaders (IsAllowInsertAutoID)
/// columns not in the schema   ignored                                           util.go CreateFieldReaders ("redundant fields, ignore")
/// </code>
/// Float16/BFloat16 members of a struct array are refused: the 2.6 readers disagree (util.go wants list&lt;float&gt;,
/// struct_field_reader.go reads list&lt;uint8&gt;).
/// </summary>
public static class ParquetLayout
{
    public const string DynamicColumn = "$meta";

    /// <summary>Key of the file metadata entry in which we record the Milvus field types Parquet cannot tell apart.</summary>
    public const string FieldsMetadataKey = "milvusdm.fields";

    internal const string ElementName = "element";

    /// <summary>The fields that get a column, in order, the dynamic <c>$meta</c> column last when the collection has one.</summary>
    public static IReadOnlyList<FieldSpec> WrittenFields(CollectionSpec spec)
    {
        bool keepAutoId = spec.Properties.TryGetValue("allow_insert_auto_id", out var v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);
        var fields = spec.Fields
            .Where(f => !f.IsFunctionOutput && !f.IsDynamic && !(f.IsPrimaryKey && f.AutoId && !keepAutoId))
            .ToList();
        if (spec.EnableDynamicField || spec.Fields.Any(f => f.IsDynamic))
            fields.Add(new FieldSpec { Name = DynamicColumn, DataType = MilvusDataType.Json, IsDynamic = true, IsNullable = true });
        return fields;
    }

    public static ParquetSchema SchemaFor(CollectionSpec spec) => new(WrittenFields(spec).Select(FieldFor).ToArray());

    /// <summary>The Parquet field of one Milvus field.</summary>
    public static Field FieldFor(FieldSpec f) => f.DataType switch
    {
        MilvusDataType.FloatVector => List(f.Name, typeof(float)),
        MilvusDataType.BinaryVector or MilvusDataType.Float16Vector or MilvusDataType.BFloat16Vector => List(f.Name, typeof(byte)),
        MilvusDataType.Int8Vector => List(f.Name, typeof(sbyte)),
        MilvusDataType.SparseFloatVector => new DataField<string>(f.Name, true),
        MilvusDataType.Array => List(f.Name, LeafType(f.ElementType, f.Name)),
        MilvusDataType.ArrayOfStruct => new ListField(f.Name, new StructField(ElementName, f.StructFields.Select(m => MemberFor(f, m)).ToArray())),
        // A defaulted field takes nulls too: Milvus fills them with the default (field_reader.go ReadNullable*Data).
        _ => new DataField(f.Name, LeafType(f.DataType, f.Name), f.IsNullable || f.DefaultValue is not null || f.IsDynamic),
    };

    private static Field MemberFor(FieldSpec parent, FieldSpec m) => m.DataType switch
    {
        MilvusDataType.Array => new DataField(m.Name, LeafType(m.ElementType, m.Name), true),
        MilvusDataType.ArrayOfVector => m.ElementType switch
        {
            MilvusDataType.FloatVector => List(m.Name, typeof(float)),
            MilvusDataType.BinaryVector => List(m.Name, typeof(byte)),
            MilvusDataType.Int8Vector => List(m.Name, typeof(sbyte)),
            _ => throw Unsupported(parent.Name, $"its member '{m.Name}' holds {m.ElementType} vectors, which Milvus's Parquet import does not read consistently"),
        },
        _ => throw Unsupported(parent.Name, $"its member '{m.Name}' is {m.DataType}"),
    };

    private static ListField List(string name, Type element) => new(name, new DataField(ElementName, element, true));

    /// <summary>The CLR type of a Parquet leaf holding one value of a Milvus scalar type.</summary>
    internal static Type LeafType(MilvusDataType t, string field) => t switch
    {
        MilvusDataType.Bool => typeof(bool),
        MilvusDataType.Int8 => typeof(sbyte),
        MilvusDataType.Int16 => typeof(short),
        MilvusDataType.Int32 => typeof(int),
        MilvusDataType.Int64 => typeof(long),
        MilvusDataType.Float => typeof(float),
        MilvusDataType.Double => typeof(double),
        MilvusDataType.VarChar or MilvusDataType.String or MilvusDataType.Text or MilvusDataType.Json
            or MilvusDataType.Geometry or MilvusDataType.Timestamptz => typeof(string),
        _ => throw Unsupported(field, $"it is {t}"),
    };

    internal static MilvusDMException Unsupported(string field, string why) =>
        new(MilvusDMErrorKind.Unsupported, "ParquetTypeUnsupported",
            $"Field '{field}' cannot be written to Parquet in Milvus's bulk-import layout: {why}.",
            "Leave the field out, or export to HDF5 instead.");

    // ---- Back: a file's schema → fields ----

    private sealed record FieldHint(string Name, MilvusDataType Type, MilvusDataType Element, int? Dim, bool Nullable, bool Pk, int? MaxLength, int? MaxCapacity);

    /// <summary>What we record in the file so that types Parquet cannot tell apart (Float16 vs binary, Timestamptz vs text…) come back.</summary>
    internal static string HintsFor(IReadOnlyList<FieldSpec> fields) => JsonSerializer.Serialize(fields.Where(f => !f.IsDynamic).Select(f =>
        new FieldHint(f.Name, f.DataType, f.ElementType, f.Dimension, f.IsNullable, f.IsPrimaryKey, f.MaxLength, f.MaxCapacity)));

    /// <summary>
    /// The fields a file in this layout holds, as far as it tells: from our hints when present, else from the Parquet types
    /// (list&lt;float&gt; → FloatVector, list&lt;uint8&gt; → BinaryVector, list&lt;int8&gt; → Int8Vector, other lists → Array,
    /// struct{indices, values} → SparseFloatVector, list&lt;struct&gt; → ArrayOfStruct, strings → VarChar; "$meta" → dynamic;
    /// the primary key is "id" or else the first Int64/VarChar column). Dimensions come from <paramref name="dimensions"/>
    /// (measured on the data) when the file does not record them.
    /// </summary>
    public static IReadOnlyList<FieldSpec> FieldsFrom(ParquetSchema schema, IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyDictionary<string, int>? dimensions = null)
    {
        var hints = metadata is not null && metadata.TryGetValue(FieldsMetadataKey, out var json)
            ? (JsonSerializer.Deserialize<FieldHint[]>(json) ?? []).ToDictionary(h => h.Name, StringComparer.Ordinal)
            : new Dictionary<string, FieldHint>(StringComparer.Ordinal);
        var fields = new List<FieldSpec>();
        foreach (var column in schema.Fields)
        {
            if (column.Name == DynamicColumn) { fields.Add(new FieldSpec { Name = DynamicColumn, DataType = MilvusDataType.Json, IsDynamic = true, IsNullable = true }); continue; }
            var inferred = Infer(column);
            int? dim = dimensions is not null && dimensions.TryGetValue(column.Name, out var d) ? d * DimPerElement(inferred.DataType) : null;
            fields.Add(hints.TryGetValue(column.Name, out var h)
                ? inferred with { DataType = h.Type, ElementType = h.Element, Dimension = h.Dim, IsNullable = h.Nullable, IsPrimaryKey = h.Pk, MaxLength = h.MaxLength, MaxCapacity = h.MaxCapacity,
                    StructFields = h.Type == MilvusDataType.ArrayOfStruct ? inferred.StructFields : [] }
                : inferred with { Dimension = inferred.DataType.IsDenseVector() ? dim : null });
        }
        if (!fields.Any(f => f.IsPrimaryKey))
        {
            int pk = fields.FindIndex(f => f.Name == "id" && f.DataType is MilvusDataType.Int64 or MilvusDataType.VarChar);
            if (pk < 0) pk = fields.FindIndex(f => !f.IsDynamic && f.DataType is MilvusDataType.Int64 or MilvusDataType.VarChar);
            if (pk >= 0) fields[pk] = fields[pk] with { IsPrimaryKey = true, IsNullable = false };
        }
        return fields;
    }

    private static int DimPerElement(MilvusDataType t) => t == MilvusDataType.BinaryVector ? 8 : 1;

    private static FieldSpec Infer(Field column)
    {
        switch (column)
        {
            case DataField leaf:
            {
                var type = ScalarTypeOf(leaf.ClrType) ?? throw UnsupportedColumn(column);
                return new FieldSpec { Name = column.Name, DataType = type, IsNullable = leaf.IsNullable, MaxLength = type == MilvusDataType.VarChar ? 65535 : null };
            }
            case ListField { Item: DataField item }:
                return item.ClrType == typeof(float) ? new FieldSpec { Name = column.Name, DataType = MilvusDataType.FloatVector }
                    : item.ClrType == typeof(byte) ? new FieldSpec { Name = column.Name, DataType = MilvusDataType.BinaryVector }
                    : item.ClrType == typeof(sbyte) ? new FieldSpec { Name = column.Name, DataType = MilvusDataType.Int8Vector }
                    : ScalarTypeOf(item.ClrType) is { } element
                        ? new FieldSpec { Name = column.Name, DataType = MilvusDataType.Array, ElementType = element, IsNullable = true, MaxCapacity = 4096, MaxLength = element == MilvusDataType.VarChar ? 65535 : null }
                        : throw UnsupportedColumn(column);
            case StructField s when s.Fields.Any(f => f.Name == "indices") && s.Fields.Any(f => f.Name == "values"):
                return new FieldSpec { Name = column.Name, DataType = MilvusDataType.SparseFloatVector };
            case ListField { Item: StructField members }:
                return new FieldSpec
                {
                    Name = column.Name, DataType = MilvusDataType.ArrayOfStruct, MaxCapacity = 4096,
                    StructFields = members.Fields.Select(m => m switch
                    {
                        DataField d when ScalarTypeOf(d.ClrType) is { } e => new FieldSpec { Name = m.Name, DataType = MilvusDataType.Array, ElementType = e, MaxCapacity = 4096, MaxLength = e == MilvusDataType.VarChar ? 65535 : null },
                        ListField { Item: DataField v } => new FieldSpec
                        {
                            Name = m.Name, DataType = MilvusDataType.ArrayOfVector, MaxCapacity = 4096,
                            ElementType = v.ClrType == typeof(byte) ? MilvusDataType.BinaryVector : v.ClrType == typeof(sbyte) ? MilvusDataType.Int8Vector : MilvusDataType.FloatVector,
                        },
                        _ => throw UnsupportedColumn(column),
                    }).ToArray(),
                };
            default:
                throw UnsupportedColumn(column);
        }
    }

    /// <summary>Milvus scalar type of a Parquet leaf's CLR type (strings are read as ReadOnlyMemory&lt;char&gt;).</summary>
    internal static MilvusDataType? ScalarTypeOf(Type t) =>
        t == typeof(bool) ? MilvusDataType.Bool
        : t == typeof(sbyte) || t == typeof(byte) ? MilvusDataType.Int8
        : t == typeof(short) || t == typeof(ushort) ? MilvusDataType.Int16
        : t == typeof(int) ? MilvusDataType.Int32
        : t == typeof(long) || t == typeof(uint) ? MilvusDataType.Int64
        : t == typeof(float) ? MilvusDataType.Float
        : t == typeof(double) ? MilvusDataType.Double
        : t == typeof(string) || t == typeof(ReadOnlyMemory<char>) ? MilvusDataType.VarChar
        : null;

    private static MilvusDMException UnsupportedColumn(Field column) =>
        new(MilvusDMErrorKind.Unsupported, "ParquetColumnUnsupported",
            $"Parquet column '{column.Name}' ({column.SchemaType}) has no Milvus type in the bulk-import layout.",
            "Give the collection schema (a manifest), or rewrite the column as a scalar, list or string.");
}
