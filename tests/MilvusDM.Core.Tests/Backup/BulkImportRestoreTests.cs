using MilvusDM.Core.Backup;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Jobs;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Milvus;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Tests.Transfer;
using MilvusDM.Core.Transfer;
using MilvusDM.TestServer;

namespace MilvusDM.Core.Tests.Backup;

/// <summary>
/// Restore-Milvus -BulkImport end to end: a backup of every 2.6 type (and float16/bfloat16 vectors under an auto-id key,
/// a partition-key collection, a loaded one) placed in the destination server's storage root, restored by the
/// server's own import, compared row by row and verified; a damaged file fails its job and the restore, and -Resume
/// goes on after the files already in.
/// </summary>
public sealed class BulkImportRestoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("milvusdm-bulk-root").FullName;
    private string Dump => Path.Combine(_root, "backups", "dump1");
    private const string StoragePath = "backups/dump1";

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<ServerPair> StartAsync() => ServerPair.StartAsync(new TestServerOptions { StorageRoot = _root, FlushMinInterval = TimeSpan.Zero, ImportStageDelay = TimeSpan.FromMilliseconds(5) });

    /// <summary>Every 2.6 type (lab.every26, lab.tenants), a loaded collection, and half-float vectors under an auto-id key.</summary>
    private static async Task CreateSourceAsync(MilvusClient c)
    {
        await Milvus26TypesTests.CreateAsync(c);
        await c.CreateCollectionAsync(Schemas.Simple("small"));
        await c.InsertAsync("small", Schemas.SimpleBatch(0, 50));
        await c.CreateIndexAsync("small", Schemas.Flat());
        await c.LoadCollectionAsync("small");
        await c.WaitForLoadedAsync("small");
        await c.CreateCollectionAsync(new CollectionSpec
        {
            Name = "halves",
            Fields =
            [
                new FieldSpec { Name = "id", DataType = MilvusDataType.Int64, IsPrimaryKey = true, AutoId = true },
                new FieldSpec { Name = "hv", DataType = MilvusDataType.Float16Vector, Dimension = 4 },
                new FieldSpec { Name = "bfv", DataType = MilvusDataType.BFloat16Vector, Dimension = 4, IsNullable = true },
            ],
        });
        var dense = AllTypesRoundTripTests.ScalarsBatch(60);
        var bfv = (ByteVectorColumn)dense["bfv"]!;
        await c.InsertAsync("halves", new VectorBatch([dense["hv"]!, new ByteVectorColumn("bfv", MilvusDataType.BFloat16Vector, 4, bfv.Data, Enumerable.Range(0, 60).Select(i => i % 4 != 0).ToArray())]));
        await c.CreateIndexAsync("halves", Schemas.Flat("hv"));
        await c.CreateIndexAsync("halves", Schemas.Flat("bfv"));
    }

    private async Task BackupAsync(MilvusClient source) => AllSucceeded(await BackupJob.RunAsync(
        new BackupOptions { Source = source, Folder = Dump, MaxFileSize = 40_000, TargetRowGroupBytes = 8_000 }, JobHost.Silent, CancellationToken.None));

    private static void AllSucceeded(IReadOnlyList<TransferResult> results) =>
        Assert.All(results, r => Assert.True(r.Status is TransferStatus.Succeeded or TransferStatus.Skipped, $"{r.Source} {r.Partition}: {r.Status} {r.Error}"));

    private static RestoreOptions Bulk(MilvusClient destination, string folder) =>
        new() { Destination = destination, Folder = folder, BulkImport = true, StoragePath = StoragePath, IncludeAliases = true, Verify = true };

    [Fact]
    public async Task EveryTypeIsRestoredByTheServersImportEqualAndVerified()
    {
        await using var pair = await StartAsync();
        await CreateSourceAsync(pair.Source);
        await BackupAsync(pair.Source);
        var manifest = await BackupFolder.ReadManifestAsync(Dump, CancellationToken.None);
        int files = manifest.Collections.Sum(x => x.Collection.Groups.Sum(g => g.Files.Count));

        var progress = new List<TransferProgress>();
        var host = JobHost.For(new CallbackProgress<TransferProgress>(p => { lock (progress) progress.Add(p); }));
        var restored = await RestoreJob.RunAsync(Bulk(pair.Destination, Dump), host, CancellationToken.None);
        AllSucceeded(restored);
        Assert.All(restored, r => Assert.True(r.Verified, r.Verification));
        Assert.All(restored, r => Assert.Contains(r.Notes, n => n.StartsWith("Milvus imported", StringComparison.Ordinal)));

        var (src, dst) = (pair.Source.WithDatabase("lab"), pair.Destination.WithDatabase("lab"));
        await Milvus26TypesTests.AssertSameAsync(src, "every26", dst, "every26");
        await Milvus26TypesTests.AssertSameAsync(src, "tenants", dst, "tenants");
        Assert.True((await CollectionComparison.CompareAsync(pair.Source, "small", pair.Destination, "small")).Equal);
        Assert.Equal("every26", await dst.DescribeAliasAsync("every26_now"));
        Assert.Equal(LoadState.Loaded, await pair.Destination.GetLoadStateAsync("small"));
        // The auto-id collection: new keys (the backup has none), the same vectors, verified by digest over the written columns.
        Assert.Equal(60, restored.Single(r => r.Source == "default/halves").Rows);

        // Every file was its own import job, all completed; the server did the work, no row was sent.
        var jobs = new List<ImportJobStatus>();
        foreach (var db in new[] { "default", "lab" }) jobs.AddRange(await pair.Destination.WithDatabase(db).ListImportJobsAsync(null));
        Assert.Equal(files, jobs.Count / 2);   // no collection filter: each database's list holds every job
        Assert.All(jobs, j => Assert.Equal(ImportJobState.Completed, j.State));
        lock (progress) Assert.Contains(progress, p => p.TotalRows == 80 && p.RowsWritten == 80);
    }

    [Fact]
    public async Task ADamagedFileFailsTheRestoreWithTheServersReasonAndResumeGoesOnAfterTheFilesIn()
    {
        await using var pair = await StartAsync();
        await Milvus26TypesTests.CreateAsync(pair.Source);
        await BackupAsync(pair.Source);
        var manifest = await BackupFolder.ReadManifestAsync(Dump, CancellationToken.None);
        var p1 = manifest.Collections.Single(x => x.Collection.Spec.Name == "every26").Collection.Groups.Single(g => g.Partition == "p1");
        Assert.True(p1.Files.Count > 1);
        string damaged = BackupFolder.PathOf(Dump, p1.Files[1]);
        var good = await File.ReadAllBytesAsync(damaged);
        var bad = (byte[])good.Clone();
        bad[^2] ^= 0xFF;   // the footer magic: same size, so the restore's own check passes and the server finds it
        await File.WriteAllBytesAsync(damaged, bad);

        var store = new InMemoryCheckpointStore();   // what a cmdlet keeps on disk between runs
        var failed = await RestoreJob.RunAsync(Bulk(pair.Destination, Dump) with { Collections = ["every26"], Transfer = new TransferOptions { Checkpoints = store } }, JobHost.Silent, CancellationToken.None);
        var result = failed.Single(r => r.Status == TransferStatus.Failed);
        Assert.Equal("p1", result.Partition);
        var error = Assert.IsType<MilvusDMException>(result.Error);
        Assert.Equal("MilvusImportFailed", error.ErrorId);
        Assert.Contains($"'{StoragePath}/{p1.Files[1].Path}'", error.Message);
        Assert.Contains("new parquet reader failed", error.Message);
        Assert.Equal(p1.Files[0].Rows, result.Rows);
        var dst = pair.Destination.WithDatabase("lab");
        Assert.Equal(p1.Files[0].Rows, await dst.GetPartitionRowCountAsync("every26", "p1"));   // the failed file's job left nothing
        Assert.DoesNotContain(failed, r => r.Partition == "p2");

        // Without -Resume the partition holds rows a new run would double; with it the run goes on after file 1.
        await File.WriteAllBytesAsync(damaged, good);
        var resumed = await RestoreJob.RunAsync(Bulk(pair.Destination, Dump) with { Collections = ["every26"], Transfer = new TransferOptions { Resume = true, Checkpoints = store } },
            JobHost.Silent, CancellationToken.None);
        AllSucceeded(resumed);
        Assert.All(resumed, r => Assert.True(r.Verified, r.Verification));
        Assert.Contains(resumed.Single(r => r.Partition == "p1").Notes, n => n.Contains($"first 1 of {p1.Files.Count} file(s)", StringComparison.Ordinal));
        Assert.Equal(p1.Rows - p1.Files[0].Rows, resumed.Single(r => r.Partition == "p1").Rows);
        await Milvus26TypesTests.AssertSameAsync(pair.Source.WithDatabase("lab"), "every26", dst, "every26");

        // Resumed again, every group is known to be done: nothing is imported twice.
        var again = await RestoreJob.RunAsync(Bulk(pair.Destination, Dump) with { Collections = ["every26"], Transfer = new TransferOptions { Resume = true, Checkpoints = store } },
            JobHost.Silent, CancellationToken.None);
        Assert.All(again, r => Assert.Equal(TransferStatus.Skipped, r.Status));
        Assert.Equal(240, await dst.GetCollectionRowCountAsync("every26"));

        // Only what the partition gained since the restore began counts as imported files: rows it held before do not;
        // rows someone else added meanwhile are no prefix of the files, and the resume is refused.
        var rename = new Dictionary<string, string> { ["every26"] = "every26_b" };
        await File.WriteAllBytesAsync(damaged, bad);
        var cut = await RestoreJob.RunAsync(Bulk(pair.Destination, Dump) with { Collections = ["every26"], Rename = rename, Transfer = new TransferOptions { Checkpoints = store } },
            JobHost.Silent, CancellationToken.None);
        Assert.Contains(cut, r => r.Status == TransferStatus.Failed && r.Partition == "p1");
        await File.WriteAllBytesAsync(damaged, good);
        await dst.InsertAsync("every26_b", Milvus26TypesTests.Data(1, firstId: 10_000), "p1");
        await dst.FlushAndWaitAsync("every26_b");   // the statistics count flushed rows
        var partial = await RestoreJob.RunAsync(Bulk(pair.Destination, Dump) with { Collections = ["every26"], Rename = rename, Transfer = new TransferOptions { Resume = true, Checkpoints = store } },
            JobHost.Silent, CancellationToken.None);
        var refused = Assert.IsType<MilvusDMException>(partial.Single(r => r.Status == TransferStatus.Failed).Error);
        Assert.Equal("RestoreBulkImportPartial", refused.ErrorId);
    }

    [Fact]
    public async Task AResumeWaitsForNoImportThatIsStillRunning()
    {
        await using var pair = await ServerPair.StartAsync(new TestServerOptions { StorageRoot = _root, FlushMinInterval = TimeSpan.Zero, ImportStageDelay = TimeSpan.FromMilliseconds(400) });
        await pair.Source.CreateCollectionAsync(Schemas.Simple("small"));
        await pair.Source.InsertAsync("small", Schemas.SimpleBatch(0, 10));
        await pair.Source.CreateIndexAsync("small", Schemas.Flat());
        await BackupAsync(pair.Source);
        var file = (await BackupFolder.ReadManifestAsync(Dump, CancellationToken.None)).Collections.Single().Collection.Groups.Single().Files.Single();
        // A restore cut before its job finished (here: the job failed on a damaged file), then an import still running.
        string path = BackupFolder.PathOf(Dump, file);
        var good = await File.ReadAllBytesAsync(path);
        var bad = (byte[])good.Clone();
        bad[^2] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bad);
        var store = new InMemoryCheckpointStore();
        await pair.Destination.CreateCollectionAsync(Schemas.Simple("small"));   // appended into, so the failure keeps it
        await pair.Destination.CreateIndexAsync("small", Schemas.Flat());
        var cut = await RestoreJob.RunAsync(Bulk(pair.Destination, Dump) with { Transfer = new TransferOptions { Checkpoints = store } }, JobHost.Silent, CancellationToken.None);
        Assert.Equal(TransferStatus.Failed, Assert.Single(cut).Status);
        await File.WriteAllBytesAsync(path, good);
        await pair.Destination.ImportAsync("small", null, [BulkImportRestore.StoragePathOf(StoragePath, file)]);   // still running

        var running = await RestoreJob.RunAsync(Bulk(pair.Destination, Dump) with { Transfer = new TransferOptions { Resume = true, Checkpoints = store } }, JobHost.Silent, CancellationToken.None);
        Assert.Equal("RestoreImportRunning", Assert.IsType<MilvusDMException>(Assert.Single(running).Error).ErrorId);
    }

    [Fact]
    public async Task ABulkImportRestoreWithoutAStoragePathOrWithUpsertIsRefusedBeforeAnythingIsCreated()
    {
        await using var pair = await StartAsync();
        await pair.Source.CreateCollectionAsync(Schemas.Simple("small"));
        await pair.Source.InsertAsync("small", Schemas.SimpleBatch(0, 10));
        await pair.Source.CreateIndexAsync("small", Schemas.Flat());
        await BackupAsync(pair.Source);
        async Task<string> IdOf(RestoreOptions o) =>
            (await Assert.ThrowsAsync<MilvusDMException>(() => RestoreJob.RunAsync(o, JobHost.Silent, CancellationToken.None))).ErrorId;
        Assert.Equal("RestoreStoragePathMissing", await IdOf(Bulk(pair.Destination, Dump) with { StoragePath = " " }));
        Assert.Equal("RestoreBulkImportUpsert", await IdOf(Bulk(pair.Destination, Dump) with { Mode = WriteMode.Upsert }));
        Assert.Equal("RestoreStoragePathWithoutBulkImport", await IdOf(Bulk(pair.Destination, Dump) with { BulkImport = false }));
        Assert.Empty(await pair.Destination.ListCollectionsAsync());

        // A storage path where the server has no such files: the first job fails, and the collection it made goes.
        var wrong = await RestoreJob.RunAsync(Bulk(pair.Destination, Dump) with { StoragePath = "elsewhere" }, JobHost.Silent, CancellationToken.None);
        Assert.Contains("key not found[key=elsewhere/default/small/_default/", Assert.Single(wrong).Error!.Message);
        Assert.Empty(await pair.Destination.ListCollectionsAsync());
    }

    [Fact]
    public async Task AppendingIntoALoadedCollectionRefreshesIt()
    {
        await using var pair = await StartAsync();
        await pair.Source.CreateCollectionAsync(Schemas.Simple("small"));
        await pair.Source.InsertAsync("small", Schemas.SimpleBatch(0, 10));
        await pair.Source.CreateIndexAsync("small", Schemas.Flat());
        await pair.Source.LoadCollectionAsync("small");
        await BackupAsync(pair.Source);
        // First into a new collection (loaded afterwards, no refresh), then appended into it while it is loaded (refresh).
        AllSucceeded(await RestoreJob.RunAsync(Bulk(pair.Destination, Dump), JobHost.Silent, CancellationToken.None));
        Assert.Equal(LoadState.Loaded, await pair.Destination.GetLoadStateAsync("small"));
        AllSucceeded(await RestoreJob.RunAsync(Bulk(pair.Destination, Dump) with { Verify = false }, JobHost.Silent, CancellationToken.None));
        Assert.Equal(20, await pair.Destination.CountAsync("small"));
    }
}
