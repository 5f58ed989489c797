using System.Globalization;
using Milvus.Client.Grpc;
using MilvusDM.Core.Errors;

namespace MilvusDM.Core.Milvus;

/// <summary>Where a bulk-import job is, as Milvus 2.6's GetImportState tells it (v2 job states folded into four).</summary>
public enum ImportJobState { Pending, Importing, Completed, Failed }

/// <summary>
/// One bulk-import job: its state, progress (0–100: Milvus weighs pending 10, pre-importing 30, importing 30, sorting
/// 10, index building 10), the rows imported so far (all of them once completed), and why it failed.
/// </summary>
public sealed record ImportJobStatus(long JobId, ImportJobState State, int Progress, long ImportedRows, string Reason)
{
    public bool Finished => State is ImportJobState.Completed or ImportJobState.Failed;
}

public sealed partial class MilvusClient
{
    /// <summary>
    /// Starts a bulk import of files in the server's own storage (paths relative to its bucket or storage root) into a
    /// collection (a partition, or <c>_default</c>; none for a partition-key collection). Milvus 2.6 makes one job of
    /// all the files and reads Parquet one file per job, so name one Parquet file per call. Returns the job ids.
    /// </summary>
    public async Task<IReadOnlyList<long>> ImportAsync(string collection, string? partition, IReadOnlyList<string> files,
        IReadOnlyDictionary<string, string>? options = null, CancellationToken ct = default)
    {
        var request = new ImportRequest { DbName = Database, CollectionName = collection, PartitionName = partition ?? "" };
        request.Files.AddRange(files);
        foreach (var (k, v) in options ?? new Dictionary<string, string>()) request.Options.Add(new global::Milvus.Client.Grpc.KeyValuePair { Key = k, Value = v });
        var r = await InvokeAsync("Import", o => _grpc.ImportAsync(request, o), x => x.Status, ct).ConfigureAwait(false);
        return r.Tasks.ToArray();
    }

    public async Task<ImportJobStatus> GetImportStateAsync(long jobId, CancellationToken ct = default)
    {
        var r = await InvokeAsync("GetImportState", o => _grpc.GetImportStateAsync(new GetImportStateRequest { Task = jobId }, o), x => x.Status, ct).ConfigureAwait(false);
        return StatusOf(jobId, r);
    }

    /// <summary>
    /// The import jobs of a collection (all collections of the database when null), newest last. Milvus 2.6's v1 answer
    /// carries no job ids (<see cref="ImportJobStatus.JobId"/> is 0) and no row counts: states, progress and reasons.
    /// </summary>
    public async Task<IReadOnlyList<ImportJobStatus>> ListImportJobsAsync(string? collection, CancellationToken ct = default)
    {
        var request = new ListImportTasksRequest { DbName = Database, CollectionName = collection ?? "" };
        var r = await InvokeAsync("ListImportTasks", o => _grpc.ListImportTasksAsync(request, o), x => x.Status, ct).ConfigureAwait(false);
        return r.Tasks.Select(t => StatusOf(t.Id, t)).ToArray();
    }

    /// <summary>
    /// Polls a job until it completes (returned) or fails (<see cref="MilvusDMException"/> <c>MilvusImportFailed</c> with
    /// the server's reason), reporting each change of state or progress; cancellation stops the wait, not the job.
    /// </summary>
    public async Task<ImportJobStatus> WaitForImportAsync(long jobId, IProgress<ImportJobStatus>? progress = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromHours(24));
        var delay = TimeSpan.FromMilliseconds(20);
        ImportJobStatus? last = null;
        while (true)
        {
            var s = await GetImportStateAsync(jobId, ct).ConfigureAwait(false);
            if (last is null || s.State != last.State || s.Progress != last.Progress || s.ImportedRows != last.ImportedRows) progress?.Report(s);
            last = s;
            if (s.State == ImportJobState.Completed) return s;
            if (s.State == ImportJobState.Failed)
                throw new MilvusDMException(MilvusDMErrorKind.Server, "MilvusImportFailed",
                    $"Milvus import job {jobId} failed: {s.Reason}", "Fix what the reason names (the file, or the collection's schema), then import again.");
            if (DateTime.UtcNow > deadline)
                throw new MilvusDMException(MilvusDMErrorKind.Timeout, "MilvusImportTimeout",
                    $"Milvus import job {jobId} did not finish in time (state {s.State}, {s.Progress}%).", "Check the data nodes' resources; the job goes on, see GetImportState.");
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }

    private static ImportJobStatus StatusOf(long jobId, GetImportStateResponse r)
    {
        string Info(string key) => r.Infos.FirstOrDefault(i => i.Key == key)?.Value ?? "";
        int progress = int.TryParse(Info("progress_percent"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int p) ? p : 0;
        // The proxy folds the v2 job states into Pending, Started, Completed and Failed (impl.go convertToV1GetImportResponse).
        var state = r.State switch
        {
            ImportState.ImportPending => ImportJobState.Pending,
            ImportState.ImportCompleted => ImportJobState.Completed,
            ImportState.ImportFailed or ImportState.ImportFailedAndCleaned => ImportJobState.Failed,
            _ => ImportJobState.Importing,
        };
        return new ImportJobStatus(jobId, state, progress, r.RowCount, Info("failed_reason"));
    }
}
