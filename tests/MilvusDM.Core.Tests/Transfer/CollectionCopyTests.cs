using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;
using MilvusDM.Core.Tests.Milvus;
using MilvusDM.Core.Tests.Support;
using MilvusDM.Core.Tests.Transfer;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Transfer;

/// <summary>Milvus 2.x → 2.x: schema, partitions, indexes, properties and every value arrive on another server.</summary>
public sealed class CollectionCopyTests
{
    [Fact]
    public async Task EveryTypePartitionIndexAndPropertyIsCopied()
    {
        await using var pair = await ServerPair.StartAsync();
        var (src, dst) = (pair.Source, pair.Destination);
        var spec = AllTypesRoundTripTests.ScalarsAndDenseVectors("source_coll");
        await src.CreateCollectionAsync(spec);
        await src.CreatePartitionAsync("source_coll", "p1");
        var data = AllTypesRoundTripTests.ScalarsBatch(300);
        await src.InsertAsync("source_coll", data.Slice(0, 120));
        await src.InsertAsync("source_coll", data.Slice(120, 180), "p1");
        foreach (var v in new[] { "fv", "bv", "hv", "bfv" })
            await src.CreateIndexAsync("source_coll", new IndexSpec { FieldName = v, IndexType = v == "bv" ? "BIN_FLAT" : "HNSW", MetricType = v == "bv" ? "HAMMING" : "IP", Params = new Dictionary<string, string> { ["M"] = "8" } });

        var results = await CollectionCopy.RunAsync(src, dst, new CollectionCopyOptions { Name = "source_coll", DestinationName = "copy", Transfer = new TransferOptions { BatchRows = 50 } }, null, CancellationToken.None);
        Assert.Equal([TransferStatus.Succeeded, TransferStatus.Succeeded], results.Select(r => r.Status));
        Assert.Equal([120L, 180L], results.Select(r => r.Rows));
        Assert.Contains(results[0].Notes, n => n.Contains("Loaded source collection"));
        Assert.Equal(LoadState.NotLoad, await src.GetLoadStateAsync("source_coll"));   // released again
        Assert.Equal(LoadState.NotLoad, await dst.GetLoadStateAsync("copy"));         // the source was not loaded

        var copied = await dst.DescribeCollectionFullAsync("copy");
        Assert.Equal(spec.Fields.Select(f => (f.Name, f.DataType, f.Dimension, f.MaxLength, f.IsNullable, f.ElementType, f.MaxCapacity, f.DefaultValue)),
            copied.Fields.Select(f => (f.Name, f.DataType, f.Dimension, f.MaxLength, f.IsNullable, f.ElementType, f.MaxCapacity, f.DefaultValue)));
        Assert.Equal((true, ConsistencyLevel.Strong, "3600"), (copied.EnableDynamicField, copied.ConsistencyLevel, copied.Properties["collection.ttl.seconds"]));
        Assert.Equal(["_default", "p1"], copied.Partitions);
        Assert.Equal(4, copied.Indexes.Count);
        Assert.Equal(("HNSW", "IP", "8"), (copied.Indexes.Single(i => i.FieldName == "fv").IndexType, copied.Indexes.Single(i => i.FieldName == "fv").MetricType, copied.Indexes.Single(i => i.FieldName == "fv").Params["M"]));
        Assert.Equal(300, await dst.GetCollectionRowCountAsync("copy"));

        await dst.LoadCollectionAsync("copy");
        Assert.Equal(180, await dst.CountAsync("copy", partitions: ["p1"]));
        var pages = new List<VectorBatch>();
        await foreach (var p in new MilvusQueryIterator(dst, "copy").ReadAsync()) pages.Add(p);
        var back = AllTypesRoundTripTests.Concat(pages);
        foreach (var column in data.Columns)
            for (int i = 0; i < 300; i++)
            {
                object? expected = column.GetValue(i);
                if (column.Name == "i64" && expected is null) expected = 42L;
                AllTypesRoundTripTests.AssertValueEqual(expected, back[column.Name]!.GetValue(i), $"{column.Name}[{i}]");
            }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryTypeWithThreePartitionsIndexesAndAnAliasArrivesEqual(bool sparseAndInt8)
    {
        await using var pair = await ServerPair.StartAsync();
        var (src, dst) = (pair.Source, pair.Destination);
        await CollectionExportTests.CreateWithPartitionsAndIndexesAsync(src, "every", 301, sparseAndInt8);
        var results = await CollectionCopy.RunAsync(src, dst, new CollectionCopyOptions { Name = "every", IncludeAliases = true, Verify = true, Transfer = new TransferOptions { BatchRows = 64 } }, null, CancellationToken.None);
        Assert.Equal([("_default", 100L), ("p1", 100L), ("p2", 101L)], results.Select(r => (r.Partition!, r.Rows)));
        Assert.All(results, r => Assert.True(r.Verified));   // one whole-collection comparison, told once
        Assert.Equal([true, false, false], results.Select(r => r.Verification is not null));
        Assert.StartsWith("301 vs 301 rows, 0 missing", results[0].Verification);

        var (a, b) = (await src.DescribeCollectionFullAsync("every"), await dst.DescribeCollectionFullAsync("every"));
        Assert.Equal(a.Fields.Select(f => (f.Name, f.DataType, f.Dimension, f.MaxLength, f.IsNullable, f.ElementType, f.MaxCapacity, f.DefaultValue, f.IsPrimaryKey)),
            b.Fields.Select(f => (f.Name, f.DataType, f.Dimension, f.MaxLength, f.IsNullable, f.ElementType, f.MaxCapacity, f.DefaultValue, f.IsPrimaryKey)));
        Assert.Equal((a.EnableDynamicField, a.ConsistencyLevel), (b.EnableDynamicField, b.ConsistencyLevel));
        Assert.Equal(a.Partitions, b.Partitions);
        Assert.Equal(a.Indexes.Select(i => (i.FieldName, i.IndexType, i.MetricType, string.Join(",", i.Params.OrderBy(p => p.Key)))).Order(),
            b.Indexes.Select(i => (i.FieldName, i.IndexType, i.MetricType, string.Join(",", i.Params.OrderBy(p => p.Key)))).Order());
        Assert.Equal(["every_alias"], b.Aliases);
        var comparison = await CollectionComparison.CompareAsync(src, "every", dst, "every");
        Assert.True(comparison.Equal);
        Assert.Equal(comparison.SourceDigest, comparison.TargetDigest);
        foreach (var p in a.Partitions)
            Assert.True((await CollectionComparison.CompareAsync(src, "every", dst, "every", partition: p)).Equal, p);
    }

    [Fact]
    public async Task ADestinationDatabaseThatDoesNotExistIsCreated()
    {
        await using var pair = await ServerPair.StartAsync();
        await pair.Source.CreateCollectionAsync(Schemas.Simple("c"));
        await pair.Source.InsertAsync("c", Schemas.SimpleBatch(0, 10));
        await pair.Source.CreateIndexAsync("c", Schemas.Flat());
        using var archive = pair.Destination.WithDatabase("archive");
        var result = Assert.Single(await CollectionCopy.RunAsync(pair.Source, archive, new CollectionCopyOptions { Name = "c" }, null, CancellationToken.None));
        Assert.Equal(TransferStatus.Succeeded, result.Status);
        Assert.Contains("Created database 'archive'.", result.Notes);
        Assert.Contains("archive", await pair.Destination.ListDatabasesAsync());
        Assert.Equal(["c"], await archive.ListCollectionsAsync());
    }

    [Fact]
    public async Task ATargetThisCopyCreatedAndCouldNotFillIsDropped()
    {
        await using var pair = await ServerPair.StartAsync();
        await pair.Source.CreateCollectionAsync(Schemas.Simple("c"));
        await pair.Source.InsertAsync("c", Schemas.SimpleBatch(0, 10));
        await pair.Source.CreateIndexAsync("c", Schemas.Flat());
        using var dst = TestServers.Client(pair.DestinationServer, retry: new RetryPolicy(2, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10)));
        pair.DestinationServer.Faults.UnavailableAfterWrites = 0;   // every insert fails
        var result = Assert.Single(await CollectionCopy.RunAsync(pair.Source, dst, new CollectionCopyOptions { Name = "c", DestinationName = "never" }, null, CancellationToken.None));
        Assert.Equal(TransferStatus.Failed, result.Status);
        Assert.Contains(result.Notes, n => n.StartsWith("Dropped collection 'never', which this run had created", StringComparison.Ordinal));
        Assert.False(await dst.HasCollectionAsync("never"));

        // A collection that was there before the copy is kept, whatever happens to the copy.
        await dst.CreateCollectionAsync(Schemas.Simple("kept"));
        var into = Assert.Single(await CollectionCopy.RunAsync(pair.Source, dst, new CollectionCopyOptions { Name = "c", DestinationName = "kept" }, null, CancellationToken.None));
        Assert.Equal(TransferStatus.Failed, into.Status);
        Assert.True(await dst.HasCollectionAsync("kept"));
    }

