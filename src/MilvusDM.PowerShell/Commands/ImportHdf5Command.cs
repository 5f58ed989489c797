using System.Management.Automation;
using MilvusDM.PowerShell.Internal;
using MilvusDM.Core.Hdf5;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Imports HDF5 files into a Milvus collection (H2M): files, wildcards, folders or Get-ChildItem input.</para>
/// <para type="description">The first file honours -Mode; the rest append, as the old MilvusDM did. Emits one transfer result per file.</para>
/// </summary>
/// <example><code>Import-Hdf5 -Directory ./h5 -CollectionName sift -IndexType HNSW -Load</code><para>Imports every .h5 file of a folder (MilvusDM or ann-benchmarks layout).</para></example>
/// <example><code>Import-Hdf5 -Directory ./export -CollectionName docs_restored -Verify</code><para>Loads files written by Export-MilvusCollection back with their schema, partitions and indexes, and verifies them.</para></example>
/// <example><code>Import-Hdf5 ./big.h5 -CollectionName big -Resume</code><para>Continues an import that was interrupted.</para></example>
[Cmdlet(VerbsData.Import, "Hdf5", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
[OutputType(typeof(MilvusTransferResult))]
public sealed class ImportHdf5Command : Hdf5Cmdlet
{
    private readonly FileImportState _done = new();

    /// <summary>The Milvus collection to write into; created from the file's schema when it does not exist.</summary>
    [Parameter(Mandatory = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string CollectionName { get; set; } = "";

    /// <summary>Partition(s) to read or write; created on the target when missing. Default: the default partition (writes) or every partition (reads).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PartitionNameCompleter))]
    public string? PartitionName { get; set; }

    /// <summary>What to do when the target collection exists: Append (default), Skip, Overwrite (drop and recreate; asks unless -Force) or Upsert.</summary>
    [Parameter]
    [ValidateSet("Append", "Skip", "Overwrite", "Upsert")]
    public string Mode { get; set; } = "Append";

    /// <summary>Index type of the vector field (default AUTOINDEX), created with the file's metric.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IndexTypeCompleter))]
    public string? IndexType { get; set; }

    /// <summary>Load the collection when the transfer ends (creating default indexes on vector fields that have none).</summary>
    [Parameter]
    public SwitchParameter Load { get; set; }

    /// <summary>Most rows in one write (or one batch read); larger batches are cut to stay far below Milvus's 64 MB request limit.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 10_000;

    /// <summary>Writes kept in flight at once (1 to 64).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>Overwrite without asking for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Continue an interrupted import from its checkpoint: committed rows are not sent again, finished files are skipped.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>After each file, look every row up in the collection and compare it (ErrorId VerificationFailed on a mismatch).</summary>
    [Parameter]
    public SwitchParameter Verify { get; set; }

    /// <summary>Connection from Connect-Milvus; the session's default connection when omitted.</summary>
    [Parameter]
    public MilvusConnection? Connection { get; set; }

    /// <summary>Database to use instead of the connection's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DatabaseNameCompleter))]
    public string? Database { get; set; }

    protected override void ProcessRecord()
    {
        var client = ConnectionCmdlet.ClientFor(this, Connection, Database);
        var read = ReadOptions;
        var request = new FileImportRequest("HDF5 file", ConnectionCmdlet.ConnectionOf(this, Connection), client, CollectionName, PartitionName, Mode, Force, Load, BatchSize, ThrottleLimit, Resume,
            (file, sink, transfer, progress, ct) => Hdf5Import.RunAsync(client, file, read, sink, IndexType, transfer, progress, ct, Verify));
        FileImport.Run(this, request, ResolvedFiles(), _done);
    }
}
