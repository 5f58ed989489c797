namespace MilvusDM.Core.Tests.Support;

/// <summary>
/// The Milvus 1.x data path of milvus1-format.md §5's checklist, built once: a float collection whose _default
/// holds RAW, TO_INDEX, BACKUP+INDEX and merge-result segments (merged-away inputs still on disk), deletions over
/// several rounds with a repeated offset counted twice, an in-flight NEW row, a partition whose tag is not a valid
/// 2.x name, a dropped partition whose tag was reused; a binary collection with user ids, repeated ids, trailing
/// zero bytes and a fully deleted segment; a soft-deleted collection; an empty collection.
/// </summary>
public sealed class Milvus1Fixture : IDisposable
{
    public const int FloatDim = 16, BinaryDim = 64;

    public Milvus1Fixture()
    {
        Root = Directory.CreateTempSubdirectory("milvus1-data").FullName;
        Builder = new Milvus1Builder(Root);
        var b = Builder;
        long auto = 1_624_183_200_000_000_000;
        long[] AutoIds(int n) { var ids = new long[n]; for (int i = 0; i < n; i++) ids[i] = auto + i; auto += 1_000_000; return ids; }

        b.CreateCollection("vectors_f", FloatDim, metric: 2, version: "1.1.0");
        var raw = b.Insert("vectors_f", AutoIds(300), FloatRows(300, 1), userIds: false);
        b.Delete(raw, [17, 200, 3]);
        b.Delete(raw, [250, 17, 4], countTwice: true);       // 17 again: metadata counts 7, files hold 5 deletions
        var toIndex = b.Insert("vectors_f", AutoIds(200), FloatRows(200, 2), userIds: false);
        b.MarkToIndex(toIndex);
        var built = b.Insert("vectors_f", AutoIds(250), FloatRows(250, 3), userIds: false);
        b.SetIndex("vectors_f", 2, "{\"nlist\": 128}");
        b.BuildIndex(built);
        b.Delete(built, [0, 249]);
        var m1 = b.Insert("vectors_f", AutoIds(40), FloatRows(40, 4), userIds: false);
        var m2 = b.Insert("vectors_f", AutoIds(60), FloatRows(60, 5), userIds: false);
        b.Delete(m2, [10, 11]);
        b.Merge(m1, m2);
        b.AddNewRow("vectors_f");
        var tagged = b.CreatePartition("vectors_f", "tag one");
        b.Insert(tagged, AutoIds(120), FloatRows(120, 6), userIds: false);
        var q3 = b.CreatePartition("vectors_f", "2021-q3");
        b.Insert(q3, AutoIds(80), FloatRows(80, 7), userIds: false);
        b.Drop(q3);
        var q3Again = b.CreatePartition("vectors_f", "2021-q3");
        b.Insert(q3Again, AutoIds(130), FloatRows(130, 8), userIds: false);

        b.CreateCollection("vectors_b", BinaryDim, metric: 3);
        b.Insert("vectors_b", [.. Enumerable.Range(0, 400).Select(i => (long)i * 3)], BinaryRows(400, 1));
        var again = b.Insert("vectors_b", [.. Enumerable.Range(0, 50).Select(i => (long)i * 30)], BinaryRows(50, 2));   // ids 0, 30, … repeat
        b.Delete(again, [7]);
        var gone = b.Insert("vectors_b", [9001, 9002, 9003], BinaryRows(3, 3));
        b.Delete(gone, [0, 1, 2]);
        var bp = b.CreatePartition("vectors_b", "p1");
        b.Insert(bp, [.. Enumerable.Range(0, 33).Select(i => (long)-i)], BinaryRows(33, 4));

        b.CreateCollection("dropped", FloatDim, metric: 1);
        b.Insert("dropped", AutoIds(10), FloatRows(10, 9), userIds: false);
        b.Drop("dropped");
        b.CreateCollection("empty_c", 8, metric: 1);
    }

    public string Root { get; }
    public Milvus1Builder Builder { get; }

    public static byte[][] FloatRows(int n, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, FloatDim).SelectMany(_ => BitConverter.GetBytes((float)(rng.NextDouble() * 2 - 1))).ToArray())];
    }

    /// <summary>Binary rows; every seventh ends in zero bytes (what numpy's bytes_ would cut off: trap T10).</summary>
    public static byte[][] BinaryRows(int n, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(i =>
        {
            var row = new byte[BinaryDim / 8];
            rng.NextBytes(row);
            if (i % 7 == 0) { row[^1] = 0; row[^2] = 0; }
            return row;
        })];
    }

    public void Dispose()
    {
        Builder.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
