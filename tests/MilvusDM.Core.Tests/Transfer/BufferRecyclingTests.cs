using System.Runtime.CompilerServices;
using MilvusDM.Core.Faiss;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Transfer;

/// <summary>Pooled batch buffers are reused only after a forgetful sink wrote them, and never reach a writer holding other rows.</summary>
public sealed class BufferRecyclingTests
{
    [Fact]
    public async Task AForgetfulSinkGetsRecycledBuffersWithTheRightRows()
    {
        var sink = new ForgetfulCheckingSink();
        var result = await new TransferEngine(new TransferOptions { BatchRows = 100, ChannelCapacity = 2, ThrottleLimit = 2 }).RunAsync(new PooledSource(10_000), sink);
        Assert.Equal(TransferStatus.Succeeded, result.Status);
        Assert.Equal(10_000, sink.Rows);
        Assert.True(sink.DistinctArrays < 20, $"{sink.DistinctArrays} distinct vector arrays for 100 batches: buffers were not reused");
    }

    [Fact]
    public async Task ASinkThatKeepsBatchesNeverSeesABufferTwice()
    {
        var sink = new CheckingSink(forgetful: false);
        await new TransferEngine(new TransferOptions { BatchRows = 100 }).RunAsync(new PooledSource(2_000), sink);
        Assert.Equal(20, sink.DistinctArrays);
        Assert.All(sink.Kept, b => Assert.Equal(b.Position!.Offset, ((ScalarColumn<long>)b["id"]!).Values[0]));   // untouched after their write
    }

    [Fact]
    public async Task CutPiecesAreCopiesAndTheSourceBufferIsReused()
    {
        var sink = new ForgetfulCheckingSink();
        // 100-row reads of 520-byte rows cut under a 16 KB limit: every piece must still hold its own rows.
        await new TransferEngine(new TransferOptions { BatchRows = 100, MaxBatchBytes = 16 * 1024 }).RunAsync(new PooledSource(3_000, ignoreAskedRows: true), sink);
        Assert.Equal(3_000, sink.Rows);
    }

    [Fact]
    public void AscendingIdsNeedNoTableAndRepeatsAreStillFound()
    {
        var set = new IdSet();
        for (long i = 0; i < 1_000_000; i++) Assert.True(set.Add(i * 3 + 1));
        Assert.True(set.Add(5_000_000));
        Assert.False(set.Add(7));   // out of order: the runs become a table, which knows 7 = 2·3 + 1
        Assert.True(set.Add(8));
        Assert.False(set.Add(5_000_000));
        Assert.Equal(1_000_002, set.Count);
    }

    /// <summary>Rows whose id is their offset and whose vector holds the id in every component, in buffers from one recycler.</summary>
    private sealed class PooledSource(long rows, bool ignoreAskedRows = false) : IVectorSource
    {
        public string Identity => "pooled:" + Guid.NewGuid();
        public string Description => "pooled";
        public long? TotalRows => rows;

        public Task<CollectionSpec> DescribeAsync(CancellationToken ct) => Task.FromResult(new CollectionSpec
        {
            Name = "pooled",
            Fields = [new FieldSpec { Name = "id", DataType = MilvusDataType.Int64, IsPrimaryKey = true }, new FieldSpec { Name = "v", DataType = MilvusDataType.FloatVector, Dimension = 128 }],
        });

        public async IAsyncEnumerable<VectorBatch> ReadAsync(SourcePosition? resumeAfter, int batchRows, [EnumeratorCancellation] CancellationToken ct)
        {
            var pool = new ArrayRecycler();
            if (ignoreAskedRows) batchRows = 100;
            for (long start = resumeAfter?.Offset ?? 0; start < rows; start += batchRows)
            {
                int n = (int)Math.Min(batchRows, rows - start);
                var ids = pool.Rent<long>(n);
                var floats = pool.Rent<float>(n * 128);
                for (int i = 0; i < n; i++)
                {
                    ids[i] = start + i;
                    floats.AsSpan(i * 128, 128).Fill(start + i);
                }
                yield return new VectorBatch([new ScalarColumn<long>("id", MilvusDataType.Int64, ids), new FloatVectorColumn("v", 128, floats)],
                    new SourcePosition { Offset = start }) { Lease = pool.Lease(ids, floats) };
                await Task.Yield();
            }
        }
    }

    private sealed class ForgetfulCheckingSink() : CheckingSink(true), IForgetfulSink;

    private class CheckingSink(bool forgetful) : IVectorSink
    {
        private readonly HashSet<float[]> _arrays = new(ReferenceEqualityComparer.Instance);
        private long _rows;
        public long Rows => Interlocked.Read(ref _rows);
        public int DistinctArrays { get { lock (_arrays) return _arrays.Count; } }
        public List<VectorBatch> Kept { get; } = [];
        public string Description => "checking";
        public Task<SinkPreparation> PrepareAsync(CollectionSpec source, CancellationToken ct) => Task.FromResult(SinkPreparation.Proceed());
        public Task CompleteAsync(CancellationToken ct) => Task.CompletedTask;

        public async Task WriteAsync(VectorBatch batch, CancellationToken ct)
        {
            var ids = ((ScalarColumn<long>)batch["id"]!).Values;
            var v = (FloatVectorColumn)batch["v"]!;
            await Task.Delay(1, ct);   // writes overlap the reads
            for (int i = 0; i < batch.RowCount; i++)
            {
                Assert.Equal(batch.Position!.Offset + i, ids[i]);
                Assert.All(v.GetVector(i).ToArray(), x => Assert.Equal(ids[i], x));
            }
            lock (_arrays)
            {
                _arrays.Add(v.Data);
                if (!forgetful) Kept.Add(batch);
            }
            Interlocked.Add(ref _rows, batch.RowCount);
        }
    }
}