    [Theory]
    [InlineData("9lives", null, "InvalidCollectionName")]
    [InlineData("good", "bad name!", "InvalidPartitionName")]
    public async Task NamesMilvusWouldRefuseFailBeforeAnythingIsCreated(string target, string? partition, string errorId)
    {
        await using var pair = await ServerPair.StartAsync();
        await pair.Source.CreateCollectionAsync(Schemas.Simple("c"));
        if (partition is not null) await pair.Source.CreatePartitionAsync("c", "p_ok");
        await pair.Source.InsertAsync("c", Schemas.SimpleBatch(0, 10));
        await pair.Source.CreateIndexAsync("c", Schemas.Flat());
        var sink = new MilvusCollectionSink(pair.Destination, new MilvusSinkOptions { CollectionName = target, PartitionName = partition });
        var result = await new TransferEngine(new TransferOptions()).RunAsync(new MilvusCollectionSource(pair.Source, "c"), sink);
        Assert.Equal(TransferStatus.Failed, result.Status);
        Assert.Equal(errorId, Assert.IsType<MilvusDMException>(result.Error).ErrorId);
        Assert.Empty(await pair.Destination.ListCollectionsAsync());
        var copy = await Assert.ThrowsAsync<MilvusDMException>(() => CollectionCopy.RunAsync(pair.Source, pair.Destination, new CollectionCopyOptions { Name = "c", DestinationName = "9lives" }, null, CancellationToken.None));
        Assert.Equal("InvalidCollectionName", copy.ErrorId);
        Assert.Empty(await pair.Destination.ListCollectionsAsync());
    }

