using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Jobs;

/// <summary>What an import of files into one Milvus collection asks for (Import-FaissIndex, Import-Hdf5, F2M/H2M steps).</summary>
public sealed record FileImportOptions
{
    public required MilvusClient Client { get; init; }
    public required FileSource Source { get; init; }
    public required IReadOnlyList<string> Files { get; init; }
    public required string Collection { get; init; }

    /// <summary>Null: the default partition, or the partition a MilvusDM export file came from.</summary>
    public string? Partition { get; init; }

    /// <summary>Applies until a file is imported; the files after it append (as the old MilvusDM did).</summary>
    public WriteMode Mode { get; init; } = WriteMode.Append;

    /// <summary>Null: the file's own index definitions, or AUTOINDEX; either way with the file's metric.</summary>
    public string? IndexType { get; init; }

    public bool Load { get; init; }
    public bool Verify { get; init; }

    /// <summary>A dimension the files must have (a task file's collection_parameter.dimension).</summary>
    public int? ExpectedDimension { get; init; }

    public TransferOptions Transfer { get; init; } = new();
}

/// <summary>
/// F2M / H2M: files one after another into one collection, one result per file. A file that fails is its result and
/// the next file goes on; the collection is flushed (Milvus rate-limits flushes) and loaded once, after the last file.
/// </summary>
public static class FileImportJob
{
    public static async Task<IReadOnlyList<TransferResult>> RunAsync(FileImportOptions o, JobHost host, CancellationToken ct)
    {
        // Every file against the declared dimension first: a mismatch in the last file must not follow writes of the first.
        if (o.ExpectedDimension is { } expected)
            foreach (var file in o.Files) await CheckDimensionAsync(o.Source.OpenForVerify(file), expected, ct).ConfigureAwait(false);
        var results = new List<TransferResult>();
        bool firstDone = false;
        string target = CollectionJobs.InWords(o.Client, o.Collection);
        for (int i = 0; i < o.Files.Count; i++)
        {
            string file = o.Files[i];
            var mode = firstDone ? WriteMode.Append : o.Mode;
            var plan = new WritePlan(target, $"Import {o.Source.Kind} '{file}' (mode {mode})", mode, c => o.Client.ExistingRowCountAsync(o.Collection, c));
            if (!await host.Confirm(plan, ct).ConfigureAwait(false)) continue;
            var result = await ImportOneAsync(o, file, mode, host.ProgressFor(file, i + 1, o.Files.Count), ct).ConfigureAwait(false);
            results.Add(result);
            host.Completed?.Invoke(file, result);
            firstDone |= result.Status == TransferStatus.Succeeded;
            if (result.Status == TransferStatus.Cancelled || ct.IsCancellationRequested) break;
        }
        if (firstDone) await MilvusCollectionSink.FinishAsync(o.Client, o.Collection, o.Load, ct).ConfigureAwait(false);
        return results;
    }

    /// <summary>The options of a one-file import from the sink options a caller already holds.</summary>
    public static FileImportOptions OneFile(MilvusClient client, FileSource source, string file, MilvusSinkOptions sink, string? indexType, TransferOptions transfer, bool verify) => new()
    {
        Client = client, Source = source, Files = [file], Collection = sink.CollectionName, Partition = sink.PartitionName, Mode = sink.Mode,
        IndexType = indexType, Load = sink.Load, Verify = verify, Transfer = transfer,
    };

    private static async Task<TransferResult> ImportOneAsync(FileImportOptions o, string file, WriteMode mode, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var source = o.Source.Open(file);
        var sink = new MilvusCollectionSink(o.Client, new MilvusSinkOptions
        {
            CollectionName = o.Collection, PartitionName = o.Partition, Mode = mode, FollowSource = true, IndexType = o.IndexType, Flush = false,
        });
        TransferResult result;
        try
        {
            result = await new TransferEngine(o.Transfer).RunAsync(source, sink, progress, ct).ConfigureAwait(false) with { Partition = sink.Partition };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new TransferResult { Source = file, Destination = sink.Description, Status = TransferStatus.Failed, Error = e };
        }
        if (!o.Verify || result.Status != TransferStatus.Succeeded) return result;
        var check = await ImportVerification.VerifyAsync(o.Source.OpenForVerify(file), o.Client, o.Collection, sink.Partition, ct: ct, progress: progress).ConfigureAwait(false);
        return result with { Verified = check.Equal, Verification = check.Describe(o.Collection), VerificationElapsed = check.Elapsed };
    }

    private static async Task CheckDimensionAsync(IVectorSource source, int expected, CancellationToken ct)
    {
        var spec = await source.DescribeAsync(ct).ConfigureAwait(false);
        int actual = spec.VectorFields.First().Dimension ?? 0;
        if (actual != expected)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "TaskDimensionMismatch",
                $"'{source.Description}' holds vectors of dimension {actual}, but the task file's collection_parameter.dimension is {expected}.", "Correct collection_parameter.dimension or the data path.");
    }
}
