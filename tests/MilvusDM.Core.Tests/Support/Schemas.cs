using MilvusDM.Core.Model;

namespace MilvusDM.Core.Tests.Support;

/// <summary>Collection specs the tests share.</summary>
public static class Schemas
{
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    public static CollectionSpec Simple(string name, int dim = 8, MilvusDataType pkType = MilvusDataType.Int64, bool autoId = false) => new()
    {
        Name = name,
        Fields =
        [
            new FieldSpec { Name = "id", DataType = pkType, IsPrimaryKey = true, AutoId = autoId, MaxLength = pkType == MilvusDataType.VarChar ? 64 : null },
            new FieldSpec { Name = "embedding", DataType = MilvusDataType.FloatVector, Dimension = dim },
        ],
    };

    public static IndexSpec Flat(string field = "embedding", string metric = "L2") => new() { FieldName = field, IndexType = "FLAT", MetricType = metric };

    public static VectorBatch SimpleBatch(long firstId, int rows, int dim = 8)
    {
        var ids = new long[rows];
        var vectors = new float[rows * dim];
        for (int i = 0; i < rows; i++)
        {
            ids[i] = firstId + i;
            for (int d = 0; d < dim; d++) vectors[i * dim + d] = (firstId + i) * 0.5f + d;
        }
        return new VectorBatch([new ScalarColumn<long>("id", MilvusDataType.Int64, ids), new FloatVectorColumn("embedding", dim, vectors)]);
    }
}