    [Fact]
    public async Task AliasesComeAlongWhenAsked()
    {
        await using var pair = await ServerPair.StartAsync();
        var (src, dst) = (pair.Source, pair.Destination);
        await src.CreateCollectionAsync(Schemas.Simple("aliased"));
        await src.CreateIndexAsync("aliased", Schemas.Flat());
        await src.CreateAliasAsync("aliased", "current");
        await src.CreateAliasAsync("aliased", "taken");
        await dst.CreateCollectionAsync(Schemas.Simple("other"));
        await dst.CreateAliasAsync("other", "taken");
        var results = await CollectionCopy.RunAsync(src, dst, new CollectionCopyOptions { Name = "aliased", IncludeAliases = true }, null, CancellationToken.None);
        Assert.Equal("aliased", await dst.DescribeAliasAsync("current"));
        Assert.Equal("other", await dst.DescribeAliasAsync("taken"));
        Assert.Contains(results[^1].Notes, n => n.Contains("'taken' already exists"));
    }

    [Fact]
    public async Task A200kRowCopyWithConcurrentInsertsYieldsExactlyTheSnapshot()
    {
        await using var pair = await ServerPair.StartAsync();
        var (src, dst) = (pair.Source, pair.Destination);
        await src.CreateCollectionAsync(Schemas.Simple("big", dim: 4));
        for (int start = 0; start < 200_000; start += 20_000) await src.InsertAsync("big", Schemas.SimpleBatch(start, 20_000, dim: 4));
        await src.CreateIndexAsync("big", Schemas.Flat());
        await src.LoadCollectionAsync("big");
        int inserts = 0;
        var writer = Task.CompletedTask;
        var progress = new SyncProgress<TransferProgress>(p =>
        {
            // Rows land on the source while it is being read: below, between and above the keys already copied.
            if (p.RowsWritten > 0 && Interlocked.Increment(ref inserts) <= 3)
                writer = writer.ContinueWith(_ => src.InsertAsync("big", Schemas.SimpleBatch(-1000 * inserts, 10, dim: 4)).Wait());
        });
        var results = await CollectionCopy.RunAsync(src, dst, new CollectionCopyOptions { Name = "big", Transfer = new TransferOptions { BatchRows = 5000, ProgressInterval = TimeSpan.Zero } }, progress, CancellationToken.None);
        await writer;
        Assert.Equal(200_000, Assert.Single(results).Rows);
        Assert.Equal(200_030, await src.CountAsync("big"));
        await dst.LoadCollectionAsync("big");   // loaded like the source already; idempotent
        Assert.Equal(200_000, await dst.CountAsync("big"));
        Assert.Equal(0, await dst.CountAsync("big", "id < 0"));
    }

