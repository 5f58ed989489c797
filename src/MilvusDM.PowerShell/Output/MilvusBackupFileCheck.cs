namespace MilvusDM.PowerShell;

/// <summary>One data file of a backup as Test-MilvusBackup found it: Ok, Missing or Damaged.</summary>
public sealed class MilvusBackupFileCheck
{
    public string Database { get; init; } = "";
    public string Collection { get; init; } = "";
    public string? Partition { get; init; }
    public string Path { get; init; } = "";
    public long Rows { get; init; }
    public long Bytes { get; init; }
    public string Status { get; init; } = "";
    public string? Error { get; init; }

    public override string ToString() => $"{Path}: {Status}";
}
