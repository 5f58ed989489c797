using System.Management.Automation;
using MilvusDM.Core.Transfer;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Exports a collection to HDF5 (M2H): one file per partition in the MilvusDM layout with every field, and beside each a task file that loads it back.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(MilvusTransferResult))]
public sealed class ExportMilvusCollectionCommand : ConnectionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Folder for the HDF5 and task files (created when missing).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    public string[] PartitionName { get; set; } = [];

    /// <summary>Replace existing files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    [ValidateRange(1, 16384)]
    public int BatchSize { get; set; } = 5000;

    protected override void ProcessRecord()
    {
        var client = Client;
        string folder = GetUnresolvedProviderPathFromPSPath(Path);
        if (!ShouldProcess(folder, $"Export collection '{Name}' to HDF5")) return;
        var options = new CollectionExportOptions
        {
            Name = Name,
            Folder = folder,
            Partitions = PartitionName,
            Overwrite = Force,
            Transfer = new TransferOptions { BatchRows = BatchSize },
        };
        var progress = new CallbackProgress<TransferProgress>(p => Progress.Update(1, $"Exporting collection '{Name}'",
            $"{p.RowsWritten:N0} of {p.TotalRows:N0} rows, {p.RowsPerSecond:N0} rows/s", p.Percent));
        try
        {
            foreach (var result in Run(ct => CollectionExport.RunAsync(client, options, progress, ct)))
            {
                if (result.Error is { } error) WriteError(error, Name);
                foreach (var note in result.Notes) WriteVerbose(note);
                WriteObject(OutputMapper.Transfer("Export", result, Name, result.Partition));
            }
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, Name);
        }
    }
}