    [Fact]
    public async Task ModesAndAnUnloadableSource()
    {
        await using var pair = await ServerPair.StartAsync();
        var (src, dst) = (pair.Source, pair.Destination);
        await src.CreateCollectionAsync(Schemas.Simple("c"));
        await src.InsertAsync("c", Schemas.SimpleBatch(0, 100));
        var noIndex = await CollectionCopy.RunAsync(src, dst, new CollectionCopyOptions { Name = "c" }, null, CancellationToken.None);
        Assert.Equal("MilvusCollectionNotLoadable", Assert.IsType<MilvusDMException>(Assert.Single(noIndex).Error).ErrorId);

        await src.CreateIndexAsync("c", Schemas.Flat());
        await src.LoadCollectionAsync("c");
        Assert.Equal(TransferStatus.Succeeded, Assert.Single(await CollectionCopy.RunAsync(src, dst, new CollectionCopyOptions { Name = "c", Mode = WriteMode.Overwrite }, null, CancellationToken.None)).Status);
        Assert.Equal(LoadState.Loaded, await dst.GetLoadStateAsync("c"));   // loaded like the source
        Assert.Equal(LoadState.Loaded, await src.GetLoadStateAsync("c"));   // left as it was
        Assert.Equal(TransferStatus.Skipped, Assert.Single(await CollectionCopy.RunAsync(src, dst, new CollectionCopyOptions { Name = "c", Mode = WriteMode.Skip }, null, CancellationToken.None)).Status);
        Assert.Equal(100, await dst.CountAsync("c"));
    }
}

/// <summary>Row-by-row comparison names what differs.</summary>
public sealed class CollectionComparisonTests
{
    [Fact]
    public async Task EqualCopiesCompareEqualAndChangesAreNamed()
    {
        await using var pair = await ServerPair.StartAsync();
        var (src, dst) = (pair.Source, pair.Destination);
        await src.CreateCollectionAsync(AllTypesRoundTripTests.ScalarsAndDenseVectors("cmp"));
        await src.InsertAsync("cmp", AllTypesRoundTripTests.ScalarsBatch(200));
        foreach (var v in new[] { "fv", "bv", "hv", "bfv" })
            await src.CreateIndexAsync("cmp", new IndexSpec { FieldName = v, IndexType = v == "bv" ? "BIN_FLAT" : "FLAT", MetricType = v == "bv" ? "HAMMING" : "L2" });
        await CollectionCopy.RunAsync(src, dst, new CollectionCopyOptions { Name = "cmp" }, null, CancellationToken.None);

        var same = await CollectionComparison.CompareAsync(src, "cmp", dst, "cmp");
        Assert.True(same.Equal);
        Assert.Equal((200L, 200L), (same.SourceRows, same.TargetRows));
        Assert.Equal(same.SourceDigest, same.TargetDigest);

        await dst.LoadCollectionAsync("cmp");
        await dst.DeleteAsync("cmp", "pk in [-1000, -993]");                              // two rows go missing
        var changed = AllTypesRoundTripTests.ScalarsBatch(200).Slice(5, 1);            // pk 35-1000 = -965 gets another vector
        var f = (FloatVectorColumn)changed["fv"]!;
        f.Data[0] += 1;
        await dst.UpsertAsync("cmp", changed);
        var extra = AllTypesRoundTripTests.ScalarsBatch(201).Slice(200, 1);            // pk 400 is new
        await dst.InsertAsync("cmp", extra);

        var diff = await CollectionComparison.CompareAsync(src, "cmp", dst, "cmp");
        Assert.False(diff.Equal);
        Assert.Equal((2L, 1L, 1L), (diff.Missing, diff.Extra, diff.Different));
        Assert.Equal([-1000L, -993L], diff.MissingKeys);
        Assert.Equal([400L], diff.ExtraKeys);
        Assert.Equal([-965L], diff.DifferentKeys);
        Assert.NotEqual(diff.SourceDigest, diff.TargetDigest);
    }
}

