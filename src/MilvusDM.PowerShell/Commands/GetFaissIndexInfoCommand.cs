using System.Management.Automation;
using MilvusDM.Core.Faiss;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Describes Faiss index files: type chain, dimension, count, metric, float or binary, and whether the vectors are recoverable exactly, approximately or not at all.</para>
/// </summary>
/// <example><code>Get-FaissIndexInfo ./vectors.index</code><para>Shows the index type chain, dimension, vector count, metric and whether the vectors can be recovered.</para></example>
/// <example><code>Get-ChildItem ./shards/*.index | Get-FaissIndexInfo</code><para>Describes several files.</para></example>
[Cmdlet(VerbsCommon.Get, "FaissIndexInfo")]
[OutputType(typeof(MilvusFaissIndexInfo))]
public sealed class GetFaissIndexInfoCommand : FileReadCmdlet<FaissReadParameters>
{
    protected override void ProcessRecord()
    {
        foreach (var file in Read.Files(this))
        {
            try
            {
                var info = FaissIndexInfo.Read(file);
                WriteObject(new MilvusFaissIndexInfo
                {
                    Path = info.Path,
                    FileSize = info.FileSize,
                    Type = string.Join(" > ", info.TypeChain),
                    Fourccs = info.Fourccs.ToArray(),
                    Dimension = info.Dimension,
                    Count = info.Count,
                    Metric = info.Metric,
                    MilvusMetric = info.MilvusMetric,
                    VectorType = info.IsBinary ? "BinaryVector" : "FloatVector",
                    Recoverability = info.Recoverability.ToString(),
                    Reason = info.Reason,
                });
            }
            catch (Exception e) when (!IsStop(e))
            {
                WriteError(e, file);
            }
        }
    }
}
