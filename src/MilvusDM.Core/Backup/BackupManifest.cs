using MilvusDM.Core.Model;

namespace MilvusDM.Core.Backup;

/// <summary>
/// What a backup folder holds (<c>manifest.json</c>, written last): where and when it was taken, and per database its
/// properties and collections. A folder without it is an unfinished backup.
/// </summary>
public sealed record BackupManifest
{
    public const int CurrentFormatVersion = 1;
    public const string FileName = "manifest.json";

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public string ToolVersion { get; init; } = "";
    public string ServerVersion { get; init; } = "";

    /// <summary>The server's address as the connection names it, without user or password.</summary>
    public string ServerAddress { get; init; } = "";
    public DateTime CreatedUtc { get; init; }
    public IReadOnlyList<BackupDatabase> Databases { get; init; } = [];

    /// <summary>Roles, privilege groups, grants and users (backups taken with IncludeRbac; null otherwise and in older manifests).</summary>
    public BackupRbac? Rbac { get; init; }

    public IEnumerable<(BackupDatabase Database, BackupCollection Collection)> Collections =>
        Databases.SelectMany(d => d.Collections.Select(c => (d, c)));
}

public sealed record BackupDatabase
{
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<BackupCollection> Collections { get; init; } = [];
}

/// <summary>
/// One collection: its full description (schema, functions, properties, consistency, shards, partitions, index
/// definitions, aliases), whether it was loaded, the server's row statistics per partition, and its data file groups.
/// </summary>
public sealed record BackupCollection
{
    public required CollectionSpec Spec { get; init; }
    public LoadState LoadState { get; init; }
    public IReadOnlyDictionary<string, long> PartitionRows { get; init; } = new Dictionary<string, long>();
    public IReadOnlyList<BackupFileGroup> Groups { get; init; } = [];
    public long Rows => Groups.Sum(g => g.Rows);
}

/// <summary>
/// The files of one partition (what one Milvus import request takes), in key order; for a partition-key collection one
/// group holds the whole collection (<see cref="Partition"/> null: the server routes the rows).
/// </summary>
public sealed record BackupFileGroup
{
    public string? Partition { get; init; }

    /// <summary>Folder of the files, relative to the backup folder, '/'-separated.</summary>
    public required string Folder { get; init; }
    public IReadOnlyList<BackupFile> Files { get; init; } = [];
    public long Rows => Files.Sum(f => f.Rows);

    /// <summary>Order-independent digest of the group's rows: the files' row digests summed (hex).</summary>
    public string RowDigest => BackupDigest.Sum(Files.Select(f => f.RowDigest)).ToString("x16");
}

/// <summary>One data file: path relative to the backup folder ('/'-separated), rows, bytes, SHA-256, first and last key, row digest.</summary>
public sealed record BackupFile(string Path, long Rows, long Bytes, string Sha256, object? FirstKey, object? LastKey, string? RowDigest);
