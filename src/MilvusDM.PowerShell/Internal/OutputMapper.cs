using System.Collections;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;

namespace MilvusDM.PowerShell.Internal;

/// <summary>Maps Core results (invisible to scripts: they live in the private load context) to the module's output types.</summary>
internal static class OutputMapper
{
    /// <summary>A collection for the pipeline, with the connection and database it was read from (both bind by property name downstream, so neither is empty).</summary>
    public static MilvusCollectionInfo Collection(CollectionOverview overview, MilvusConnection connection, string database)
    {
        var (spec, rows, load) = overview;
        var vector = spec.VectorFields.FirstOrDefault();
        var vectorIndex = vector is null ? null : spec.Indexes.FirstOrDefault(i => i.FieldName == vector.Name);
        var properties = new Hashtable();
        foreach (var (k, v) in spec.Properties) properties[k] = v;
        return new MilvusCollectionInfo
        {
            Name = spec.Name,
            Database = string.IsNullOrEmpty(spec.DatabaseName) ? database : spec.DatabaseName,
            Description = spec.Description,
            CollectionId = spec.CollectionId,
            PrimaryKey = spec.PrimaryField.Name,
            AutoId = spec.PrimaryField.AutoId,
            VectorField = vector?.Name,
            Dimension = vector?.Dimension,
            MetricType = string.IsNullOrEmpty(vectorIndex?.MetricType) ? null : vectorIndex.MetricType,
            RowCount = rows,
            LoadState = load.ToString(),
            ConsistencyLevel = spec.ConsistencyLevel.ToString(),
            EnableDynamicField = spec.EnableDynamicField,
            Partitions = spec.Partitions.ToArray(),
            Indexes = spec.Indexes.Select(i => $"{i.FieldName}: {i.IndexType}{(string.IsNullOrEmpty(i.MetricType) ? "" : "/" + i.MetricType)}").ToArray(),
            Aliases = spec.Aliases.ToArray(),
            Fields = spec.Fields.Select(Field).ToArray(),
            Properties = properties,
            Uri = connection.Uri,
            Connection = connection,
        };
    }

    public static MilvusFieldInfo Field(FieldSpec f) => new()
    {
        Name = f.Name,
        DataType = f.DataType.ToString(),
        Dimension = f.Dimension,
        MaxLength = f.MaxLength,
        ElementType = f.DataType == MilvusDataType.Array ? f.ElementType.ToString() : null,
        MaxCapacity = f.MaxCapacity,
        IsPrimaryKey = f.IsPrimaryKey,
        AutoId = f.AutoId,
        IsNullable = f.IsNullable,
        IsPartitionKey = f.IsPartitionKey,
        IsFunctionOutput = f.IsFunctionOutput,
        DefaultValue = f.DefaultValue,
        Description = f.Description,
    };

    /// <summary>A transfer result for the pipeline; Operation is the cmdlet's name.</summary>
    public static MilvusTransferResult Transfer(string operation, TransferResult r, ResultTarget target) => new()
    {
        Operation = operation,
        Step = target.Step,
        Source = r.Source,
        Destination = r.Destination,
        Collection = target.Collection,
        Partition = r.Partition is { Length: > 0 } p ? p : string.IsNullOrEmpty(target.Partition) ? null : target.Partition,
        Connection = target.Connection,
        Database = target.Connection is null ? null : target.Database ?? target.Connection.Database,
        Status = r.Status.ToString(),
        Rows = r.Rows,
        Bytes = r.Bytes,
        Elapsed = r.Elapsed,
        RowsPerSecond = Math.Round(r.RowsPerSecond, 1),
        Verified = r.Verified,
        VerificationElapsed = r.VerificationElapsed,
        Notes = r.Notes.ToArray(),
        Checkpoint = r.Checkpoint?.Position.ToString(),
        CheckpointRows = r.Checkpoint?.RowsCommitted ?? 0,
        Error = r.Error?.Message,
    };

    public static MilvusComparisonResult Comparison(ComparisonResult r, string source, string target) => new()
    {
        Source = source,
        Target = target,
        Equal = r.Equal,
        SourceRows = r.SourceRows,
        TargetRows = r.TargetRows,
        SourceEntities = r.SourceEntities,
        TargetEntities = r.TargetEntities,
        TargetDuplicates = r.TargetDuplicates,
        Missing = r.Missing,
        Extra = r.Extra,
        Different = r.Different,
        MissingKeys = r.MissingKeys.ToArray(),
        ExtraKeys = r.ExtraKeys.ToArray(),
        DifferentKeys = r.DifferentKeys.ToArray(),
        SourceDigest = r.SourceDigest,
        TargetDigest = r.TargetDigest,
    };
}
