using MilvusDM.Core.Faiss;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Parquet;
using MilvusDM.Core.Transfer;
using YamlDotNet.RepresentationModel;

namespace MilvusDM.Core.Tasks;

/// <summary>
/// MilvusDM's own form: <c>steps</c>, each a <c>source</c> (faiss, hdf5, parquet, milvus, milvus1, backup) and a
/// <c>destination</c> (milvus, hdf5, backup) with their options, run in order (milvus → backup backs a server up,
/// backup → milvus restores it); <c>continue_on_error</c> at the top or per step.
/// Secrets are never written in the file: <c>password_env</c> and <c>token_env</c> name environment variables.
/// </summary>
internal static class StepsTaskParser
{
    private static readonly string[] Modes = ["append", "skip", "overwrite", "upsert"];
    private static readonly string[] Metrics = ["L2", "IP", "COSINE", "HAMMING", "JACCARD", "SUBSTRUCTURE", "SUPERSTRUCTURE", "BM25"];

    public static IReadOnlyList<TaskStep> Parse(TaskReader r, YamlMap top, string baseDir)
    {
        bool continueDefault = top.Bool("continue_on_error") ?? false;
        int? batchDefault = top.Int("batch_size", 1, 16384), throttleDefault = top.Int("throttle", 1, 64);
        var steps = new List<TaskStep>();
        var list = top.Raw("steps");
        if (list is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            r.Error(list ?? top.Node, "steps", "must be a list of at least one step (each with a source and a destination).");
            top.Done();
            return steps;
        }
        top.Done();
        int index = 0;
        foreach (var item in seq)
        {
            index++;
            var m = r.Map(item, $"steps[{index}]");
            if (m is null) continue;
            string name = m.Str("name") ?? $"step {index}";
            // A backup step's milvus source takes databases and defaults to every collection: look at the destination's kind first.
            bool toBackup = Names(m.Raw("destination"), "backup"), fromBackup = Names(m.Raw("source"), "backup");
            var source = Source(r, m.Child("source", required: true), baseDir, toBackup);
            var destination = Destination(r, m.Child("destination", required: true), baseDir, source, fromBackup);
            var transfer = new TransferOptions { BatchRows = m.Int("batch_size", 1, 16384) ?? batchDefault ?? 5000, ThrottleLimit = m.Int("throttle", 1, 64) ?? throttleDefault ?? 4 };
            bool verify = m.Bool("verify") ?? false, continueOnError = m.Bool("continue_on_error") ?? continueDefault;
            // A source that did not parse has its own error already: these pairings are judged only between parsed ends.
            if (destination is Hdf5TaskDestination && source is not (null or MilvusTaskSource or Milvus1TaskSource))
                m.Error("destination", "an hdf5 destination takes a milvus or milvus1 source (use Write-Hdf5 for files).");
            if (destination is BackupTaskDestination && source is not (null or MilvusTaskSource))
                m.Error("destination", "a backup destination takes a milvus source (the server to back up).");
            if (source is BackupTaskSource && destination is not MilvusTaskDestination)
                m.Error("source", "a backup source is restored into a milvus destination.");
            if (verify && destination is not MilvusTaskDestination) m.Error("verify", "applies to a milvus destination.");
            m.Done();
            if (source is not null && destination is not null)
                steps.Add(new TaskStep(name, (int)item.Start.Line, source, destination, transfer, verify, continueOnError));
        }
        return steps;
    }

    private static bool Names(YamlNode? node, string kind) => node is YamlMappingNode m && m.Children.ContainsKey(new YamlScalarNode(kind));

    /// <summary>A mapping with exactly one key naming the kind, e.g. <c>source: { faiss: { path: x.index } }</c>.</summary>
    private static (string Kind, YamlMap Body)? OneOf(TaskReader r, YamlMap? m, params string[] kinds)
    {
        if (m is null) return null;
        var present = kinds.Where(k => m.Has(k)).ToList();
        if (present.Count != 1)
        {
            r.Error(m.Node, m.Path, present.Count == 0 ? $"must name one of {string.Join(", ", kinds)}." : $"names {string.Join(" and ", present)}; give exactly one.");
            m.Done();
            return null;
        }
        var body = r.Map(m.Raw(present[0]), $"{m.Path}.{present[0]}");
        m.Done();
        return body is null ? null : (present[0], body);
    }

    private static TaskSource? Source(TaskReader r, YamlMap? m, string baseDir, bool toBackup)
    {
        if (OneOf(r, m, "faiss", "hdf5", "parquet", "milvus", "milvus1", "backup") is not var (kind, b)) return null;
        TaskSource? source = kind switch
        {
            "faiss" => b.StrList("path", required: true) is { } files ? new FaissTaskSource(files.Select(f => TaskPaths.Resolve(baseDir, f)).ToArray(), new FaissReadOptions
            {
                AllowLossy = b.Bool("allow_lossy") ?? false,
                AllowTransformed = b.Bool("allow_transformed") ?? false,
                AllowDuplicateIds = b.Bool("allow_duplicate_ids") ?? false,
                MetricType = b.Choice("metric", Metrics),
            }) : null,
            "hdf5" => Hdf5(b, baseDir),
            "parquet" => Parquet(b, baseDir),
            "milvus" when toBackup => Endpoint(b, baseDir) is { } e
                ? new MilvusTaskSource(e, b.StrList("collection", false, "collections") ?? [], b.StrList("partitions") ?? [], b.StrList("databases") ?? []) : null,
            "milvus" => Endpoint(b, baseDir) is { } e && b.StrList("collection", required: true) is { } names
                ? new MilvusTaskSource(e, names, b.StrList("partitions") ?? []) : null,
            "backup" => BackupSource(b, baseDir),
            _ => b.Str("path", required: true) is { } path && b.Str("collection", required: true) is { } collection
                ? new Milvus1TaskSource(TaskPaths.Resolve(baseDir, path), MySql(b), new Dictionary<string, IReadOnlyList<string>> { [collection] = b.StrList("partitions") ?? [] }) : null,
        };
        b.Done();
        return source;
    }

