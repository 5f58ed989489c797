using System.Runtime.CompilerServices;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// Deterministic generated vectors (id i, vector element d = f(i, d)) for benchmarks and smoke tests:
/// any row can be regenerated, so a reader can check what arrived without keeping a copy. Ids start at
/// <paramref name="firstId"/>.
/// </summary>
public sealed class SyntheticVectorSource(long rows, int dimension, string idField = "id", string vectorField = "embedding", long firstId = 0) : IVectorSource
{
    public string Identity => $"synthetic:{rows}x{dimension}" + (firstId == 0 ? "" : $"@{firstId}");
    public string Description => $"synthetic {rows:N0} × {dimension} float32";
    public long? TotalRows => rows;

    public Task<CollectionSpec> DescribeAsync(CancellationToken ct) => Task.FromResult(new CollectionSpec
    {
        Name = "synthetic",
        Fields =
        [
            new FieldSpec { Name = idField, DataType = MilvusDataType.Int64, IsPrimaryKey = true },
            new FieldSpec { Name = vectorField, DataType = MilvusDataType.FloatVector, Dimension = dimension },
        ],
    });

    public static float Value(long row, int d) => (float)((row * 31 + d * 7) % 1000) / 1000f;

    public async IAsyncEnumerable<VectorBatch> ReadAsync(SourcePosition? resumeAfter, int batchRows, [EnumeratorCancellation] CancellationToken ct)
    {
        for (long start = resumeAfter?.Offset ?? 0; start < rows; start += batchRows)
        {
            ct.ThrowIfCancellationRequested();
            int n = (int)Math.Min(batchRows, rows - start);
            var ids = new long[n];
            var data = new float[n * dimension];
            for (int i = 0; i < n; i++)
            {
                ids[i] = firstId + start + i;
                for (int d = 0; d < dimension; d++) data[i * dimension + d] = Value(firstId + start + i, d);
            }
            yield return new VectorBatch([new ScalarColumn<long>(idField, MilvusDataType.Int64, ids), new FloatVectorColumn(vectorField, dimension, data)],
                new SourcePosition { Offset = start });
            await Task.Yield();
        }
    }
}
