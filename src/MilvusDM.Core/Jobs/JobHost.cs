using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Jobs;

/// <summary>A write a job is about to make, for the host to confirm (ShouldProcess, a prompt, or nothing).</summary>
/// <param name="Target">What is written, in words (collection, database and server; or a file).</param>
/// <param name="Action">What is done to it.</param>
/// <param name="ExistingRows">For Overwrite: the rows the target holds now (null: it does not exist).</param>
public sealed record WritePlan(string Target, string Action, WriteMode Mode, Func<CancellationToken, Task<long?>>? ExistingRows = null);

/// <summary>Where a job is: unit <see cref="Index"/> (1-based) of <see cref="Count"/> (a file, a collection, a partition) and its transfer.</summary>
public sealed record JobProgress(string Unit, int Index, int Count, TransferProgress Transfer);

/// <summary>
/// What a job needs from whoever runs it (a cmdlet, the task runner): a yes or no before each write, and where
/// progress goes. The defaults suit a host that asks nothing and shows nothing.
/// </summary>
public sealed class JobHost
{
    public static readonly JobHost Silent = new();

    /// <summary>A host that asks nothing and passes the engine's progress on as it is.</summary>
    public static JobHost For(IProgress<TransferProgress>? progress) =>
        progress is null ? Silent : new() { Progress = new CallbackProgress<JobProgress>(p => progress.Report(p.Transfer)) };

    public Func<WritePlan, CancellationToken, Task<bool>> Confirm { get; init; } = static (_, _) => Task.FromResult(true);

    public IProgress<JobProgress>? Progress { get; init; }

    /// <summary>Told each unit's name and result as soon as it is done (a cmdlet writes it to the pipeline then).</summary>
    public Action<string, TransferResult>? Completed { get; init; }

    /// <summary>The engine's progress for one unit, tagged with where the job is.</summary>
    internal IProgress<TransferProgress>? ProgressFor(string unit, int index, int count) =>
        Progress is { } p ? new CallbackProgress<TransferProgress>(t => p.Report(new JobProgress(unit, index, count, t))) : null;
}
