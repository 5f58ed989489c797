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

    /// <summary>Custom roles in the backup's RBAC part (-IncludeRbac); null when the backup has none.</summary>
    public int? Roles { get; init; }

    /// <summary>Users in the RBAC part (names and roles only); null when the backup has none.</summary>
    public int? Users { get; init; }

    /// <summary>Grants in the RBAC part (every role's, built-in roles included); null when the backup has none.</summary>
    public int? Grants { get; init; }

    /// <summary>Custom privilege groups in the RBAC part; null when the backup has none.</summary>
    public int? PrivilegeGroups { get; init; }

    /// <summary>What the RBAC part cannot hold (passwords), as the manifest says; null when the backup has none.</summary>
    public string? RbacNote { get; init; }

    public override string ToString() => $"{Database}/{Collection}";
}
