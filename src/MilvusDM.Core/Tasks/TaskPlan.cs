using MilvusDM.Core.Faiss;
using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tasks;

/// <summary>A Milvus 2.x server as a task file names it; secrets only by environment variable name, read when the step runs.</summary>
public sealed record TaskEndpoint(string Uri, string Database = "default", string? User = null, string? PasswordEnv = null, string? TokenEnv = null,
    string? CaCertificatePath = null)
{
    public MilvusConnectionOptions ToOptions() => new()
    {
        Uri = Uri,
        Database = Database,
        User = User ?? Environment.GetEnvironmentVariable("MILVUSDM_USER"),
        Password = PasswordEnv is null ? Environment.GetEnvironmentVariable("MILVUSDM_PASSWORD") : Environment.GetEnvironmentVariable(PasswordEnv),
        Token = TokenEnv is null ? Environment.GetEnvironmentVariable("MILVUSDM_TOKEN") : Environment.GetEnvironmentVariable(TokenEnv),
        CaCertificatePath = CaCertificatePath,
    };

    public override string ToString() => $"{Uri} (database {Database})";
}

/// <summary>Where a step reads.</summary>
public abstract record TaskSource;

public sealed record FaissTaskSource(IReadOnlyList<string> Files, FaissReadOptions Read) : TaskSource;

/// <summary>HDF5 files, or every .h5/.hdf5 file of <see cref="Directory"/> (listed when the step runs).</summary>
public sealed record Hdf5TaskSource(IReadOnlyList<string> Files, string? Directory, Hdf5ReadOptions Read) : TaskSource;

/// <summary>Parquet files in Milvus's bulk-import layout, or every .parquet file of <see cref="Directory"/>.</summary>
public sealed record ParquetTaskSource(IReadOnlyList<string> Files, string? Directory) : TaskSource;

/// <summary>Collections of a Milvus 2.x server; a backup step also takes <see cref="Databases"/> and may leave the collections empty (all).</summary>
public sealed record MilvusTaskSource(TaskEndpoint Endpoint, IReadOnlyList<string> Collections, IReadOnlyList<string> Partitions,
    IReadOnlyList<string>? Databases = null) : TaskSource;

/// <summary>A backup folder written by a backup step or Backup-Milvus, and the part of it to restore (wildcards; empty: all).</summary>
public sealed record BackupTaskSource(string Folder, IReadOnlyList<string> Databases, IReadOnlyList<string> Collections, IReadOnlyList<string> Partitions) : TaskSource;

/// <summary>A Milvus 1.x data path; <see cref="Collections"/> maps each collection to its partition tags (empty: all).</summary>
public sealed record Milvus1TaskSource(string Path, string? MySqlConnectionString, IReadOnlyDictionary<string, IReadOnlyList<string>> Collections) : TaskSource;

/// <summary>Where a step writes.</summary>
public abstract record TaskDestination;

/// <summary>A Milvus 2.x collection (null: the source collection's name).</summary>
public sealed record MilvusTaskDestination(TaskEndpoint Endpoint, string? Collection, string? Partition, WriteMode Mode, string? IndexType, string? MetricType,
    bool Load, bool IncludeAliases, int? ExpectedDimension, RestoreTaskSettings? Restore = null) : TaskDestination;

/// <summary>What a restore step says besides its server: another database for every collection, new collection names, RBAC, bulk import from the server's storage.</summary>
public sealed record RestoreTaskSettings(string? DestinationDatabase, IReadOnlyDictionary<string, string> Rename, bool IncludeRbac = false,
    bool BulkImport = false, string? StoragePath = null, bool DropUnsupported = false);

/// <summary>A folder to back up into (<c>manifest.json</c> and Parquet files per partition).</summary>
public sealed record BackupTaskDestination(string Folder, long MaxFileSize, bool IncludeRbac = false) : TaskDestination;

/// <summary>A folder for one HDF5 file per partition and the task files that load them back.</summary>
public sealed record Hdf5TaskDestination(string Folder, bool Overwrite) : TaskDestination;

/// <summary>One source into one destination, with the engine's settings.</summary>
public sealed record TaskStep(string Name, int Line, TaskSource Source, TaskDestination Destination, TransferOptions Transfer, bool Verify, bool ContinueOnError)
{
    /// <summary>What the step will do, in words (the -WhatIf plan); never holds a secret.</summary>
    public string Describe() => $"{Name}: {DescribeSource()} → {DescribeDestination()}{(Verify ? ", verified" : "")}";

    private string DescribeSource() => Source switch
    {
        FaissTaskSource f => $"Faiss {string.Join(", ", f.Files)}",
        Hdf5TaskSource h => h.Directory is { } d ? $"HDF5 files in {d}" : $"HDF5 {string.Join(", ", h.Files)}",
        MilvusTaskSource { Collections.Count: 0 } m => $"Milvus {m.Endpoint} every collection{Selection(("database", m.Databases ?? []))}",
        MilvusTaskSource m => $"Milvus {m.Endpoint} collection(s) {string.Join(", ", m.Collections)}{(m.Partitions.Count > 0 ? $" partitions {string.Join(", ", m.Partitions)}" : "")}",
        BackupTaskSource b => $"backup {b.Folder}{Selection(("database", b.Databases), ("collection", b.Collections), ("partition", b.Partitions))}",
        Milvus1TaskSource m1 => $"Milvus 1.x {m1.Path}{(m1.MySqlConnectionString is null ? "" : " (MySQL metadata)")} collection(s) {string.Join(", ", m1.Collections.Select(c => c.Value.Count == 0 ? c.Key : $"{c.Key} [{string.Join(", ", c.Value)}]"))}",
        _ => Source.ToString(),
    };

    /// <summary>" (database(s) a, b; partition(s) c)" for the lists that are not empty; "" when all are.</summary>
    private static string Selection(params (string What, IReadOnlyList<string> Names)[] lists)
    {
        var named = lists.Where(l => l.Names.Count > 0).Select(l => $"{l.What}(s) {string.Join(", ", l.Names)}").ToList();
        return named.Count == 0 ? "" : $" ({string.Join("; ", named)})";
    }

    private string DescribeDestination() => Destination switch
    {
        MilvusTaskDestination { Restore: { } r } m => $"Milvus {m.Endpoint}{(r.DestinationDatabase is null ? "" : $" into database {r.DestinationDatabase}")}{(r.Rename.Count == 0 ? "" : $" renaming {string.Join(", ", r.Rename.Select(x => $"{x.Key} to {x.Value}"))}")} (mode {m.Mode})",
        MilvusTaskDestination m => $"Milvus {m.Endpoint} collection {m.Collection ?? "(same name)"}{(m.Partition is null ? "" : $" partition {m.Partition}")} (mode {m.Mode})",
        Hdf5TaskDestination h => $"HDF5 folder {h.Folder}",
        BackupTaskDestination b => $"backup folder {b.Folder}",
        _ => Destination.ToString(),
    };
}

/// <summary>A parsed task file: its steps in order, and what it said that does not apply (notes).</summary>
public sealed record TaskPlan(string File, string Form, IReadOnlyList<TaskStep> Steps, IReadOnlyList<string> Notes);
