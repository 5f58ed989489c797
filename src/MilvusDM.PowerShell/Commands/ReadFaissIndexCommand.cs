using System.Management.Automation;
using MilvusDM.Core.Faiss;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Streams the ids and vectors of Faiss index files to the pipeline as vector batches.</para>
/// </summary>
/// <example><code>Read-FaissIndex ./vectors.index -BatchSize 5000 | Write-Hdf5 ./vectors.h5</code><para>Streams the vectors of a Faiss file into an HDF5 file, one batch in memory at a time.</para></example>
[Cmdlet(VerbsCommunications.Read, "FaissIndex")]
[OutputType(typeof(MilvusVectorBatch))]
public sealed class ReadFaissIndexCommand : FileReadCmdlet<FaissReadParameters>
{
    /// <summary>Rows per emitted batch.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 10_000;

    protected override void ProcessRecord()
    {
        foreach (var file in Read.Files(this)) EmitBatches(new FaissIndexSource(file, Read.Options(MetricType)), file, BatchSize);
    }
}