    private static BackupTaskSource? BackupSource(YamlMap b, string baseDir)
    {
        var (folder, databases, collections, partitions) = (b.Str("path", required: true), b.StrList("databases"), b.StrList("collection", false, "collections"), b.StrList("partitions"));
        return folder is null ? null : new BackupTaskSource(TaskPaths.Resolve(baseDir, folder), databases ?? [], collections ?? [], partitions ?? []);
    }

    private static ParquetTaskSource? Parquet(YamlMap b, string baseDir)
    {
        var files = b.StrList("path");
        var dir = b.Str("directory");
        if ((files is null) == (dir is null)) { b.Error("path", "give path (files) or directory (a folder of .parquet files), one of them."); return null; }
        return new ParquetTaskSource(files?.Select(f => TaskPaths.Resolve(baseDir, f)).ToArray() ?? [], dir is null ? null : TaskPaths.Resolve(baseDir, dir));
    }

    private static Hdf5TaskSource? Hdf5(YamlMap b, string baseDir)
    {
        var files = b.StrList("path");
        var dir = b.Str("directory");
        if (files is not null && dir is not null) { b.Error("directory", "path and directory are both set; give one of them."); return null; }
        if (files is null && dir is null) { b.Error("path", "is required (or directory, a folder of .h5 files)."); return null; }
        return new Hdf5TaskSource(files?.Select(f => TaskPaths.Resolve(baseDir, f)).ToArray() ?? [], dir is null ? null : TaskPaths.Resolve(baseDir, dir), new Hdf5ReadOptions
        {
            Dataset = b.Str("dataset"),
            IdDataset = b.Str("id_dataset"),
            ScalarDatasets = b.StrList("scalar_datasets") ?? [],
            AllowDuplicateIds = b.Bool("allow_duplicate_ids") ?? false,
            MetricType = b.Choice("metric", Metrics),
        });
    }

    private static string? MySql(YamlMap b)
    {
        if (b.Child("mysql") is not { } my) return null;
        var cs = my.Str("connection_string", required: true);
        var passwordEnv = my.Str("password_env");
        if (my.Has("password")) my.Error("password", "secrets are not written in task files: put it in an environment variable and name it with password_env.");
        my.Done();
        return Milvus1.Milvus1Metadata.ConnectionString(cs, null, passwordEnv is null ? null : Environment.GetEnvironmentVariable(passwordEnv));
    }

    private static TaskEndpoint? Endpoint(YamlMap b, string baseDir)
    {
        var uri = b.Str("uri", required: true);
        foreach (var secret in new[] { "password", "token" })
            if (b.Has(secret)) b.Error(secret, $"secrets are not written in task files: put it in an environment variable and name it with {secret}_env.");
        var endpoint = uri is null ? null : new TaskEndpoint(uri, b.Str("database") ?? "default", b.Str("user"), b.Str("password_env"), b.Str("token_env"),
            b.Str("ca_certificate") is { } ca ? TaskPaths.Resolve(baseDir, ca) : null);
        return endpoint;
    }

    private static TaskDestination? Destination(TaskReader r, YamlMap? m, string baseDir, TaskSource? source, bool fromBackup)
    {
        if (OneOf(r, m, "milvus", "hdf5", "backup") is not var (kind, b)) return null;
        TaskDestination? destination;
        if (kind == "hdf5")
            destination = b.Str("path", required: true) is { } folder ? new Hdf5TaskDestination(TaskPaths.Resolve(baseDir, folder), b.Bool("overwrite") ?? false) : null;
        else if (kind == "backup")
            destination = b.Str("path", required: true) is { } folder
                ? new BackupTaskDestination(TaskPaths.Resolve(baseDir, folder), b.Bytes("max_file_size", 1, ParquetFileSink.LargestMaxFileSize) ?? ParquetFileSink.DefaultMaxFileSize,
                    b.Bool("include_rbac") ?? false) : null;
        else if (fromBackup)
        {
            // A restore names no collection or index: the backup holds them; it may move them to another database or rename them.
            var endpoint = Endpoint(b, baseDir);
            var mode = b.Choice("mode", Modes) ?? "append";
            var settings = new RestoreTaskSettings(b.Str("destination_database"), b.StrMap("rename") ?? new Dictionary<string, string>(), b.Bool("include_rbac") ?? false,
                b.Bool("bulk_import") ?? false, b.Str("storage_path"), b.Bool("drop_unsupported") ?? false);
            destination = endpoint is null ? null : new MilvusTaskDestination(endpoint, null, null, Enum.Parse<WriteMode>(mode, ignoreCase: true),
                null, null, Load: false, b.Bool("include_aliases") ?? false, ExpectedDimension: null, settings);
        }
        else
        {
            bool needsCollection = source is FaissTaskSource or Hdf5TaskSource;
            var endpoint = Endpoint(b, baseDir);
            var collection = b.Str("collection", required: needsCollection);
            var mode = b.Choice("mode", Modes) ?? "append";
            destination = endpoint is null ? null : new MilvusTaskDestination(endpoint, collection, b.Str("partition"), Enum.Parse<WriteMode>(mode, ignoreCase: true),
                b.Str("index"), b.Choice("metric", Metrics), b.Bool("load") ?? false, b.Bool("include_aliases") ?? false, ExpectedDimension: null);
        }
        b.Done();
        return destination;
    }
}
