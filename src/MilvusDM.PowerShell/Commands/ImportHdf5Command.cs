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
[Cmdlet(VerbsData.Import, "Hdf5", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = FileSetParameters.PathSet)]
[OutputType(typeof(MilvusTransferResult))]
public sealed class ImportHdf5Command : FileImportCmdlet<Hdf5ReadParameters>
{
    protected override IEnumerable<string> ResolvedFiles() => Read.Files(this);

    internal override Core.Jobs.FileSource Source => Core.Jobs.FileSource.Hdf5(Read.Options(MetricType));
}