/// <summary>Auto-id sources keep their keys where the target server allows it (Milvus 2.6.3+), else say the keys change.</summary>
public sealed class AutoIdCopyTests
{
    [Theory]
    [InlineData("v2.6.3", true)]
    [InlineData("v2.5.99-milvusdm-testserver", false)]
    public async Task AutoIdKeysAreKeptWhenTheTargetAllowsIt(string targetVersion, bool kept)
    {
        await using var a = await TestServers.StartAsync();
        await using var b = await TestServers.StartAsync(new MilvusDM.TestServer.TestServerOptions { FlushMinInterval = TimeSpan.Zero, Version = targetVersion });
        using var src = TestServers.Client(a);
        using var dst = TestServers.Client(b);
        var rows = new VectorBatch(Schemas.SimpleBatch(0, 50).Columns.Where(c => c.Name != "id").ToArray());
        await src.CreateCollectionAsync(Schemas.Simple("shift", autoId: true));   // both servers allocate ids alike: move the source's on
        await src.InsertAsync("shift", rows);
        await src.CreateCollectionAsync(Schemas.Simple("auto", autoId: true));
        await src.InsertAsync("auto", rows);
        await src.CreateIndexAsync("auto", Schemas.Flat());

        var result = Assert.Single(await CollectionCopy.RunAsync(src, dst, new CollectionCopyOptions { Name = "auto" }, null, CancellationToken.None));
        Assert.Equal((TransferStatus.Succeeded, 50L), (result.Status, result.Rows));
        Assert.Contains(result.Notes, n => kept ? n.Contains("allow_insert_auto_id") : n.Contains("new primary keys"));
        var comparison = await CollectionComparison.CompareAsync(src, "auto", dst, "auto");
        Assert.Equal(kept, comparison.Equal);
        Assert.Equal(kept ? 0 : 50, comparison.Missing);
    }
}

/// <summary>A copy never writes onto its own source: same server, database and collection, also through an alias or a second connection.</summary>
public sealed class CopyOntoItselfTests
{
    [Theory]
    [InlineData(WriteMode.Append, "docs")]
    [InlineData(WriteMode.Overwrite, "docs")]
    [InlineData(WriteMode.Upsert, "docs_alias")]
    [InlineData(WriteMode.Overwrite, "docs_alias")]
    public async Task TheSourceIsNeverTouched(WriteMode mode, string destinationName)
    {
        await using var server = await TestServers.StartAsync();
        using var a = TestServers.Client(server);
        using var b = TestServers.Client(server);   // a second connection to the same server
        await a.CreateCollectionAsync(Schemas.Simple("docs"));
        await a.InsertAsync("docs", Schemas.SimpleBatch(0, 500));
        await a.CreateIndexAsync("docs", Schemas.Flat());
        await a.CreateAliasAsync("docs", "docs_alias");

        var e = await Assert.ThrowsAsync<Errors.MilvusDMException>(() => CollectionCopy.RunAsync(a, b,
            new CollectionCopyOptions { Name = "docs", DestinationName = destinationName, Mode = mode }, null, CancellationToken.None));
        Assert.Equal(("CopyOntoItself", Errors.MilvusDMErrorKind.InvalidArgument), (e.ErrorId, e.Kind));
        Assert.Contains("Nothing was changed", e.Message);
        Assert.NotNull(e.RecommendedAction);
        await a.LoadCollectionAsync("docs");
        Assert.Equal(500, await a.CountAsync("docs"));

        // Another name or another database on the same server is a copy like any other.
        var other = await CollectionCopy.RunAsync(a, b.WithDatabase("other"), new CollectionCopyOptions { Name = "docs", Mode = mode }, null, CancellationToken.None);
        Assert.Equal(500L, Assert.Single(other).Rows);
    }
}

/// <summary>Verification counts what is stored: a key inserted twice is a duplicate, and a copy holding one is not equal.</summary>
public sealed class DuplicateAwareComparisonTests
{
    [Fact]
    public async Task DuplicatesInTheTargetAreCountedAndFailTheComparison()
    {
        await using var pair = await ServerPair.StartAsync();
        var (src, dst) = (pair.Source, pair.Destination);
        foreach (var c in new[] { src, dst })
        {
            await c.CreateCollectionAsync(Schemas.Simple("dup"));
            await c.InsertAsync("dup", Schemas.SimpleBatch(0, 1000));
            await c.CreateIndexAsync("dup", Schemas.Flat());
        }
        Assert.True((await CollectionComparison.CompareAsync(src, "dup", dst, "dup")).Equal);

        await dst.InsertAsync("dup", Schemas.SimpleBatch(100, 40));   // 40 keys stored a second time, same values
        var c2 = await CollectionComparison.CompareAsync(src, "dup", dst, "dup");
        Assert.False(c2.Equal);
        Assert.Equal((1000L, 1000L, 1040L, 40L, 0L, 0L, 0L), (c2.SourceRows, c2.TargetRows, c2.TargetEntities, c2.TargetDuplicates, c2.Missing, c2.Extra, c2.Different));
        Assert.Contains("40 duplicate(s) in the target", c2.Describe());

        // Reversed, the duplicates are the source's: told, and a query-faithful copy is still equal.
        var c3 = await CollectionComparison.CompareAsync(dst, "dup", src, "dup");
        Assert.True(c3.Equal);
        Assert.Equal(40L, c3.SourceDuplicates);
        Assert.Contains("40 in the source", c3.Describe());
    }
}
