namespace MilvusDM.TestServer.Storage;

/// <summary>
/// The v2 job stages of a Milvus 2.6 bulk import (datacoord import_job.go); GetImportState folds them into Pending,
/// Started (every stage in between), Completed and Failed.
/// </summary>
internal enum ImportStage { Pending, PreImporting, Importing, IndexBuilding, Completed, Failed }

/// <summary>
/// One bulk-import job: one file group (the v1 Import RPC makes a single group of all its files) into one collection
/// and partition (none: the partition key routes each row). Its rows stay invisible until it completes, and a failed
/// job leaves none behind.
/// </summary>
internal sealed class ImportJob
{
    public required long Id { get; init; }
    public required string Database { get; init; }
    public required string CollectionName { get; init; }
    public required long CollectionId { get; init; }

    /// <summary>The target partition, or null when a partition key routes the rows.</summary>
    public required long? PartitionId { get; init; }
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>The id datacoord gives the file group (it shows in failure reasons as the ImportFile text).</summary>
    public required long FileId { get; init; }
    public DateTime Created { get; } = DateTime.UtcNow;

    public ImportStage Stage { get; set; }
    public long TotalRows { get; set; }
    public string Reason { get; set; } = "";

    public bool Running => Stage is not (ImportStage.Completed or ImportStage.Failed);

    /// <summary>datacoord import_util.go GetJobProgress: pending 0–10, pre-importing 10–40, importing 40–70, sorting and index building 70–90, done 100.</summary>
    public (int Progress, long Rows) Progress => Stage switch
    {
        ImportStage.Pending => (0, 0),
        ImportStage.PreImporting => (10, 0),
        ImportStage.Importing => (40, 0),
        ImportStage.IndexBuilding => (80, TotalRows),
        ImportStage.Completed => (100, TotalRows),
        _ => (0, 0),
    };

    /// <summary>How the file group prints in Go (internalpb.ImportFile.String()).</summary>
    public string FileText => $"id:{FileId} " + string.Join(" ", Files.Select(f => $"paths:\"{f}\""));
}
