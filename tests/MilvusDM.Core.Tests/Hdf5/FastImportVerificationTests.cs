using MilvusDM.Core.Hdf5;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Hdf5;

/// <summary>-Verify on an import: a digest pass when everything matches, lookups (with count(*)) when not, duplicates seen.</summary>
public sealed class FastImportVerificationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("milvusdm-verify").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TwoHundredThousandRowsAreProvenAndADoubledKeyIsCaught()
    {
        string file = Path.Combine(_dir, "big.h5");
        var made = await ProcessRunner.RunAsync("/usr/bin/python3", [Path.Combine(RepoPaths.Root, "tests", "fixtures", "make_random_h5.py"), file, "200000", "16", "--shuffle"], _dir, TimeSpan.FromMinutes(1));
        Assert.True(made.ExitCode == 0, made.StdErr);
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        var sink = new MilvusSinkOptions { CollectionName = "proven" };

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await Hdf5Import.RunAsync(client, file, new Hdf5ReadOptions(), sink, "FLAT", new TransferOptions(), null, CancellationToken.None, verify: true);
        Assert.True((result.Status, result.Verified) == (TransferStatus.Succeeded, true), result.Verification ?? result.Error?.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"import + verification took {watch.Elapsed}");

        // The same key stored a second time: the digest pass sees the count, the lookups name it as duplicated.
        await client.InsertAsync("proven", new VectorBatch([new ScalarColumn<long>("id", MilvusDataType.Int64, [5]), new FloatVectorColumn("embedding", 16, new float[16])]));
        var check = await ImportVerification.VerifyAsync(new Hdf5VectorSource(file), client, "proven", null);
        Assert.False(check.Equal);
        Assert.Equal(1, check.Duplicated);
    }
}
