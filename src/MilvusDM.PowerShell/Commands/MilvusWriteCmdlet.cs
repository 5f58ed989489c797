using System.Management.Automation;
using MilvusDM.Core.Transfer;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// Base of the cmdlets that write rows into Milvus through the transfer engine (imports, Write-MilvusCollection,
/// Copy-MilvusCollection): the parameters every such write takes, written once. (-Resume and -Verify belong to the
/// cmdlets whose source can be read again: the imports and the copy.)
/// </summary>
public abstract class MilvusWriteCmdlet : MilvusDMCmdlet
{
    /// <summary>What to do when the target collection exists: Append (default), Skip, Overwrite (drop and recreate; asks unless -Force) or Upsert.</summary>
    [Parameter]
    public MilvusWriteMode Mode { get; set; } = MilvusWriteMode.Append;

    /// <summary>Most rows in one write; larger batches are cut to stay far below Milvus's 64 MB request limit.</summary>
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

    internal WriteMode CoreMode => Enum.Parse<WriteMode>(Mode.ToString());

    /// <summary>The engine options these parameters ask for; with checkpoints on disk (resumed when <paramref name="resume"/>) for sources that can be read again.</summary>
    internal TransferOptions TransferOptions(bool? resume = null)
    {
        var o = new TransferOptions { BatchRows = BatchSize, ThrottleLimit = ThrottleLimit };
        return resume is { } r ? o.Persisted(r) : o;
    }
}

/// <summary>
/// Base of the cmdlets that write into one collection of one server: where (-Connection, -Database, -PartitionName)
/// and with which index (-IndexType, -MetricType), and whether to load it after.
/// </summary>
public abstract class CollectionWriteCmdlet : MilvusWriteCmdlet
{
    /// <summary>Connection from Connect-Milvus; the session default when omitted.</summary>
    [Parameter]
    public MilvusConnection? Connection { get; set; }

    /// <summary>Database to use instead of the connection's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Internal.DatabaseNameCompleter))]
    public string? Database { get; set; }

    /// <summary>Partition to write into; created when missing. Default: the default partition (or the one an exported file came from).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Internal.PartitionNameCompleter))]
    public string? PartitionName { get; set; }

    /// <summary>Index type of the vector field (default: the source's own, or AUTOINDEX).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Internal.IndexTypeCompleter))]
    public string? IndexType { get; set; }

    /// <summary>Metric of the vector index (L2, IP, COSINE; HAMMING or JACCARD for binary vectors); default: the source's.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Internal.MetricTypeCompleter))]
    public string? MetricType { get; set; }

    /// <summary>Load the collection when the transfer ends (creating AUTOINDEX on vector fields that have no index).</summary>
    [Parameter]
    public SwitchParameter Load { get; set; }

    internal MilvusConnection TargetConnection => ConnectionCmdlet.ConnectionOf(this, Connection);

    internal Core.Milvus.MilvusClient TargetClient => ConnectionCmdlet.ClientFor(this, Connection, Database);
}
