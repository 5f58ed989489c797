using System.Management.Automation;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Transfer;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Writes vector batches from the pipeline into an HDF5 file in the MilvusDM layout (ids, embeddings, one dataset per field, schema attributes).</para>
/// <para type="description">Batches are spooled to a temporary file (HDF5 datasets must be sized up front), then written; the file appears under its name only when complete. h5py and h5dump read it; Import-Hdf5 loads it back.</para>
/// </summary>
/// <example><code>Read-MilvusCollection docs | Write-Hdf5 ./docs.h5 -MetricType IP</code><para>Writes pipeline batches into one HDF5 file in the MilvusDM layout.</para></example>
[Cmdlet(VerbsCommunications.Write, "Hdf5", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusTransferResult))]
public sealed class WriteHdf5Command : MilvusDMCmdlet
{
    private PipelineWriter? _writer;
    private Hdf5FileSink? _sink;
    private string _file = "";

    /// <summary>Vector batches from the pipeline (Read-FaissIndex, Read-Hdf5, Read-MilvusCollection, New-MilvusVectorBatch).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public MilvusVectorBatch? InputObject { get; set; }

    /// <summary>The HDF5 file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Metric to record in the file's metric_type attribute (L2, IP, COSINE, HAMMING…).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(MetricTypeCompleter))]
    public string? MetricType { get; set; }

    /// <summary>Replace an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Compress the datasets (chunked): Gzip or Lzf (h5py's), with shuffle; None (default) writes them contiguous.</summary>
    [Parameter]
    public MilvusHdf5Compression Compression { get; set; }

    protected override void BeginProcessing()
    {
        _file = GetUnresolvedProviderPathFromPSPath(Path);
        if (!ShouldProcess(_file, File.Exists(_file) ? "Replace HDF5 file" : "Write HDF5 file")) return;
        _sink = new Hdf5FileSink(_file, Force, MetricType, Enum.Parse<Hdf5Compression>(Compression.ToString()));
        _writer = new PipelineWriter(this, _sink, new TransferOptions { ThrottleLimit = 1 }, $"Writing {_file}");
    }

    protected override void ProcessRecord()
    {
        if (InputObject is not null) _writer?.Push(InputObject);
    }

    protected override void Finish()
    {
        if (_writer is null) return;
        try
        {
            ResultWriter.Write(this, _writer.Finish(), new ResultTarget(System.IO.Path.GetFileName(_file)), _file);
        }
        finally
        {
            _sink?.Dispose();
        }
    }
}
