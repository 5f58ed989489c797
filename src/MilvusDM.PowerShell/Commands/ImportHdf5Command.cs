using System.Management.Automation;
using MilvusDM.PowerShell.Internal;
using MilvusDM.Core.Hdf5;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Imports HDF5 files into a Milvus collection (H2M): files, wildcards, folders or Get-ChildItem input.</para>
/// <para type="description">The first file honours -Mode; the rest append, as the old MilvusDM did. Emits one transfer result per file.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "Hdf5", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusTransferResult))]
public sealed class ImportHdf5Command : Hdf5Cmdlet
{
    private bool _firstDone;

    [Parameter(Mandatory = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string CollectionName { get; set; } = "";

    [Parameter]
    public string? PartitionName { get; set; }

    [Parameter]
    [ValidateSet("Append", "Skip", "Overwrite", "Upsert")]
    public string Mode { get; set; } = "Append";

    /// <summary>Index type of the vector field (default AUTOINDEX), created with the file's metric.</summary>
    [Parameter]
    public string? IndexType { get; set; }

    [Parameter]
    public SwitchParameter Load { get; set; }

    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 10_000;

    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Continue an interrupted import from its checkpoint: committed rows are not sent again, finished files are skipped.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>After each file, look every row up in the collection and compare it (ErrorId VerificationFailed on a mismatch).</summary>
    [Parameter]
    public SwitchParameter Verify { get; set; }

    [Parameter]
    public MilvusConnection? Connection { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Database { get; set; }

    protected override void ProcessRecord()
    {
        var client = ConnectionCmdlet.ClientFor(this, Connection, Database);
        var read = ReadOptions;
        var request = new FileImportRequest("Import-Hdf5", "HDF5 file", client, CollectionName, PartitionName, Mode, Force, Load, BatchSize, ThrottleLimit, Resume,
            (file, sink, transfer, progress, ct) => Hdf5Import.RunAsync(client, file, read, sink, IndexType, transfer, progress, ct, Verify));
        FileImport.Run(this, request, ResolvedFiles(), ref _firstDone);
    }
}
