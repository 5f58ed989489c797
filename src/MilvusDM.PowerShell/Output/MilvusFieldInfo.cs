namespace MilvusDM.PowerShell;

/// <summary>One field of a collection, as Get-MilvusCollection shows it.</summary>
public sealed class MilvusFieldInfo
{
    public string Name { get; init; } = "";
    public string DataType { get; init; } = "";
    public int? Dimension { get; init; }
    public int? MaxLength { get; init; }
    public string? ElementType { get; init; }
    public int? MaxCapacity { get; init; }
    public bool IsPrimaryKey { get; init; }
    public bool AutoId { get; init; }
    public bool IsNullable { get; init; }
    public bool IsPartitionKey { get; init; }
    public bool IsFunctionOutput { get; init; }
    public object? DefaultValue { get; init; }
    public string Description { get; init; } = "";

    public override string ToString() => Dimension is { } d ? $"{Name}:{DataType}({d})" : $"{Name}:{DataType}";
}
