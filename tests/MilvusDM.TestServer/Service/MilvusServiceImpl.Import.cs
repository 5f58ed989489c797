using System.Globalization;
using Grpc.Core;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Import;
using MilvusDM.TestServer.Storage;
using MilvusDM.TestServer.Validation;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;

namespace MilvusDM.TestServer.Service;

/// <summary>
/// Bulk import as Milvus 2.6 serves the v1 RPCs (proxy impl.go Import/GetImportState/ListImportTasks over the v2
/// import; task_import.go PreExecute for the request's checks). A job reads its files from
/// <see cref="TestServerOptions.StorageRoot"/> in the background, stage by stage, and its rows appear at once when it
/// completes, in new sealed segments; a failed job leaves nothing.
/// </summary>
internal sealed partial class MilvusServiceImpl
{
    public override Task<ImportResponse> Import(ImportRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var db = Db(request.DbName, context);
            var c = Coll(db, request.CollectionName);
            if (IsTrue(request.Options, "backup") || IsTrue(request.Options, "l0_import"))
                throw ServerError.Unexpected("the test server does not import binlogs (backup, l0_import): it imports Parquet files");
            long? partition;
            if (c.PartitionKeyField is not null)
            {
                if (!string.IsNullOrEmpty(request.PartitionName)) throw ImportErrors.ImportFailed("not allow to set partition name for collection with partition key");
                partition = null;
            }
            else
            {
                string name = string.IsNullOrEmpty(request.PartitionName) ? "_default" : request.PartitionName;
                partition = (c.Partition(name) ?? throw ServerError.PartitionNotFound(name)).Id;
            }
            // The v1 request is one file group of all its files; datacoord.maxFilesPerImportReq (1024) counts groups.
            if (request.Files.Count == 0) throw ImportErrors.Invalid("import request is empty");
            CheckFileType(request.Files);
            // datacoord services.go ImportV2: the timeout first, then (broadcastImport → validateImportRequest) the job limit.
            if (request.Options.FirstOrDefault(o => o.Key == "timeout") is { } timeout && !GoDuration(timeout.Value))
                throw ImportErrors.ImportFailed($"parse timeout failed, err=time: invalid duration \"{timeout.Value}\"");
            if (State.Imports.Values.Count(j => j.Running) >= Options.MaxImportJobs)
                throw ImportErrors.ImportFailed("failed to broadcast import: failed to validate import request: The number of jobs has reached the limit, please try again later. "
                    + "If your request is set to only import a single file, please consider importing multiple files in one request for better efficiency.: importing data failed");
            var job = new ImportJob
            {
                Id = State.NewId(), FileId = State.NewId(), Database = db.Name, CollectionName = c.Name, CollectionId = c.Id,
                PartitionId = partition, Files = request.Files.ToArray(),
            };
            State.Imports[job.Id] = job;
            _ = Task.Run(() => RunImportAsync(job));
            var r = new ImportResponse { Status = Ok.Status };
            r.Tasks.Add(job.Id);
            return r;
        }, s => new ImportResponse { Status = s });

    public override Task<GetImportStateResponse> GetImportState(GetImportStateRequest request, ServerCallContext context) =>
        Run(() => State.Imports.TryGetValue(request.Task, out var job)
            ? StateOf(job, detailed: true)
            : throw ImportErrors.ImportFailed($"import job does not exist, jobID={request.Task}"),
            s => new GetImportStateResponse { Status = s });

    public override Task<ListImportTasksResponse> ListImportTasks(ListImportTasksRequest request, ServerCallContext context) =>
        Run(() =>
        {
            long? collection = string.IsNullOrEmpty(request.CollectionName) ? null : Coll(Db(request.DbName, context), request.CollectionName).Id;
            var r = new ListImportTasksResponse { Status = Ok.Status };
            // The v1 answer keeps only state, reason and progress of each job (impl.go convertToV1ListImportResponse).
            r.Tasks.AddRange(State.Imports.Values.Where(j => collection is null || j.CollectionId == collection).Select(j => StateOf(j, detailed: false)));
            return r;
        }, s => new ListImportTasksResponse { Status = s });

    private static GetImportStateResponse StateOf(ImportJob job, bool detailed)
    {
        var (progress, rows) = job.Progress;
        var r = new GetImportStateResponse
        {
            Status = Ok.Status,
            State = job.Stage switch
            {
                ImportStage.Pending => ImportState.ImportPending,
                ImportStage.Completed => ImportState.ImportCompleted,
                ImportStage.Failed => ImportState.ImportFailed,
                _ => ImportState.ImportStarted,
            },
            RowCount = detailed ? rows : 0,
            CreateTs = detailed ? new DateTimeOffset(job.Created).ToUnixTimeSeconds() : 0,
        };
        r.Infos.Add(new KeyValuePair { Key = "failed_reason", Value = job.Reason });
        r.Infos.Add(new KeyValuePair { Key = "progress_percent", Value = progress.ToString(CultureInfo.InvariantCulture) });
        return r;
    }

    /// <summary>importutilv2.GetFileType over the one file group: one extension; JSON, Parquet and CSV one file each.</summary>
    private static void CheckFileType(IReadOnlyList<string> files)
    {
        var exts = files.Select(Path.GetExtension).ToList();
        static bool JsonLines(string? e) => e is ".jsonl" or ".ndjson";
        for (int i = 1; i < exts.Count; i++)
            if (exts[i] != exts[0] && !(JsonLines(exts[i]) && JsonLines(exts[0])))
                throw ImportErrors.ImportFailed($"inconsistency in file types, ({files[0]}) vs ({files[i]})");
        string? only = exts[0] switch
        {
            ".json" or ".jsonl" or ".ndjson" => "JSON",
            ".parquet" => "Parquet",
            ".csv" => "CSV",
            ".npy" => null,
            _ => throw ImportErrors.ImportFailed($"unexpected file type, files=[{string.Join(" ", files)}]"),
        };
        if (only is not null && files.Count != 1) throw ImportErrors.ImportFailed($"for {only} import, accepts only one file");
    }

    private static bool IsTrue(IEnumerable<KeyValuePair> options, string key) =>
        options.FirstOrDefault(o => o.Key == key)?.Value.Equals("true", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Whether Go's time.ParseDuration reads it ("300s", "1.5h", "1h45m").</summary>
    private static bool GoDuration(string s) =>
        System.Text.RegularExpressions.Regex.IsMatch(s, @"^[-+]?(0|(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$") && s.TrimStart('-', '+') != "";

    /// <summary>The job's stages: pending, pre-importing (read and check the file), importing (build the rows), index building, done.</summary>
    private async Task RunImportAsync(ImportJob job)
    {
        try
        {
            await Task.Delay(Options.ImportStageDelay).ConfigureAwait(false);
            CollectionState c;
            lock (State.Gate)
            {
                c = Target(job);
                job.Stage = ImportStage.PreImporting;
            }
            if (job.Files.Any(f => Path.GetExtension(f) != ".parquet"))
                throw ServerError.Unexpected("the test server imports Parquet files only");
            var (columns, rows) = ImportFileReader.Read(c, Options.StorageRoot, job.Files[0]);
            await Task.Delay(Options.ImportStageDelay).ConfigureAwait(false);
            List<NewRow> built;
            lock (State.Gate)
            {
                job.Stage = ImportStage.Importing;
                c = Target(job);
                var fields = new Google.Protobuf.Collections.RepeatedField<FieldData>();
                fields.AddRange(columns);
                // The rows go through the insert path's checks; the partition was checked when the job was made.
                built = rows == 0 ? [] : RowBuilder.Build(c, fields, (uint)rows, upsert: false, State, materialize: true, () => { });
            }
            await Task.Delay(Options.ImportStageDelay).ConfigureAwait(false);
            lock (State.Gate)
            {
                job.TotalRows = built.Count;
                job.Stage = ImportStage.IndexBuilding;
            }
            await Task.Delay(Options.ImportStageDelay).ConfigureAwait(false);
            lock (State.Gate)
            {
                c = Target(job);
                Commit(c, job, built);
                job.Stage = ImportStage.Completed;
            }
        }
        catch (ServerError e)
        {
            lock (State.Gate)
            {
                job.Stage = ImportStage.Failed;
                job.Reason = e.Code == -1 ? e.Message : $"error: {e.Message}, file: {job.FileText}";
            }
        }
        catch (Exception e)
        {
            lock (State.Gate)
            {
                job.Stage = ImportStage.Failed;
                job.Reason = $"error: {e.Message}, file: {job.FileText}";
            }
        }
    }

    /// <summary>The job's collection and partition as they are now (import_checker.go fails a job whose collection was dropped).</summary>
    private CollectionState Target(ImportJob job)
    {
        var c = State.Databases.TryGetValue(job.Database, out var db) ? db.Collections.Values.FirstOrDefault(x => x.Id == job.CollectionId) : null;
        if (c is null) throw new ServerError(-1, $"collection {job.CollectionId} dropped");
        if (job.PartitionId is { } p && c.Partitions.All(x => x.Id != p)) throw new ServerError(-1, $"partition {p} dropped");
        return c;
    }

    /// <summary>All rows of the job at one timestamp, in new sealed (flushed) segments: they count in the statistics at once.</summary>
    private void Commit(CollectionState c, ImportJob job, List<NewRow> rows)
    {
        ulong ts = State.Timestamps.Next();
        var target = job.PartitionId is { } id ? c.Partitions.First(p => p.Id == id) : null;
        int pkeyIndex = c.PartitionKeyField is { } pkey ? c.FieldIndex(pkey.Name) : -1;
        var stored = new List<StoredRow>(rows.Count);
        foreach (var row in rows)
        {
            var p = target ?? c.Partitions[(int)(Hash(row.Values[pkeyIndex]) % (ulong)c.Partitions.Count)];
            stored.Add(new StoredRow(row.Pk, p.Id, ts, row.Values, row.Meta));
            p.InsertedRows++;
            p.FlushedRows++;
        }
        c.Rows.AddSealed(stored);
    }
}
