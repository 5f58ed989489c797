using System.Management.Automation;
using MilvusDM.Core.Hdf5;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Streams the ids, vectors and chosen scalar datasets of HDF5 files to the pipeline as vector batches.</para>
/// </summary>
/// <example><code>Read-Hdf5 ./train.h5 | Write-MilvusCollection -Name train</code><para>Streams an HDF5 file into a collection through the pipeline.</para></example>
[Cmdlet(VerbsCommunications.Read, "Hdf5", DefaultParameterSetName = FileSetParameters.PathSet)]
[OutputType(typeof(MilvusVectorBatch))]
public sealed class ReadHdf5Command : FileReadCmdlet<Hdf5ReadParameters>
{
    /// <summary>Rows per emitted batch.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 10_000;

    protected override void ProcessRecord()
    {
        foreach (var file in Read.Files(this)) EmitBatches(new Hdf5VectorSource(file, Read.Options(MetricType)), file, BatchSize);
    }
}
