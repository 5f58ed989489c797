namespace MilvusDM.PowerShell;

/// <summary>One collection a backup holds (Get-MilvusBackup).</summary>
public sealed class MilvusBackupInfo
{
    public string Path { get; init; } = "";
    public string Database { get; init; } = "";
    public string Collection { get; init; } = "";
    public long Rows { get; init; }
    public int Files { get; init; }
    public long Bytes { get; init; }
    public PrintableList<string> Partitions { get; init; } = Array.Empty<string>();
    public PrintableList<string> Indexes { get; init; } = Array.Empty<string>();
    public PrintableList<string> Aliases { get; init; } = Array.Empty<string>();
    public string LoadState { get; init; } = "";
    public bool HasPartitionKey { get; init; }
    public DateTime CreatedUtc { get; init; }
    public string ServerAddress { get; init; } = "";
    public string ServerVersion { get; init; } = "";

    public override string ToString() => $"{Database}/{Collection}";
}
