using MilvusDM.Core.Backup;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Jobs;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Tests.Transfer;
using MilvusDM.Core.Transfer;
using MilvusDM.TestServer;

namespace MilvusDM.Core.Tests.Backup;

/// <summary>
/// Backup-Milvus / Restore-Milvus end to end on test servers: database "lab" holds every 2.6 type (partitions,
/// indexes, an alias) and a partition-key collection; "default" holds a small loaded collection.
/// </summary>
public sealed class BackupRestoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "milvusdm-backup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static async Task CreateSourceAsync(MilvusClient c)
    {
        await Milvus26TypesTests.CreateAsync(c);
        await c.CreateCollectionAsync(Schemas.Simple("small"));
        await c.InsertAsync("small", Schemas.SimpleBatch(0, 50));
        await c.CreateIndexAsync("small", Schemas.Flat());
        await c.LoadCollectionAsync("small");
        await c.WaitForLoadedAsync("small");
    }

    private static Task<IReadOnlyList<TransferResult>> BackupAsync(MilvusClient source, string folder, bool resume = false, long maxFileSize = 40_000) =>
        BackupJob.RunAsync(new BackupOptions { Source = source, Folder = folder, Resume = resume, MaxFileSize = maxFileSize, TargetRowGroupBytes = 8_000 }, JobHost.Silent, CancellationToken.None);

    private static void AllSucceeded(IReadOnlyList<TransferResult> results) =>
        Assert.All(results, r => Assert.True(r.Status is TransferStatus.Succeeded or TransferStatus.Skipped, $"{r.Source} {r.Partition}: {r.Status} {r.Error}"));

    [Fact]
    public async Task EverythingIsBackedUpAndRestoredOnAnotherServerEqual()
    {
        await using var pair = await ServerPair.StartAsync();
        await CreateSourceAsync(pair.Source);
        AllSucceeded(await BackupAsync(pair.Source, _dir));

        var manifest = await BackupFolder.ReadManifestAsync(_dir, CancellationToken.None);
        Assert.Equal(["default", "lab"], manifest.Databases.Select(d => d.Name).Order());
        var every = manifest.Collections.Single(x => x.Collection.Spec.Name == "every26").Collection;
        Assert.Equal(["_default", "p1", "p2"], every.Groups.Select(g => g.Partition));
        Assert.Equal([80L, 80L, 80L], every.Groups.Select(g => g.Rows));
        Assert.True(every.Groups[1].Files.Count > 1, "a small file limit cuts a partition into several files");
        // Its three partitions were read at the same time under one load, released again: the backup leaves it as it was.
        Assert.Equal(LoadState.NotLoad, every.LoadState);
        Assert.Equal(LoadState.NotLoad, await pair.Source.WithDatabase("lab").GetLoadStateAsync("every26"));
        Assert.Contains("every26_now", every.Spec.Aliases);
        Assert.Equal(LoadState.Loaded, manifest.Collections.Single(x => x.Collection.Spec.Name == "small").Collection.LoadState);
        Assert.Null(manifest.Collections.Single(x => x.Collection.Spec.Name == "tenants").Collection.Groups.Single().Partition);
        Assert.All(await BackupCheck.RunAsync(_dir, null, CancellationToken.None), c => Assert.True(c.Ok, c.Error?.Message));

        var restored = await RestoreJob.RunAsync(new RestoreOptions { Destination = pair.Destination, Folder = _dir, IncludeAliases = true, Verify = true }, JobHost.Silent, CancellationToken.None);
        AllSucceeded(restored);
        Assert.All(restored, r => Assert.True(r.Verified, r.Verification));
        var (src, dst) = (pair.Source.WithDatabase("lab"), pair.Destination.WithDatabase("lab"));
        await Milvus26TypesTests.AssertSameAsync(src, "every26", dst, "every26");
        await Milvus26TypesTests.AssertSameAsync(src, "tenants", dst, "tenants");
        Assert.True((await CollectionComparison.CompareAsync(pair.Source, "small", pair.Destination, "small")).Equal);
        Assert.Equal("every26", await dst.DescribeAliasAsync("every26_now"));
        Assert.Equal(LoadState.Loaded, await pair.Destination.GetLoadStateAsync("small"));
    }

    [Fact]
    public async Task OnePartitionIsRestoredAloneAndRenameRestoresIntoTheSameServer()
    {
        await using var pair = await ServerPair.StartAsync();
        await CreateSourceAsync(pair.Source);
        AllSucceeded(await BackupAsync(pair.Source, _dir));

        // Named partitions: collections without one are left out, the rest keep only theirs.
        string p1Only = Path.Combine(_dir, "p1only");
        AllSucceeded(await BackupJob.RunAsync(new BackupOptions { Source = pair.Source, Folder = p1Only, Partitions = ["p1"] }, JobHost.Silent, CancellationToken.None));
        var only = Assert.Single((await BackupFolder.ReadManifestAsync(p1Only, CancellationToken.None)).Collections);
        Assert.Equal(("every26", "p1"), (only.Collection.Spec.Name, Assert.Single(only.Collection.Groups).Partition));

        var one = await RestoreJob.RunAsync(new RestoreOptions { Destination = pair.Destination, Folder = _dir, Collections = ["every26"], Partitions = ["p1"] }, JobHost.Silent, CancellationToken.None);
        Assert.Equal("p1", Assert.Single(one).Partition);
        var dst = pair.Destination.WithDatabase("lab");
        Assert.Equal(["_default", "p1"], await dst.ListPartitionsAsync("every26"));
        await dst.LoadCollectionAsync("every26");
        Assert.Equal(80, await dst.CountAsync("every26"));
        Assert.Equal(80, await dst.CountAsync("every26", partitions: ["p1"]));
        Assert.False(await dst.HasCollectionAsync("tenants"));
        // -Verify is no formality: the same partition appended again holds twice the rows the backup records.
        var twice = await RestoreJob.RunAsync(new RestoreOptions { Destination = pair.Destination, Folder = _dir, Collections = ["every26"], Partitions = ["p1"], Verify = true }, JobHost.Silent, CancellationToken.None);
        Assert.False(Assert.Single(twice).Verified);
        Assert.Contains("160 rows", twice[0].Verification);

        var renamed = await RestoreJob.RunAsync(new RestoreOptions
        {
            Destination = pair.Source, Folder = _dir, Databases = ["lab"], Collections = ["every26"], Rename = new Dictionary<string, string> { ["every26"] = "every26_back" }, Verify = true,
        }, JobHost.Silent, CancellationToken.None);
        Assert.All(renamed, r => Assert.True(r.Verified, r.Verification));
        var lab = pair.Source.WithDatabase("lab");
        Assert.True((await CollectionComparison.CompareAsync(lab, "every26", lab, "every26_back")).Equal);
    }

    [Fact]
    public async Task AResumedBackupEqualsAnUncutOne()
    {
        await using var pair = await ServerPair.StartAsync();
        await CreateSourceAsync(pair.Source);
        string uncut = Path.Combine(_dir, "uncut"), cut = Path.Combine(_dir, "cut");
        AllSucceeded(await BackupAsync(pair.Source, uncut));
        AllSucceeded(await BackupAsync(pair.Source, cut));

        // The cut: no manifest; p1 lost its last file (not yet journaled), p2 never started.
        var manifest = await BackupFolder.ReadManifestAsync(cut, CancellationToken.None);
        var groups = manifest.Collections.SelectMany(x => x.Collection.Groups).ToList();
        var journal = new BackupJournal();
        foreach (var g in groups) journal.Groups[g.Folder] = new JournalGroup { Done = true, Files = [.. g.Files] };
        var p1 = journal.Groups["lab/every26/p1"];
        p1.Done = false;
        p1.Files.RemoveAt(p1.Files.Count - 1);
        journal.Groups.TryRemove("lab/every26/p2", out _);
        Directory.Delete(Path.Combine(cut, "lab", "every26", "p2"), recursive: true);
        await journal.SaveAsync(cut, CancellationToken.None);
        File.Delete(Path.Combine(cut, BackupManifest.FileName));

        var error = await Assert.ThrowsAsync<MilvusDMException>(() => BackupAsync(pair.Source, cut));
        Assert.Equal("BackupUnfinished", error.ErrorId);
        var resumed = await BackupAsync(pair.Source, cut, resume: true);
        AllSucceeded(resumed);
        Assert.Contains(resumed, r => r.Partition == "p1" && r.Notes.Any(n => n.Contains("Resumed")));
        Assert.Contains(resumed, r => r.Partition == "_default" && r.Status == TransferStatus.Skipped);

        var a = (await BackupFolder.ReadManifestAsync(uncut, CancellationToken.None)).Collections.SelectMany(x => x.Collection.Groups).ToList();
        var b = (await BackupFolder.ReadManifestAsync(cut, CancellationToken.None)).Collections.SelectMany(x => x.Collection.Groups).ToList();
        Assert.Equal(a.Select(g => (g.Folder, g.Rows, g.RowDigest)), b.Select(g => (g.Folder, g.Rows, g.RowDigest)));
        // A group written again from its start is the same bytes; the rest of p1 holds the same rows.
        foreach (var folder in new[] { "lab/every26/p2", "lab/every26/_default" })
            Assert.Equal(a.Single(g => g.Folder == folder).Files.Select(f => f.Sha256), b.Single(g => g.Folder == folder).Files.Select(f => f.Sha256));
        Assert.All(await BackupCheck.RunAsync(cut, null, CancellationToken.None), c => Assert.True(c.Ok, c.Error?.Message));
        Assert.False(File.Exists(Path.Combine(cut, BackupJournal.FileName)));
    }

    [Fact]
    public async Task TestBackupFindsAFlippedByteAndAMissingFile()
    {
        await using var pair = await ServerPair.StartAsync();
        await CreateSourceAsync(pair.Source);
        AllSucceeded(await BackupAsync(pair.Source, _dir));
        var files = (await BackupFolder.ReadManifestAsync(_dir, CancellationToken.None)).Collections.SelectMany(x => x.Collection.Groups.SelectMany(g => g.Files)).ToList();
        string flipped = BackupFolder.PathOf(_dir, files[0]), missing = BackupFolder.PathOf(_dir, files[1]);
        var bytes = await File.ReadAllBytesAsync(flipped);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(flipped, bytes);
        File.Delete(missing);

        var checks = await BackupCheck.RunAsync(_dir, null, CancellationToken.None);
        Assert.Equal(files.Count, checks.Count);
        Assert.Equal(["BackupFileDamaged", "BackupFileMissing"], checks.Where(c => !c.Ok).Select(c => c.Error!.ErrorId));
        Assert.Equal(files.Count - 2, checks.Count(c => c.Ok));

        // A manifest whose schema no longer matches its files (edited by hand) is found too.
        string small = Path.Combine(_dir, "small-only");
        AllSucceeded(await BackupJob.RunAsync(new BackupOptions { Source = pair.Source, Folder = small, Collections = ["small"] }, JobHost.Silent, CancellationToken.None));
        Assert.All(await BackupCheck.RunAsync(small, null, CancellationToken.None), c => Assert.True(c.Ok, c.Error?.Message));
        string manifestPath = Path.Combine(small, BackupManifest.FileName);
        await File.WriteAllTextAsync(manifestPath, (await File.ReadAllTextAsync(manifestPath)).Replace("\"FloatVector\"", "\"BinaryVector\""));
        var edited = Assert.Single(await BackupCheck.RunAsync(small, null, CancellationToken.None));
        Assert.Equal("BackupFileDamaged", edited.Error?.ErrorId);
        Assert.Contains("its columns are", edited.Error!.Message);

        // A restore refuses before it creates anything.
        var error = await Assert.ThrowsAsync<MilvusDMException>(() => RestoreJob.RunAsync(new RestoreOptions { Destination = pair.Destination, Folder = _dir }, JobHost.Silent, CancellationToken.None));
        Assert.Equal("BackupFileMissing", error.ErrorId);
        Assert.Equal(["default"], await pair.Destination.ListDatabasesAsync());
    }

    [Fact]
    public async Task ADumpFromANewerMilvusIsRefusedByAnOlderOneBeforeAnythingIsCreated()
    {
        await using var pair = await ServerPair.StartAsync();
        await CreateSourceAsync(pair.Source);
        AllSucceeded(await BackupAsync(pair.Source, _dir));
        // proxy.maxVectorFieldNum raised to 10 (the default from 2.6.18 on): every26 keeps more than 4 vector fields.
        await using var old = await TestServers.StartAsync(new TestServerOptions { Version = "v2.6.3", MaxVectorFields = 10, FlushMinInterval = TimeSpan.Zero });
        using var client = TestServers.Client(old);

        // every26 holds Timestamptz (2.6.6), Geometry and a struct array (2.6.4), and a nullable vector (2.6.18).
        var error = await Assert.ThrowsAsync<MilvusDMException>(() => RestoreJob.RunAsync(new RestoreOptions { Destination = client, Folder = _dir }, JobHost.Silent, CancellationToken.None));
        Assert.Equal(("TargetServerTooOld", MilvusDMErrorKind.Unsupported), (error.ErrorId, error.Kind));
        foreach (var named in new[] { "'every26'", "'at' is a Timestamptz (Milvus 2.6.6 or later)", "'place' is a Geometry (Milvus 2.6.4", "'chunks' is an array of structs", "'nv' is nullable (Milvus 2.6.18" })
            Assert.Contains(named, error.Message);
        Assert.Contains("Milvus 2.6.18 or later", error.Remedy);
        Assert.Equal(["default"], await client.ListDatabasesAsync());   // not even the database was created
        Assert.Empty(await client.ListCollectionsAsync());

        // What it can hold is restored; a copy of the newer collection is refused the same way.
        AllSucceeded(await RestoreJob.RunAsync(new RestoreOptions { Destination = client, Folder = _dir, Collections = ["small"], Verify = true }, JobHost.Silent, CancellationToken.None));
        var copy = await Assert.ThrowsAsync<MilvusDMException>(() => CopyTarget.PrepareAsync(client.WithDatabase("lab"), Milvus26TypesTests.Spec("every26"), WriteMode.Append, false, [], CancellationToken.None));
        Assert.Equal("TargetServerTooOld", copy.ErrorId);
        Assert.Equal(["default"], await client.ListDatabasesAsync());

        // Asked to, the restore leaves those fields (and their indexes) out, says so, and proves the counts.
        var dropped = await RestoreJob.RunAsync(new RestoreOptions { Destination = client, Folder = _dir, Databases = ["lab"], DropUnsupported = true, Verify = true }, JobHost.Silent, CancellationToken.None);
        AllSucceeded(dropped);
        Assert.All(dropped, r => Assert.True(r.Verified, r.Verification));
        var notes = dropped.Where(r => r.Source == "lab/every26").SelectMany(r => r.Notes).ToList();
        foreach (var field in new[] { "'at'", "'place'", "'chunks'", "'nv'" })
            Assert.Contains(notes, n => n.StartsWith("Left out", StringComparison.Ordinal) && n.Contains(field));
        var held = await client.WithDatabase("lab").DescribeCollectionFullAsync("every26");
        Assert.DoesNotContain(held.Fields, f => f.Name is "at" or "place" or "chunks" or "nv");
        Assert.DoesNotContain(held.Indexes, i => i.FieldName is "nv" or "chunks[emb]");
        Assert.Contains(held.Fields, f => f.Name == "fv");
        Assert.Equal(240, await client.WithDatabase("lab").GetCollectionRowCountAsync("every26"));
        Assert.Contains("fields were left out", dropped.First(r => r.Source == "lab/every26").Verification);

        // A collection whose only vector field would be left out is refused before anything is created.
        var onlyNullable = Schemas.Simple("nullvec") with { Fields = [Schemas.Simple("x").Fields[0], Schemas.Simple("x").Fields[1] with { IsNullable = true }] };
        await pair.Source.CreateCollectionAsync(onlyNullable);
        await pair.Source.InsertAsync("nullvec", Schemas.SimpleBatch(0, 5));
        await pair.Source.CreateIndexAsync("nullvec", Schemas.Flat());
        string nullvec = Path.Combine(_dir, "nullvec");
        AllSucceeded(await BackupJob.RunAsync(new BackupOptions { Source = pair.Source, Folder = nullvec, Collections = ["nullvec"] }, JobHost.Silent, CancellationToken.None));
        var noVector = await Assert.ThrowsAsync<MilvusDMException>(() => RestoreJob.RunAsync(new RestoreOptions { Destination = client, Folder = nullvec, DropUnsupported = true }, JobHost.Silent, CancellationToken.None));
        Assert.Equal("RestoreNoVectorLeft", noVector.ErrorId);
        Assert.False(await client.HasCollectionAsync("nullvec"));
    }

    [Fact]
    public async Task ACancelledBackupReturnsItsPartitionsResultsAndWritesNoManifest()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        await CreateSourceAsync(client);
        server.Faults.ResponseDelay = TimeSpan.FromMilliseconds(60);   // a slow server: the cancel lands while partitions are written
        using var cts = new CancellationTokenSource();
        var running = BackupJob.RunAsync(new BackupOptions { Source = client, Folder = _dir, Databases = ["lab"], Collections = ["every26"], MaxFileSize = 40_000, TargetRowGroupBytes = 8_000 },
            JobHost.Silent, cts.Token);
        while (!running.IsCompleted && (!Directory.Exists(_dir) || !Directory.EnumerateFiles(_dir, "part-*", SearchOption.AllDirectories).Any())) await Task.Delay(5);
        cts.Cancel();
        var results = await running;
        Assert.Contains(results, r => r.Status == TransferStatus.Cancelled);
        Assert.False(File.Exists(Path.Combine(_dir, BackupManifest.FileName)));
        server.Faults.ResponseDelay = TimeSpan.Zero;
        AllSucceeded(await BackupAsync(client, _dir, resume: true));   // and it resumes
    }

    [Fact]
    public async Task FoldersWithoutAManifestAndFinishedBackupsAreRefused()
    {
        await using var pair = await ServerPair.StartAsync();
        await pair.Source.CreateCollectionAsync(Schemas.Simple("small"));
        await pair.Source.CreateIndexAsync("small", Schemas.Flat());
        var missing = await Assert.ThrowsAsync<MilvusDMException>(() => BackupFolder.ReadManifestAsync(_dir, CancellationToken.None));
        Assert.Equal("BackupManifestMissing", missing.ErrorId);
        AllSucceeded(await BackupAsync(pair.Source, _dir));
        var exists = await Assert.ThrowsAsync<MilvusDMException>(() => BackupAsync(pair.Source, _dir));
        Assert.Equal("BackupExists", exists.ErrorId);
        var none = await Assert.ThrowsAsync<MilvusDMException>(() => BackupJob.RunAsync(new BackupOptions { Source = pair.Source, Folder = _dir + "x", Collections = ["nope*"] }, JobHost.Silent, CancellationToken.None));
        Assert.Equal("BackupNothingSelected", none.ErrorId);
        Assert.False(Directory.Exists(_dir + "x"));
    }
}
