using System.Management.Automation;
using MilvusDM.Core.Transfer;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Exports a collection to files: HDF5 (M2H, default), Parquet in Milvus's bulk-import layout, or a Faiss index; one per partition, each with a task file that loads it back.</para>
/// </summary>
/// <example><code>Export-MilvusCollection docs -Path ./export</code><para>Writes one HDF5 file per partition, with the task files that load them back.</para></example>
/// <example><code>Export-MilvusCollection docs -Path ./parquet -Format Parquet</code><para>Writes each partition as Parquet files that Import-Parquet (or Milvus's own bulk import) loads back.</para></example>
/// <example><code>Export-MilvusCollection glove -Path ./faiss -Format Faiss</code><para>Writes each partition as a Faiss IndexIDMap2 over a flat index with the collection's metric.</para></example>
/// <example><code>Export-MilvusCollection -SourcePath /var/lib/milvus -Name vectors -PartitionName 2021-q3 -Path ./export</code><para>Exports one partition of a Milvus 1.x collection.</para></example>
[Cmdlet(VerbsData.Export, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "Milvus2")]
[OutputType(typeof(MilvusTransferResult))]
public sealed class ExportMilvusCollectionCommand : ConnectionCmdlet
{
    /// <summary>The collection to export.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>Folder for the HDF5 and task files (created when missing).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Partitions (or Milvus 1.x tags) to export; default every partition.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PartitionNameCompleter))]
    public string[] PartitionName { get; set; } = [];

    /// <summary>Replace existing files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>What each partition becomes: Hdf5 (default), Parquet (a folder of files in Milvus's bulk-import layout) or Faiss (an IndexIDMap2 over a flat index; COSINE is stored as IP over the vectors).</summary>
    [Parameter]
    public MilvusExportFormat Format { get; set; }

    /// <summary>HDF5 only: compress the datasets with Gzip or Lzf (chunked, with shuffle); default None.</summary>
    [Parameter]
    public MilvusHdf5Compression Compression { get; set; }

    /// <summary>Rows per page read from the collection.</summary>
    [Parameter]
    [ValidateRange(1, 16384)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>A Milvus 1.x data path (its storage.path, holding db/) to export from instead of a server.</summary>
    [Parameter(Mandatory = true, ParameterSetName = Milvus1Parameters.SetName)]
    [ValidateNotNullOrEmpty]
    public string? SourcePath { get; set; }

    /// <summary>The Milvus 1.x metadata in MySQL (the password may come from -MySqlCredential or MILVUSDM_MYSQL_PASSWORD).</summary>
    [Parameter(ParameterSetName = Milvus1Parameters.SetName)]
    [ValidateNotNullOrEmpty]
    public string? MySqlConnectionString { get; set; }

    /// <summary>User and password for the Milvus 1.x MySQL metadata (instead of writing the password into -MySqlConnectionString).</summary>
    [Parameter(ParameterSetName = Milvus1Parameters.SetName)]
    [Credential]
    public PSCredential? MySqlCredential { get; set; }

    protected override void ProcessRecord()
    {
        string folder = GetUnresolvedProviderPathFromPSPath(Path);
        var transfer = new TransferOptions { BatchRows = BatchSize };
        var host = CmdletJobHost.For(this, $"Exporting to {folder}", Force, new ResultWording((_, _) => new ResultTarget(Name)));
        // Resolved here, on the pipeline thread: the session default connection belongs to this runspace.
        bool milvus1 = ParameterSetName == Milvus1Parameters.SetName;
        var milvus1Source = milvus1 ? Milvus1Parameters.Options(this, SourcePath!, "", PartitionName, MySqlConnectionString, MySqlCredential) : null;
        var client = milvus1 ? null : Client;
        try
        {
            Run(ct => milvus1
                ? Core.Jobs.CollectionJobs.ExportMilvus1Async(new Core.Jobs.Milvus1ExportOptions
                {
                    Source = milvus1Source!, Names = [Name],
                    Folder = folder, Overwrite = Force, Transfer = transfer,
                }, host, ct)
                : Core.Jobs.CollectionJobs.ExportAsync(new Core.Jobs.ExportCollectionsOptions
                {
                    Source = client!, Names = [Name], Folder = folder, Partitions = PartitionName, Overwrite = Force, Transfer = transfer,
                    Format = Enum.Parse<ExportFormat>(Format.ToString()), Compression = Enum.Parse<Core.Hdf5.Hdf5Compression>(Compression.ToString()),
                }, host, ct));
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, Name);
        }
    }
}
