using System.Management.Automation;
using MilvusDM.Core.Transfer;
using MilvusDM.PowerShell.Commands;

namespace MilvusDM.PowerShell.Internal;

/// <summary>
/// Feeds pipeline batches into an engine running in the background (Write-* cmdlets): ProcessRecord pushes into a
/// small bounded channel and, while it is full, pumps the engine's progress on the pipeline thread; Finish ends the
/// input and waits for the result. A stop lets in-flight writes finish before the pipeline unwinds.
/// </summary>
internal sealed class PipelineWriter
{
    private readonly MilvusDMCmdlet _cmdlet;
    private readonly PushVectorSource _source;
    private readonly Task<TransferResult> _engine;

    public PipelineWriter(MilvusDMCmdlet cmdlet, IVectorSink sink, TransferOptions options, string activity, string? primaryKey = null)
    {
        _cmdlet = cmdlet;
        _source = new PushVectorSource("pipeline", primaryKey: primaryKey);
        var progress = TransferProgressReporter.For(cmdlet, 1, activity);
        var engine = new TransferEngine(options);
        _engine = cmdlet.StartBackground(ct => engine.RunAsync(_source, sink, progress, ct));
    }

    /// <summary>Rows that arrived after the transfer had already ended (they were not written).</summary>
    public long IgnoredRows { get; private set; }

    public void Push(MilvusVectorBatch batch)
    {
        if (_engine.IsCompleted)
        {
            IgnoredRows += batch.Count;
            return;
        }
        while (!_source.TryPush(batch.Inner))
        {
            if (_cmdlet.StopToken.IsCancellationRequested)
            {
                _source.Complete();
                _cmdlet.PumpUntil(_engine);
                throw new PipelineStoppedException();
            }
            if (_engine.IsCompleted) { IgnoredRows += batch.Count; return; }
            _cmdlet.PumpUntil(Task.WhenAny(_source.WaitForSpaceAsync(_cmdlet.StopToken).AsTask(), _engine));
        }
    }

    public TransferResult Finish()
    {
        _source.Complete();
        _cmdlet.PumpUntil(_engine);
        return _engine.GetAwaiter().GetResult();
    }
}
