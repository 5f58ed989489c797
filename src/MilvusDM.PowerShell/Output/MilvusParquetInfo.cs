namespace MilvusDM.PowerShell;

/// <summary>A Parquet file read as Milvus's bulk-import layout (Get-ParquetInfo): its rows and the fields it holds.</summary>
public sealed class MilvusParquetInfo
{
    public string Path { get; init; } = "";
    public long FileSize { get; init; }
    public long Rows { get; init; }
    public string PrimaryKey { get; init; } = "";
    public string? VectorField { get; init; }
    public int? Dimension { get; init; }
    public bool EnableDynamicField { get; init; }
    public PrintableList<MilvusFieldInfo> Fields { get; init; } = Array.Empty<MilvusFieldInfo>();

    public override string ToString() => $"{Path}: {Rows:N0} rows, {Fields.Count} fields";
}
