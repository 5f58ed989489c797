using System.Collections.Concurrent;
using System.Management.Automation;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// Base of every MilvusDM cmdlet. Async work runs on the thread pool; whatever it wants to write is posted
/// and executed here, on the pipeline thread, which pumps until the work is done. StopProcessing (Ctrl+C)
/// cancels <see cref="StopToken"/>. Progress is throttled and always completed in a finally block.
/// </summary>
public abstract class MilvusDMCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly BlockingCollection<Action> _posted = new();
    private ProgressWriter? _progress;

    protected internal CancellationToken StopToken => _stop.Token;

    internal ProgressWriter Progress => _progress ??= new ProgressWriter(r => Post(() => WriteProgress(r)));

    private readonly List<Task> _background = [];
    private readonly List<IDisposable> _watches = [];

    private readonly HashSet<object> _watched = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Subscribes once per client for the life of the command (e.g. to a connection's retries; a command asks for
    /// the session's client many times), disposing the subscription with the command.
    /// </summary>
    internal void WatchOnce(object client, Func<IDisposable> subscribe)
    {
        if (_watched.Add(client)) _watches.Add(subscribe());
    }

    internal void PostVerboseFromWorker(string message) => PostVerbose(message);

    /// <summary>
    /// Ctrl+C: cancels the work and waits (bounded) for background work to settle, so nothing is written after Stop
    /// returns; then tells the host what was committed (the pipeline takes no more output once stopped).
    /// </summary>
    protected override void StopProcessing()
    {
        CancelAndSettle();
        string? activity;
        long rows;
        lock (_committedGate) (activity, rows) = (_committedActivity, _committedRows);
        if (activity is null) return;
        try
        {
            Host?.UI?.WriteWarningLine($"Cancelled: stopped after {rows:N0} committed rows ({activity}); they are kept. " +
                "Run the same command again with -Resume to continue from there.");
        }
        catch (Exception e) when (e is PipelineStoppedException or InvalidOperationException or NotImplementedException) { }
    }

    private readonly object _committedGate = new();
    private string? _committedActivity;
    private long _committedRows;

    /// <summary>Rows a running transfer has committed (from its progress), for the report a Ctrl+C makes.</summary>
    internal void NoteCommitted(string activity, long rows)
    {
        lock (_committedGate) (_committedActivity, _committedRows) = (activity, rows);
    }

    private void CancelAndSettle()
    {
        try { _stop.Cancel(); } catch (ObjectDisposedException) { return; }
        Task[] pending;
        lock (_background) pending = _background.ToArray();
        try { Task.WaitAll(pending, TimeSpan.FromSeconds(30)); }
        catch (AggregateException) { }   // their outcome is reported by the pipeline thread, if it still runs
    }

    /// <summary>Registers work that runs beyond one call (e.g. an engine fed by ProcessRecord) for StopProcessing to wait on.</summary>
    protected internal Task<T> StartBackground<T>(Func<CancellationToken, Task<T>> work)
    {
        var task = Task.Run(() => work(StopToken));
        lock (_background) _background.Add(task);
        return task;
    }

    /// <summary>Queues an action (WriteObject, WriteVerbose…) for the pipeline thread.</summary>
    protected internal void Post(Action action)
    {
        if (!_posted.IsAddingCompleted) _posted.Add(action);
    }

    protected void PostVerbose(string message) => Post(() => WriteVerbose(message));

    /// <summary>
    /// Runs <paramref name="work"/> on the pipeline thread (which pumps while a job runs) and gives its answer to the
    /// worker that asked: how a job's confirmation reaches ShouldProcess. An exception reaches both.
    /// </summary>
    internal Task<T> OnPipelineThread<T>(Func<T> work)
    {
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try { answer.SetResult(work()); }
            catch (Exception e) { answer.TrySetException(e); throw; }
        });
        return answer.Task;
    }

    /// <summary>Runs async work and pumps posted actions until it completes; rethrows its exception.</summary>
    protected internal T Run<T>(Func<CancellationToken, Task<T>> work)
    {
        var task = Task.Run(() => work(StopToken));
        PumpUntil(task);
        return task.GetAwaiter().GetResult();
    }

    protected void Run(Func<CancellationToken, Task> work) => Run(async ct => { await work(ct).ConfigureAwait(false); return true; });

    /// <summary>Executes posted actions on this thread until <paramref name="task"/> is done.</summary>
    protected internal void PumpUntil(Task task)
    {
        task.ContinueWith(_ => Post(static () => { }), TaskScheduler.Default);   // wakes the pump
        try
        {
            while (!task.IsCompleted)
                if (_posted.TryTake(out var action, 200)) action();
            while (_posted.TryTake(out var rest)) rest();
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C or a downstream Select-Object -First: stop the work and let PowerShell unwind.
            _stop.Cancel();
            try { task.Wait(TimeSpan.FromSeconds(30)); } catch (AggregateException) { }
            throw;
        }
    }

    /// <summary>Runs whatever is queued (progress, verbose) without waiting.</summary>
    protected void PumpPending()
    {
        while (_posted.TryTake(out var action)) action();
    }

    /// <summary>
    /// ShouldProcess for a write into a collection. Overwrite (which drops it) says what it drops — the rows of the
    /// existing collection (from <paramref name="existingRows"/>: null when it does not exist), or that nothing is — in
    /// -WhatIf and the prompt, and asks before dropping unless -Force, -Confirm:$false or -Confirm (already asked), or
    /// there is nothing to drop. The question defaults to No and offers Yes to All / No to All over many items.
    /// False means: do nothing for this item (-WhatIf or the user said no).
    /// </summary>
    protected internal bool ConfirmWrite(string target, string action, string mode, bool force, Func<long?>? existingRows = null)
    {
        if (mode != "Overwrite") return ShouldProcess(target, action);
        long? rows = existingRows?.Invoke();
        bool absent = existingRows is not null && rows is null;
        string what = absent ? $"{action}; the collection does not exist yet, nothing is dropped"
            : rows is { } n ? $"{action}; drops the collection and its {n:N0} rows first" : action;
        if (!ShouldProcess(target, what)) return false;
        if (absent || force || ConfirmSwitch is not null) return true;
        return AskToDrop(target, $"Drop {target}{(rows is { } r ? $", which holds {r:N0} rows," : "")} and recreate it from the source?");
    }

    private bool _yesToAll, _noToAll;

    private static readonly System.Collections.ObjectModel.Collection<System.Management.Automation.Host.ChoiceDescription> DropChoices =
    [
        new("&Yes", "Drop it and recreate it."),
        new("Yes to &All", "Drop this and every following collection this command overwrites."),
        new("&No", "Leave it as it is and skip it."),
        new("No to A&ll", "Leave this and every following collection as they are."),
    ];

    private bool AskToDrop(string target, string question)
    {
        if (_yesToAll) return true;
        if (_noToAll) return false;
        try
        {
            int choice = Host.UI.PromptForChoice("Overwrite collection", question, DropChoices, defaultChoice: 2);
            _yesToAll = choice == 1;
            _noToAll = choice == 3;
            return choice is 0 or 1;
        }
        catch (Exception e) when (e is System.Management.Automation.Host.HostException or PSInvalidOperationException or NotImplementedException)
        {
            ThrowTerminatingError(ErrorRecords.From(new Core.Errors.MilvusDMException(Core.Errors.MilvusDMErrorKind.InvalidOperation, "OverwriteNeedsConfirmation",
                $"Overwriting {target} needs a confirmation this session cannot ask for ({e.Message}).", "Add -Force (or -Confirm:$false) to overwrite without asking."), target));
            return false;
        }
    }

    /// <summary>-Confirm as given: false for -Confirm:$false (no question at all), true when ShouldProcess already asked, null when not given.</summary>
    private bool? ConfirmSwitch => MyInvocation.BoundParameters.TryGetValue("Confirm", out var c) && c is SwitchParameter sw ? sw.IsPresent : null;


    /// <summary>
    /// The files named by path patterns (wildcards); folders expand to their files matching <paramref name="folderFilter"/>.
    /// A pattern that matches nothing is a non-terminating error with <paramref name="notFoundId"/>.
    /// </summary>
    protected internal IEnumerable<string> ResolveFiles(IEnumerable<string> patterns, string notFoundId, Func<string, IEnumerable<string>>? folderFilter = null)
    {
        foreach (var pattern in patterns)
        {
            System.Collections.ObjectModel.Collection<string> resolved;
            try
            {
                resolved = GetResolvedProviderPathFromPSPath(pattern, out _);
            }
            catch (ItemNotFoundException e)
            {
                WriteError(ErrorRecords.Create(e, notFoundId, ErrorCategory.ObjectNotFound, pattern, "Check the path."));
                continue;
            }
            if (resolved.Count == 0)
            {
                // A wildcard that matches nothing is an error, as Get-Item makes it: never a silent no-op.
                WriteError(ErrorRecords.Create(new ItemNotFoundException($"No file matches '{pattern}'."), notFoundId, ErrorCategory.ObjectNotFound, pattern, "Check the path and the wildcard."));
                continue;
            }
            foreach (var path in resolved)
            {
                if (Directory.Exists(path) && folderFilter is not null)
                {
                    var files = folderFilter(path).ToList();
                    if (files.Count == 0)
                        WriteError(ErrorRecords.Create(new ItemNotFoundException($"Folder '{path}' holds no file to read."), notFoundId, ErrorCategory.ObjectNotFound, path,
                            "Name the files, or a folder that holds .h5/.hdf5 files."));
                    foreach (var file in files) yield return file;
                }
                else
                    yield return path;
            }
        }
    }

    /// <summary>
    /// Read-* cmdlets: streams a source's batches to the pipeline one at a time on this thread (memory stays at one
    /// batch however slow the consumer), with progress id 2; a failure is a non-terminating error for that file.
    /// </summary>
    protected void EmitBatches(MilvusDM.Core.Transfer.IVectorSource source, string file, int batchSize)
    {
        long rows = 0;
        try
        {
            foreach (var batch in source.ReadAsync(null, batchSize, StopToken).ToBlockingEnumerable(StopToken))
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

    /// <summary>Writes a non-terminating error for one failed item.</summary>
    protected internal void WriteError(Exception e, object? target) => WriteError(ErrorRecords.From(e, target, RemedyStyle));

    /// <summary>How remedies name options for this cmdlet's user: its parameters, or (task cmdlets) the task file's keys.</summary>
    internal virtual Core.Errors.RemedyStyle RemedyStyle => Core.Errors.RemedyStyle.PowerShell;

    /// <summary>Ends the command: nothing else can proceed.</summary>
    protected void ThrowTerminating(Exception e, object? target) => ThrowTerminatingError(ErrorRecords.From(e, target, RemedyStyle));

    /// <summary>True when the exception is our own stop, which PowerShell reports itself.</summary>
    /// <summary>
    /// A stop, which every catch must let through: the pipeline stopping (Ctrl+C, or a downstream
    /// <c>Select-Object -First</c>, whose StopUpstreamCommandsException is a PipelineStoppedException), or the work
    /// cancelled because of it.
    /// </summary>
    protected internal bool IsStop(Exception e) => e is PipelineStoppedException
        || (StopToken.IsCancellationRequested && e is OperationCanceledException or AggregateException { InnerException: OperationCanceledException });

    protected override void EndProcessing()
    {
        try { Finish(); }
        finally { _progress?.CompleteAll(); DrainPosted(); }
    }

    /// <summary>EndProcessing work of the derived cmdlet (progress is completed after it, whatever happens).</summary>
    protected virtual void Finish() { }

    private void DrainPosted()
    {
        while (_posted.TryTake(out var action))
        {
            try { action(); } catch (PipelineStoppedException) { return; }
        }
    }

    /// <summary>
    /// PowerShell disposes commands when the pipeline ends — also when a stop unwinds it while another command was
    /// running and this one's StopProcessing was never called: background work is cancelled and settled here too.
    /// </summary>
    public void Dispose()
    {
        foreach (var w in _watches) w.Dispose();
        bool pending;
        lock (_background) pending = _background.Any(t => !t.IsCompleted);
        if (pending) CancelAndSettle();
        _stop.Dispose();
        _posted.Dispose();
        GC.SuppressFinalize(this);
    }
}
