using MilvusDM.Core.Faiss;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tasks;

/// <summary>
/// The Python MilvusDM's task files, unchanged: one top key F2M, H2M, M2M or M2H with the old keys. The old tool's
/// M2M and M2H read a Milvus 1.x data path; here M2M writes into Milvus 2.x. milvus_version and index_file_size are
/// accepted and noted as not applicable.
/// </summary>
internal static class LegacyTaskParser
{
    public static readonly string[] Kinds = ["F2M", "H2M", "M2M", "M2H"];
    private static readonly string[] Modes = ["skip", "append", "overwrite"];
    private static readonly string[] Metrics = ["L2", "IP", "COSINE", "HAMMING", "JACCARD", "TANIMOTO", "SUBSTRUCTURE", "SUPERSTRUCTURE"];

    public static TaskStep? Parse(TaskReader r, string kind, YamlMap m, int line, string baseDir, List<string> notes)
    {
        if (m.Str("milvus_version", aliases: "milvus-version") is { } version)
            notes.Add($"milvus_version '{version}' does not apply: MilvusDM writes to Milvus 2.x.");
        TaskSource? source = null;
        TaskDestination? destination = null;
        switch (kind)
        {
            case "F2M":
                source = m.StrList("data_path", required: true) is { } faiss ? new FaissTaskSource(faiss.Select(f => TaskPaths.Resolve(baseDir, f)).ToArray(), new FaissReadOptions()) : null;
                destination = Destination(m, notes, collectionRequired: true);
                break;
            case "H2M":
            {
                var files = m.StrList("data_path");
                var dir = m.Str("data_dir");
                if (files is { Count: > 0 } && !string.IsNullOrEmpty(dir)) m.Error("data_dir", "data_path and data_dir are both set; give one of them.");
                else if (files is not { Count: > 0 } && string.IsNullOrEmpty(dir)) m.Error("data_path", "is required (or data_dir, a folder of .h5 files).");
                source = new Hdf5TaskSource(files?.Select(f => TaskPaths.Resolve(baseDir, f)).ToArray() ?? [], string.IsNullOrEmpty(dir) ? null : TaskPaths.Resolve(baseDir, dir), new Hdf5ReadOptions());
                destination = Destination(m, notes, collectionRequired: true);
                break;
            }
            case "M2M":
                source = FromMilvus1(r, m, baseDir);
                destination = Destination(m, notes, collectionRequired: false);
                break;
            case "M2H":
                source = FromMilvus1(r, m, baseDir);
                destination = m.Str("data_dir", required: true) is { } folder ? new Hdf5TaskDestination(TaskPaths.Resolve(baseDir, folder), Overwrite: true) : null;
                break;
        }
        m.Done();
        if (destination is MilvusTaskDestination { MetricType: { } metric } d && source is FaissTaskSource or Hdf5TaskSource)
            source = source switch
            {
                FaissTaskSource f => f with { Read = f.Read with { MetricType = metric } },
                Hdf5TaskSource h => h with { Read = h.Read with { MetricType = metric } },
                _ => source,
            };
        return source is null || destination is null ? null : new TaskStep(kind, line, source, destination, new TransferOptions(), Verify: false, ContinueOnError: false);
    }

    private static MilvusTaskDestination Destination(YamlMap m, List<string> notes, bool collectionRequired)
    {
        string host = m.Str("dest_host") ?? "127.0.0.1";
        int port = m.Int("dest_port", 1, 65535) ?? 19530;
        var mode = m.Choice("mode", Modes) ?? "append";
        string? collection = collectionRequired ? m.Str("dest_collection_name", required: true) : null;
        string? partition = collectionRequired ? m.Str("dest_partition_name") : null;
        int? dimension = null;
        string? metric = null;
        if (collectionRequired && m.Child("collection_parameter") is { } cp)
        {
            dimension = cp.Int("dimension", 1, 65536);
            if (cp.Int("index_file_size", 1) is { } size) notes.Add($"index_file_size {size} does not apply: Milvus 2.x sizes its segments itself.");
            metric = cp.Choice("metric_type", Metrics) is { } mt ? (mt == "TANIMOTO" ? "JACCARD" : mt) : null;
            cp.Done();
        }
        return new MilvusTaskDestination(new TaskEndpoint(TaskPaths.Uri(host, port)), collection, string.IsNullOrEmpty(partition) ? null : partition,
            Enum.Parse<WriteMode>(mode, ignoreCase: true), IndexType: null, metric, Load: false, IncludeAliases: false, dimension);
    }

    private static Milvus1TaskSource? FromMilvus1(TaskReader r, YamlMap m, string baseDir)
    {
        var path = m.Str("source_milvus_path", required: true);
        string? mysql = null;
        if (m.Child("mysql_parameter") is { } p)
        {
            string? host = p.Str("host", required: true), user = p.Str("user", required: true), database = p.Str("database", required: true);
            int port = p.Int("port", 1, 65535) ?? 3306;
            var password = p.Str("password");
            p.Done();
            if (host is not null && user is not null && database is not null)
                mysql = Milvus1.Milvus1Metadata.ConnectionString($"Server={host};Port={port};Database={database}", user, password);
        }
        var collections = SourceCollections(r, m);
        return path is null || collections is null ? null : new Milvus1TaskSource(TaskPaths.Resolve(baseDir, path), mysql, collections);
    }

    /// <summary><c>source_collection</c>: collection → list of partition tags, or nothing for all partitions.</summary>
    private static Dictionary<string, IReadOnlyList<string>>? SourceCollections(TaskReader r, YamlMap m)
    {
        var map = m.Child("source_collection", required: true);
        if (map is null) return null;
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, _) in map.Node.Children)
        {
            string name = (key as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value ?? "";
            result[name] = map.StrList(name) ?? [];
        }
        if (result.Count == 0) r.Error(map.Node, "source_collection", "names no collection.");
        map.Done();
        return result;
    }
}
