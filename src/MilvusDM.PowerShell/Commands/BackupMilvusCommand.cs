using System.Management.Automation;
using MilvusDM.Core.Backup;
using MilvusDM.Core.Parquet;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Backs up a Milvus server (all of it, or databases, collections and partitions by wildcard) into a folder: a manifest with every schema, index, alias and load state, and the data as Parquet files in Milvus's bulk-import layout.</para>
/// <para type="description">One folder per partition (&lt;db&gt;/&lt;collection&gt;/&lt;partition&gt;/), files cut at -MaxFileSize; a partition-key collection is backed up whole. Each finished file is journaled in progress.json, so -Resume continues an interrupted backup; manifest.json is written last, so a folder without it is an unfinished backup. One transfer result per partition.</para>
/// </summary>
/// <example><code>Backup-Milvus -Path ./dump</code><para>Backs up every database and collection of the session's server.</para></example>
/// <example><code>Backup-Milvus -Path ./dump -Database lab -CollectionName docs* -MaxFileSize 256MB</code><para>Backs up the collections starting with docs in database lab, in files of at most 256 MB.</para></example>
/// <example><code>Backup-Milvus -Path ./dump -IncludeRbac</code><para>Backs up everything, and the roles, privilege groups, grants and users (without passwords).</para></example>
/// <example><code>Backup-Milvus -Path ./dump -Resume</code><para>Continues a backup that was interrupted: finished files are kept.</para></example>
[Cmdlet(VerbsData.Backup, "Milvus", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(MilvusTransferResult))]
public sealed class BackupMilvusCommand : MilvusDMCmdlet
{
    /// <summary>Folder to write the backup into (created when missing; must not hold another backup).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Databases to back up (wildcards); default every database.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DatabaseNameCompleter))]
    public string[] Database { get; set; } = [];

    /// <summary>Collections to back up (wildcards); default every collection.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string[] CollectionName { get; set; } = [];

    /// <summary>Partitions to back up (wildcards); default every partition. Partition-key collections are backed up whole.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] PartitionName { get; set; } = [];

    /// <summary>Continue an interrupted backup in the folder: files it finished are kept, the file it was writing is written again.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Also back up roles, privilege groups, grants and users with their roles. Passwords cannot be read from Milvus, so users are recorded by name only (the manifest says so; Get-MilvusBackup shows it).</summary>
    [Parameter]
    public SwitchParameter IncludeRbac { get; set; }

    /// <summary>Largest data file in bytes (default 1 GB; at most 16 GB, the largest file Milvus imports).</summary>
    [Parameter]
    [ValidateRange(1L, ParquetFileSink.LargestMaxFileSize)]
    public long MaxFileSize { get; set; } = ParquetFileSink.DefaultMaxFileSize;

    /// <summary>Partitions of a collection backed up at the same time (default 4); each holds one row group in memory.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>Connection from Connect-Milvus; the session default when omitted.</summary>
    [Parameter]
    public MilvusConnection? Connection { get; set; }

    protected override void ProcessRecord()
    {
        string folder = GetUnresolvedProviderPathFromPSPath(Path);
        var connection = ConnectionCmdlet.ConnectionOf(this, Connection);
        var client = ConnectionCmdlet.ClientFor(this, Connection, null);
        var host = CmdletJobHost.For(this, $"Backing up {client.Address} to {folder}", true, new ResultWording(
            (unit, _) => new ResultTarget(unit[(unit.IndexOf('/') + 1)..], null, connection, unit[..unit.IndexOf('/')])));
        try
        {
            Run(ct => BackupJob.RunAsync(new BackupOptions
            {
                Source = client, Folder = folder, Databases = Database, Collections = CollectionName, Partitions = PartitionName,
                Resume = Resume, MaxFileSize = MaxFileSize, ParallelPartitions = ThrottleLimit, IncludeRbac = IncludeRbac,
            }, host, ct));
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, folder);
        }
    }
}
