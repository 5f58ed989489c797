using System.Collections;
using System.Management.Automation;
using MilvusDM.Core.Backup;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Restores a backup written by Backup-Milvus (all of it, or databases, collections and partitions by wildcard) into a Milvus server: databases, collections with the same schema, partitions, indexes, aliases, load state and data.</para>
/// <para type="description">The backup's files are checked to be there (with their recorded sizes) before anything is created. Each partition's files go through the transfer engine; -Verify then counts and digests every restored partition against the manifest. One transfer result per partition.</para>
/// <para type="description">With -BulkImport the server reads the files itself (Milvus bulk import): copy the backup folder into the server's bucket (or its local storage root) and name it there with -StoragePath. Each file is one import job (Milvus 2.6 imports one Parquet file per job); the jobs run one after another, their progress shown as the server reports it, and a failed job stops the restore with the server's reason and leaves no rows of that file. -Resume then goes on after the files a partition already holds.</para>
/// </summary>
/// <example><code>Restore-Milvus -Path ./dump -Connection $dst -IncludeAlias -Verify</code><para>Restores everything the backup holds into another server and proves every partition equal to the backup.</para></example>
/// <example><code>Restore-Milvus -Path ./dump -CollectionName docs -PartitionName 2024 -Rename @{ docs = 'docs_2024' }</code><para>Restores one partition of docs into a new collection docs_2024 on the session's server.</para></example>
/// <example><code>Restore-Milvus -Path ./dump -Connection $dst -IncludeRbac</code><para>Restores the collections, then the roles, privilege groups and grants the target lacks, and binds roles to the users it has (a warning names users it does not have).</para></example>
/// <example><code>Restore-Milvus -Path ./dump -DestinationDatabase staging -Mode Overwrite -Force</code><para>Restores every collection into database staging, replacing collections of the same name.</para></example>
/// <example><code>Restore-Milvus -Path ./dump -BulkImport -StoragePath backups/dump -Verify</code><para>Lets Milvus import the files of ./dump, which were copied to backups/dump in its bucket, and proves every partition equal to the backup.</para></example>
[Cmdlet(VerbsData.Restore, "Milvus", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusTransferResult))]
public sealed class RestoreMilvusCommand : MilvusWriteCmdlet
{
    /// <summary>The backup folder (holding manifest.json).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Databases of the backup to restore (wildcards); default all.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Database { get; set; } = [];

    /// <summary>Collections of the backup to restore (wildcards); default all.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] CollectionName { get; set; } = [];

    /// <summary>Partitions to restore (wildcards); default all. Partition-key collections are restored whole.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] PartitionName { get; set; } = [];

    /// <summary>Restore into this database instead of each collection's own.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DatabaseNameCompleter))]
    public string? DestinationDatabase { get; set; }

    /// <summary>New collection names: @{ old = 'new' }.</summary>
    [Parameter]
    public Hashtable? Rename { get; set; }

    /// <summary>Also create the collections' aliases (an alias that already exists is left alone).</summary>
    [Parameter]
    public SwitchParameter IncludeAlias { get; set; }

    /// <summary>Also restore the backup's roles, privilege groups, grants and role bindings, after the collections; what the target has is left alone. Grants on restored collections follow them (-DestinationDatabase, -Rename), and database-wide grants of their databases follow -DestinationDatabase. Users are not created (the backup has no passwords): roles are bound to users the target has, and a warning names the others. A privilege the target does not know is an error before anything is created. Needs a connection with a user: Milvus records who granted.</summary>
    [Parameter]
    public SwitchParameter IncludeRbac { get; set; }

    /// <summary>Restore into an older Milvus without the fields its release cannot hold (a Timestamptz before 2.6.6, say), with their indexes; each is named in the result's notes. Without it, such a collection is an error before anything is created.</summary>
    [Parameter]
    public SwitchParameter DropUnsupported { get; set; }

    /// <summary>Continue an interrupted restore from its checkpoints: collections are kept, committed rows are not sent again.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>After the restore, count and digest every restored partition against the manifest; a difference is an error.</summary>
    [Parameter]
    public SwitchParameter Verify { get; set; }

    /// <summary>Let the server read the backup's files itself (Milvus bulk import) instead of sending their rows; needs -StoragePath.</summary>
    [Parameter]
    public SwitchParameter BulkImport { get; set; }

    /// <summary>With -BulkImport: the backup folder as the server sees it, relative to its bucket or storage root (e.g. backups/dump1).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StoragePath { get; set; }

    /// <summary>Connection from Connect-Milvus of the server to restore into; the session default when omitted.</summary>
    [Parameter]
    public MilvusConnection? Connection { get; set; }

    protected override void ProcessRecord()
    {
        string folder = GetUnresolvedProviderPathFromPSPath(Path);
        var connection = ConnectionCmdlet.ConnectionOf(this, Connection);
        var client = ConnectionCmdlet.ClientFor(this, Connection, null);
        var rename = (Rename ?? []).Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? "", StringComparer.Ordinal);
        string TargetOf(string unit) => rename.GetValueOrDefault(unit[(unit.IndexOf('/') + 1)..]) ?? unit[(unit.IndexOf('/') + 1)..];
        string DatabaseOf(string unit) => DestinationDatabase ?? unit[..unit.IndexOf('/')];
        var host = CmdletJobHost.For(this, $"Restoring {folder} to {client.Address}", Force, new ResultWording(
            (unit, r) =>
            {
                if (unit != RbacRestore.UnitName) return new ResultTarget(TargetOf(unit), null, connection, DatabaseOf(unit));
                foreach (var note in r.Notes.Where(n => n.StartsWith(RbacRestore.MissingUsersNote, StringComparison.Ordinal))) WriteWarning(note);
                return new ResultTarget("", null, connection);
            },
            (unit, r) => new VerifyWording($"Collection '{TargetOf(unit)}'{(r.Partition is null ? "" : $" partition '{r.Partition}'")}",
                "Restore it again with -Mode Overwrite, then run Test-MilvusBackup to check the backup's files.")));
        try
        {
            Run(ct => RestoreJob.RunAsync(new RestoreOptions
            {
                Destination = client, Folder = folder, Databases = Database, Collections = CollectionName, Partitions = PartitionName,
                DestinationDatabase = DestinationDatabase, Rename = rename, Mode = CoreMode, IncludeAliases = IncludeAlias, IncludeRbac = IncludeRbac, Verify = Verify,
                BulkImport = BulkImport, StoragePath = StoragePath, DropUnsupported = DropUnsupported,
                Transfer = TransferOptions(Resume),
            }, host, ct));
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, folder);
        }
    }
}
