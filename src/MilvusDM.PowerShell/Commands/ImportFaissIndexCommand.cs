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
public sealed class ImportFaissIndexCommand : FileImportCmdlet<FaissReadParameters>
{
    protected override IEnumerable<string> ResolvedFiles() => Read.Files(this);

    internal override Core.Jobs.FileSource Source => Core.Jobs.FileSource.Faiss(Read.Options(MetricType));
}
