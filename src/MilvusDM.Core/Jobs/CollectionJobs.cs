using MilvusDM.Core.Milvus;
using MilvusDM.Core.Milvus1;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Jobs;

/// <summary>What a copy of Milvus 2.x collections to another server (or database) asks for.</summary>
public sealed record CopyCollectionsOptions
{
    public required MilvusClient Source { get; init; }
    public required MilvusClient Destination { get; init; }
    public required IReadOnlyList<string> Names { get; init; }

    /// <summary>The target's name (one collection only; default: the source's).</summary>
    public string? DestinationName { get; init; }

    public IReadOnlyList<string> Partitions { get; init; } = [];
    public WriteMode Mode { get; init; } = WriteMode.Append;
    public bool IncludeAliases { get; init; }
    public bool Verify { get; init; }
    public TransferOptions Transfer { get; init; } = new();
}

/// <summary>What an export of Milvus 2.x collections to files (HDF5, Parquet or Faiss) asks for.</summary>
public sealed record ExportCollectionsOptions
{
    public required MilvusClient Source { get; init; }
    public required IReadOnlyList<string> Names { get; init; }
    public required string Folder { get; init; }
    public IReadOnlyList<string> Partitions { get; init; } = [];
    public bool Overwrite { get; init; }
    public ExportFormat Format { get; init; } = ExportFormat.Hdf5;
    public Hdf5.Hdf5Compression Compression { get; init; } = Hdf5.Hdf5Compression.None;
    public TransferOptions Transfer { get; init; } = new();
}

/// <summary>What a copy of Milvus 1.x collections (a data folder) into Milvus 2.x asks for.</summary>
public sealed record Milvus1CopyOptions
{
    /// <summary>The data folder and metadata; its Collection is ignored (see <see cref="Names"/>).</summary>
    public required Milvus1SourceOptions Source { get; init; }
    public required IReadOnlyList<string> Names { get; init; }
    public required MilvusClient Destination { get; init; }
    public string? DestinationName { get; init; }
    public WriteMode Mode { get; init; } = WriteMode.Append;
    public bool Verify { get; init; }
    public TransferOptions Transfer { get; init; } = new();
}

/// <summary>What an export of Milvus 1.x collections to HDF5 files asks for.</summary>
public sealed record Milvus1ExportOptions
{
    public required Milvus1SourceOptions Source { get; init; }
    public required IReadOnlyList<string> Names { get; init; }
    public required string Folder { get; init; }
    public bool Overwrite { get; init; }
    public TransferOptions Transfer { get; init; } = new();
}

/// <summary>
/// The collection jobs: each maps its options onto units of <see cref="UnitLoop"/> — one per collection — whose
/// work is the per-collection transfer (<see cref="CollectionCopy"/>, <see cref="CollectionExport"/>, <see cref="Milvus1Transfer"/>).
/// </summary>
public static class CollectionJobs
{
    public static Task<IReadOnlyList<TransferResult>> CopyAsync(CopyCollectionsOptions o, JobHost host, CancellationToken ct) =>
        UnitLoop.RunAsync(o.Names.Select(name =>
        {
            string target = o.DestinationName ?? name;
            var copy = new CollectionCopyOptions
            {
                Name = name, DestinationName = target, Partitions = o.Partitions, Mode = o.Mode, Transfer = o.Transfer, IncludeAliases = o.IncludeAliases, Verify = o.Verify,
            };
            return new JobUnit(name, new WritePlan(InWords(o.Destination, target), $"Copy collection '{name}' from {o.Source.Address} (mode {o.Mode})", o.Mode,
                    c => o.Destination.ExistingRowCountAsync(target, c)),
                (progress, c) => CollectionCopy.RunAsync(o.Source, o.Destination, copy, progress, c),
                // Before any question: a copy onto its own source is an error, not something to confirm.
                c => CollectionCopy.CheckNotOntoItselfAsync(o.Source, name, o.Destination, target, o.Mode, c));
        }).ToList(), host, ct);

    public static Task<IReadOnlyList<TransferResult>> ExportAsync(ExportCollectionsOptions o, JobHost host, CancellationToken ct) =>
        UnitLoop.RunAsync(o.Names.Select(name => new JobUnit(name,
            new WritePlan(o.Folder, $"Export collection '{name}' to {o.Format}", WriteMode.Append),
            (progress, c) => CollectionExport.RunAsync(o.Source, new CollectionExportOptions
            {
                Name = name, Folder = o.Folder, Partitions = o.Partitions, Overwrite = o.Overwrite, Transfer = o.Transfer, Format = o.Format, Compression = o.Compression,
            }, progress, c))).ToList(), host, ct);

    public static Task<IReadOnlyList<TransferResult>> CopyMilvus1Async(Milvus1CopyOptions o, JobHost host, CancellationToken ct) =>
        UnitLoop.RunAsync(o.Names.Select(name =>
        {
            string target = o.DestinationName ?? name;
            return new JobUnit(name, new WritePlan(InWords(o.Destination, target), $"Copy Milvus 1.x collection '{name}' from {o.Source.Path} (mode {o.Mode})", o.Mode,
                    c => o.Destination.ExistingRowCountAsync(target, c)),
                (progress, c) => Milvus1Transfer.CopyAsync(o.Source with { Collection = name }, o.Destination, o.DestinationName, o.Mode, o.Transfer, progress, c, o.Verify));
        }).ToList(), host, ct);

    public static Task<IReadOnlyList<TransferResult>> ExportMilvus1Async(Milvus1ExportOptions o, JobHost host, CancellationToken ct) =>
        UnitLoop.RunAsync(o.Names.Select(name => new JobUnit(name,
            new WritePlan(o.Folder, $"Export Milvus 1.x collection '{name}' to HDF5", WriteMode.Append),
            (progress, c) => Milvus1Transfer.ExportAsync(o.Source with { Collection = name }, o.Folder, o.Overwrite, o.Transfer, progress, c))).ToList(), host, ct);

    internal static string InWords(MilvusClient client, string collection) => $"collection '{collection}' in database '{client.Database}' on {client.Address}";
}
