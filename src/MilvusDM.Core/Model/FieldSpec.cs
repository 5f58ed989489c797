namespace MilvusDM.Core.Model;

/// <summary>One field of a collection schema, with every attribute Milvus 2.x knows.</summary>
public sealed record FieldSpec
{
    public required string Name { get; init; }
    public required MilvusDataType DataType { get; init; }
    public long FieldId { get; init; }
    public string Description { get; init; } = "";

    /// <summary>Element type of an Array field, or the vector type of an ArrayOfVector sub-field.</summary>
    public MilvusDataType ElementType { get; init; }

    /// <summary>Dense vector dimension (binary: bits).</summary>
    public int? Dimension { get; init; }

    /// <summary>VarChar (or VarChar array element) maximum length in UTF-8 bytes.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Array (and struct-array) maximum number of elements.</summary>
    public int? MaxCapacity { get; init; }

    public bool IsPrimaryKey { get; init; }
    public bool AutoId { get; init; }
    public bool IsPartitionKey { get; init; }
    public bool IsClusteringKey { get; init; }
    public bool IsNullable { get; init; }
    public bool IsDynamic { get; init; }
    public bool IsFunctionOutput { get; init; }

    /// <summary>The sub-fields of a struct-array field (Array or ArrayOfVector fields), in order; empty otherwise.</summary>
    public IReadOnlyList<FieldSpec> StructFields { get; init; } = [];

    /// <summary>Default value (bool, int, long, float, double or string; Timestamptz: long µs), or null for none.</summary>
    public object? DefaultValue { get; init; }

    /// <summary>type_params other than dim/max_length/max_capacity, copied verbatim (e.g. enable_analyzer).</summary>
    public IReadOnlyDictionary<string, string> ExtraTypeParams { get; init; } = EmptyParams;

    internal static readonly IReadOnlyDictionary<string, string> EmptyParams = new Dictionary<string, string>();
}
