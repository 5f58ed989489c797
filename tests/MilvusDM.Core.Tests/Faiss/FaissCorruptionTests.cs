using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Faiss;

namespace MilvusDM.Core.Tests.Faiss;

/// <summary>Damaged files (truncated, flipped length fields, wrong fourcc, oversized counts) give clean, stable errors.</summary>
public sealed class FaissCorruptionTests(FaissFixtures fx) : IClassFixture<FaissFixtures>
{
    private static readonly HashSet<string> StableIds =
    [
        "FaissFileCorrupt", "FaissIndexTypeUnsupported", "FaissVectorNotFinite", "FaissDuplicateId", "FaissRowCountMismatch",
        "FaissVectorsNotRecoverable", "FaissIndexLossy", "FaissMetricUnsupported", "FaissIndexTransformed", "FaissDataFileNotFound",
    ];

    [Theory]
    [InlineData("flat_l2")]
    [InlineData("idmap_ivfflat")]
    [InlineData("ivfflat_hashtable")]
    [InlineData("hnsw_flat")]
    [InlineData("ivfpq")]
    [InlineData("sq_8bit")]
    [InlineData("pca_square")]
    [InlineData("binary_ivf")]
    [InlineData("binary_idmap")]
    [InlineData("ivfflat_dedup")]
    public async Task DamagedFilesFailCleanly(string name)
    {
        var original = await File.ReadAllBytesAsync(fx.Index(name));
        var dir = Directory.CreateTempSubdirectory("milvusdm-corrupt").FullName;
        try
        {
            var cases = new List<(string What, byte[] Bytes, bool MustFail)>();
            // Truncations: densely near the start (headers), then spread over the file.
            foreach (int at in Enumerable.Range(0, 80).Concat(Enumerable.Range(1, 40).Select(i => (int)((long)original.Length * i / 41))).Distinct().Where(a => a < original.Length))
                cases.Add(($"truncated at {at}", original[..at], true));
            // Length fields and counts overwritten with huge or negative values at many offsets.
            for (int at = 0; at + 8 <= original.Length; at += Math.Max(1, original.Length / 97))
            {
                foreach (var fill in new ulong[] { ulong.MaxValue, 0x7FFFFFFFFFFFFFFF, 0x0000000100000000 })
                {
                    var bytes = (byte[])original.Clone();
                    BitConverter.GetBytes(fill).CopyTo(bytes, at);
                    cases.Add(($"8 bytes at {at} set to {fill:x}", bytes, false));   // inside vector data this is harmless
                }
                var flipped = (byte[])original.Clone();
                flipped[at] ^= 0xFF;
                cases.Add(($"byte {at} flipped", flipped, false));
            }
            var wrongFourcc = (byte[])original.Clone();
            "XXXX"u8.CopyTo(wrongFourcc);
            cases.Add(("wrong fourcc", wrongFourcc, true));
            cases.Add(("trailing garbage", [.. original, 1, 2, 3], true));

            int failures = 0;
            foreach (var (what, bytes, mustFail) in cases)
            {
                string path = Path.Combine(dir, "damaged.index");
                await File.WriteAllBytesAsync(path, bytes);
                try
                {
                    var source = new FaissIndexSource(path, new FaissReadOptions { AllowLossy = true, AllowTransformed = true, AllowDuplicateIds = true, MetricType = "L2" });
                    await source.DescribeAsync(CancellationToken.None);
                    long rows = 0;
                    await foreach (var b in source.ReadAsync(null, 97, CancellationToken.None)) rows += b.RowCount;
                    Assert.False(mustFail, $"{name}, {what}: accepted ({rows} rows)");
                }
                catch (MilvusDMException e) when (StableIds.Contains(e.ErrorId))
                {
                    failures++;
                }
                catch (Exception e)
                {
                    Assert.Fail($"{name}, {what}: {e.GetType().Name}: {e.Message}");
                }
            }
            Assert.True(failures >= cases.Count(c => c.MustFail), $"{name}: {failures} rejections");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
