using System.Runtime.CompilerServices;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Bench;

/// <summary>
/// Synthetic rows whose vector blocks are generated once and reused, so both benchmark paths measure moving
/// data, not making it. Keys are fresh per batch (0..rows-1).
/// </summary>
internal sealed class PregeneratedSource(long rows, int dim, int batchRows) : IVectorSource
{
    public float[][] Blocks { get; } = Enumerable.Range(0, 4).Select(b =>
    {
        var block = new float[batchRows * dim];
        for (int i = 0; i < block.Length; i++) block[i] = SyntheticVectorSource.Value(b * batchRows + i / dim, i % dim);
        return block;
    }).ToArray();

    public string Identity => $"pregenerated:{rows}x{dim}";
    public string Description => $"pregenerated {rows:N0} × {dim}";
    public long? TotalRows => rows;

    public Task<CollectionSpec> DescribeAsync(CancellationToken ct) => new SyntheticVectorSource(rows, dim).DescribeAsync(ct);

    public async IAsyncEnumerable<VectorBatch> ReadAsync(SourcePosition? resumeAfter, int requestedRows, [EnumeratorCancellation] CancellationToken ct)
    {
        int k = 0;
        for (long start = 0; start < rows; start += batchRows, k++)
        {
            int n = (int)Math.Min(batchRows, rows - start);
            var ids = new long[n];
            for (int i = 0; i < n; i++) ids[i] = start + i;
            var block = n == batchRows ? Blocks[k % Blocks.Length] : Blocks[0][..(n * dim)];
            yield return new VectorBatch([new ScalarColumn<long>("id", MilvusDataType.Int64, ids), new FloatVectorColumn("embedding", dim, block)],
                new SourcePosition { Offset = start });
            await Task.CompletedTask;
        }
    }
}
