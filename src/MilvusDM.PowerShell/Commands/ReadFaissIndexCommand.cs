using System.Management.Automation;
using MilvusDM.Core.Faiss;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Streams the ids and vectors of Faiss index files to the pipeline as vector batches.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Read, "FaissIndex")]
[OutputType(typeof(MilvusVectorBatch))]
public sealed class ReadFaissIndexCommand : FaissCmdlet
{
    /// <summary>Rows per emitted batch.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 10_000;

    protected override void ProcessRecord()
    {
        foreach (var file in ResolvedFiles())
        {
            var source = new FaissIndexSource(file, ReadOptions);
            long rows = 0;
            try
            {
                // One batch at a time on the pipeline thread: memory stays at one batch however slow the consumer.
                foreach (var batch in source.ReadAsync(null, BatchSize, StopToken).ToBlockingEnumerable(StopToken))
                {
                    WriteObject(new MilvusVectorBatch(batch));
                    rows += batch.RowCount;
                    Progress.Update(2, $"Reading {file}", $"{rows:N0} rows", source.TotalRows is > 0 ? (int)(rows * 100 / source.TotalRows.Value) : null);
                    PumpPending();
                }
            }
            catch (Exception e) when (!IsStop(e))
            {
                WriteError(e, file);
            }
            finally
            {
                Progress.Complete(2);
                PumpPending();
            }
        }
    }
}
