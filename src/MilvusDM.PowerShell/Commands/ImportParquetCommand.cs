using System.Management.Automation;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Imports Parquet files in Milvus's bulk-import layout into a Milvus collection: MilvusDM's exports and files written by pymilvus BulkWriter or any tool that follows the layout.</para>
/// <para type="description">One column per field (vectors as lists, JSON as text, the dynamic field as $meta). The schema comes from the file; the first file honours -Mode and the rest append. Emits one transfer result per file.</para>
/// </summary>
/// <example><code>Import-Parquet -Directory ./parquet/docs -CollectionName docs_back -Verify</code><para>Loads a partition exported with Export-MilvusCollection -Format Parquet back and proves every row arrived.</para></example>
/// <example><code>Get-ChildItem ./bulk/*.parquet | Import-Parquet -CollectionName items -IndexType HNSW -MetricType COSINE -Load</code><para>Imports BulkWriter output into a new collection with an HNSW index and loads it.</para></example>
[Cmdlet(VerbsData.Import, "Parquet", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParquetReadParameters.PathSet)]
[OutputType(typeof(MilvusTransferResult))]
public sealed class ImportParquetCommand : FileImportCmdlet<ParquetReadParameters>
{
    protected override IEnumerable<string> ResolvedFiles() => Read.Files(this);

    internal override Core.Jobs.FileSource Source => Core.Jobs.FileSource.Parquet();
}
