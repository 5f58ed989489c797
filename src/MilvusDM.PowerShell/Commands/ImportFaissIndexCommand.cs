using System.Management.Automation;
using MilvusDM.PowerShell.Internal;
using MilvusDM.Core.Faiss;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Imports Faiss index files into a Milvus collection (F2M): ids become an Int64 primary key, vectors an embedding field, the index's metric the collection index's.</para>
/// <para type="description">The first file honours -Mode; later files of the same call append. Emits one transfer result per file.</para>
/// </summary>
/// <example><code>Import-FaissIndex ./vectors.index -CollectionName docs -IndexType HNSW -Load -Verify</code><para>Imports a Faiss file with its ids, creates an HNSW index with the file's metric, loads the collection and proves every row arrived.</para></example>
/// <example><code>Get-ChildItem ./shards/*.index | Import-FaissIndex -CollectionName docs</code><para>Imports several files into one collection; the first honours -Mode, the rest append.</para></example>
[Cmdlet(VerbsData.Import, "FaissIndex", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusTransferResult))]
public sealed class ImportFaissIndexCommand : FaissCmdlet
{
    private readonly FileImportState _done = new();

    /// <summary>Connection from Connect-Milvus; the session default when omitted.</summary>
    [Parameter]
    public MilvusConnection? Connection { get; set; }

    /// <summary>Database to use instead of the connection's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DatabaseNameCompleter))]
    public string? Database { get; set; }

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

    /// <summary>Overwrite without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Continue an interrupted import from its checkpoint: committed rows are not sent again, finished files are skipped.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>After each file, look every row up in the collection and compare it (ErrorId VerificationFailed on a mismatch).</summary>
    [Parameter]
    public SwitchParameter Verify { get; set; }

    protected override void ProcessRecord()
    {
        var client = ConnectionCmdlet.ClientFor(this, Connection, Database);
        var read = ReadOptions;
        var request = new FileImportRequest("Faiss index", ConnectionCmdlet.ConnectionOf(this, Connection), client, CollectionName, PartitionName, Mode, Force, Load, BatchSize, ThrottleLimit, Resume,
            (file, sink, transfer, progress, ct) => FaissImport.RunAsync(client, file, read, sink, IndexType, transfer, progress, ct, Verify));
        FileImport.Run(this, request, ResolvedFiles(), _done);
    }
}
