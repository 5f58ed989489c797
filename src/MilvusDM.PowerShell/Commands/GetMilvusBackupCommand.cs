using System.Management.Automation;
using MilvusDM.Core.Backup;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Describes what a backup written by Backup-Milvus holds: one object per collection, with its rows, files, bytes, partitions, indexes, aliases and load state, and when and from which server it was taken.</para>
/// <para type="description">A backup taken with -IncludeRbac also tells, in every object, how many custom roles, users, grants and custom privilege groups it holds, and its RbacNote: passwords cannot be read from Milvus, so users are recorded without them. A backup of RBAC alone gives one object without a collection.</para>
/// </summary>
/// <example><code>Get-MilvusBackup ./dump</code><para>Lists the collections the backup holds.</para></example>
/// <example><code>Get-MilvusBackup ./dump | Measure-Object Rows -Sum</code><para>Counts the rows of the whole backup.</para></example>
[Cmdlet(VerbsCommon.Get, "MilvusBackup")]
[OutputType(typeof(MilvusBackupInfo))]
public sealed class GetMilvusBackupCommand : MilvusDMCmdlet
{
    /// <summary>The backup folder (holding manifest.json).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    protected override void ProcessRecord()
    {
        string folder = GetUnresolvedProviderPathFromPSPath(Path);
        try
        {
            var manifest = Run(ct => BackupFolder.ReadManifestAsync(folder, ct));
            var rbac = manifest.Rbac;
            // Every object carries the backup's RBAC counts; a backup of RBAC alone is one object without a collection.
            if (rbac is not null && !manifest.Collections.Any()) WriteObject(Info(folder, manifest, rbac, null, null));
            foreach (var (db, c) in manifest.Collections) WriteObject(Info(folder, manifest, rbac, db, c));
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, folder);
        }
    }

    private static MilvusBackupInfo Info(string folder, BackupManifest manifest, BackupRbac? rbac, BackupDatabase? db, BackupCollection? c) => new()
    {
        Path = folder,
        Database = db?.Name ?? "",
        Collection = c?.Spec.Name ?? "",
        Rows = c?.Rows ?? 0,
        Files = c?.Groups.Sum(g => g.Files.Count) ?? 0,
        Bytes = c?.Groups.Sum(g => g.Files.Sum(f => f.Bytes)) ?? 0,
        Partitions = c?.Spec.Partitions.ToArray() ?? [],
        Indexes = c?.Spec.Indexes.Select(i => $"{i.FieldName}: {i.IndexType}{(i.MetricType is { Length: > 0 } m ? $" {m}" : "")}").ToArray() ?? [],
        Aliases = c?.Spec.Aliases.ToArray() ?? [],
        LoadState = c?.LoadState.ToString() ?? "",
        HasPartitionKey = c?.Spec.HasPartitionKey ?? false,
        CreatedUtc = manifest.CreatedUtc,
        ServerAddress = manifest.ServerAddress,
        ServerVersion = manifest.ServerVersion,
        Roles = rbac?.Roles.Count,
        Users = rbac?.Users.Count,
        Grants = rbac?.Grants.Count,
        PrivilegeGroups = rbac?.PrivilegeGroups.Count,
        RbacNote = rbac?.Note,
    };
}
