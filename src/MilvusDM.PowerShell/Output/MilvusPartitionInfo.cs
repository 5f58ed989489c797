namespace MilvusDM.PowerShell;

/// <summary>A partition of a collection (Get-MilvusPartition, New-MilvusPartition).</summary>
public sealed class MilvusPartitionInfo
{
    public string Name { get; init; } = "";
    public string CollectionName { get; init; } = "";
    public string Database { get; init; } = "";

    /// <summary>Rows as the server's statistics report them (flushed data; deletes not subtracted).</summary>
    public long RowCount { get; init; }

    /// <summary>The server the partition is on: piped on, it binds -Connection.</summary>
    public MilvusConnection? Connection { get; init; }

    public override string ToString() => Name;
}
