using MilvusDM.Core.Errors;

namespace MilvusDM.Core.Model;

/// <summary>Derives a collection schema from a batch's columns (for writing batches into a new collection).</summary>
public static class BatchSchema
{
    public static CollectionSpec Infer(VectorBatch batch, string name, string? primaryKey = null)
    {
        var pk = primaryKey is not null
            ? batch[primaryKey] ?? throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "PrimaryKeyColumnNotFound",
                $"The batches have no column '{primaryKey}'.", $"Use one of: {string.Join(", ", batch.Columns.Select(c => c.Name))}.")
            : batch["id"] is { DataType: MilvusDataType.Int64 or MilvusDataType.VarChar } id ? id
            : batch.Columns.FirstOrDefault(c => c.DataType is MilvusDataType.Int64 or MilvusDataType.VarChar && !c.IsDynamic)
              ?? throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "PrimaryKeyColumnNotFound",
                  "The batches have no Int64 or VarChar column to use as the primary key.", "Add an id column (New-MilvusVectorBatch -Id).");
        if (pk.DataType is not (MilvusDataType.Int64 or MilvusDataType.VarChar))
            throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "InvalidPrimaryKeyType",
                $"Column '{pk.Name}' is {pk.DataType}; a primary key must be Int64 or VarChar.", "Choose another column with {PrimaryKey}.");
        if (!batch.Columns.Any(c => c.DataType.IsVector()))
            throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "NoVectorColumn", "The batches have no vector column.", "Add vectors (New-MilvusVectorBatch -Vector).");

        var fields = batch.Columns.Where(c => !c.IsDynamic).Select(c => new FieldSpec
        {
            Name = c.Name,
            DataType = c.DataType,
            IsPrimaryKey = ReferenceEquals(c, pk),
            IsNullable = c.Validity is not null && !ReferenceEquals(c, pk),
            Dimension = c switch { FloatVectorColumn f => f.Dimension, ByteVectorColumn b => b.Dimension, _ => null },
            MaxLength = c.DataType == MilvusDataType.VarChar || (c is ScalarColumn<Array> { ElementType: MilvusDataType.VarChar }) ? 65535 : null,
            ElementType = c is ScalarColumn<Array> a ? a.ElementType : MilvusDataType.None,
            MaxCapacity = c is ScalarColumn<Array> ? 4096 : null,   // the largest Milvus allows: later batches may hold longer arrays
        }).ToList();
        return new CollectionSpec { Name = name, Fields = fields, EnableDynamicField = batch.Columns.Any(c => c.IsDynamic) };
    }
}
