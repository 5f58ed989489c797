using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>What a key-by-key check of an import found.</summary>
public sealed record KeyVerification(long SourceRows, long Matched, long Missing, long Different, long Duplicated,
    IReadOnlyList<object> MissingKeys, IReadOnlyList<object> DifferentKeys, IReadOnlyList<object> DuplicatedKeys)
{
    /// <summary>How long the check took (the import's own Elapsed does not include it).</summary>
    public TimeSpan Elapsed { get; init; }

    public bool Equal => Missing == 0 && Different == 0 && Duplicated == 0 && Matched == SourceRows;

    public string Describe(string target) =>
        $"{SourceRows} source rows checked against '{target}': {Missing} missing (e.g. {KeySample.Of(MissingKeys)}), {Different} different (e.g. {KeySample.Of(DifferentKeys)}), " +
        $"{Duplicated} present more than once (e.g. {KeySample.Of(DuplicatedKeys)}).";
}

/// <summary>The first few keys of a verification report, for messages.</summary>
internal static class KeySample
{
    public static string Of(IReadOnlyList<object> keys) => keys.Count == 0 ? "none" : string.Join(", ", keys.Take(5));
}

/// <summary>
/// Proves a file import (-Verify on Import-*). First the fast proof: the source read once and the target's partition
/// scanned once in key order, both summed into order-independent digests of <see cref="RowHasher"/> row hashes, with
/// count(*) equal to the source's rows. When that fails (a difference, or a partition holding other rows too: several
/// files, -Mode Append), every batch's keys are looked up (<c>pk in [...]</c>) to name the missing and different rows.
/// Memory stays at a page either way.
/// </summary>
public static class ImportVerification
{
    /// <summary>Keys per lookup: far under Milvus's expression and result limits.</summary>
    public const int LookupRows = 1000;

    public static async Task<KeyVerification> VerifyAsync(IVectorSource source, MilvusClient client, string collection, string? partition,
        int reportLimit = 20, CancellationToken ct = default, IProgress<TransferProgress>? progress = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var check = await CheckAsync(source, client, collection, partition, reportLimit, new VerifyProgress(source, collection, clock, progress), ct).ConfigureAwait(false);
        return check with { Elapsed = clock.Elapsed };
    }

    private static async Task<KeyVerification> CheckAsync(IVectorSource source, MilvusClient client, string collection, string? partition,
        int reportLimit, VerifyProgress progress, CancellationToken ct)
    {
        var target = await client.DescribeCollectionAsync(collection, ct).ConfigureAwait(false);
        var pk = target.PrimaryField;
        if (pk.AutoId && target.Properties.GetValueOrDefault("allow_insert_auto_id") != "true")
            throw new MilvusDMException(MilvusDMErrorKind.InvalidOperation, "VerificationNotPossible",
                $"Collection '{collection}' assigns its own primary keys (auto-id): imported rows cannot be found by the file's ids.", "Import into a collection whose primary key is not auto-id to verify it.");
        await source.DescribeAsync(ct).ConfigureAwait(false);
        bool loadedByUs = false;
        if (await client.GetLoadStateAsync(collection, ct: ct).ConfigureAwait(false) != LoadState.Loaded)
        {
            await client.LoadCollectionAsync(collection, ct: ct).ConfigureAwait(false);
            await client.WaitForLoadedAsync(collection, ct: ct).ConfigureAwait(false);
            loadedByUs = true;
        }
        try
        {
            if (await SameDigestAsync(source, client, target, partition, progress, ct).ConfigureAwait(false) is { } rows)
                return new KeyVerification(rows, rows, 0, 0, 0, [], [], []);
            // Something differs (or the partition holds other rows too): look every key up to name what.
            var tally = new Tally(reportLimit);
            progress.Restart();
            await foreach (var batch in source.ReadAsync(null, LookupRows, ct).ConfigureAwait(false))
            {
                await CheckBatchAsync(client, target, partition, batch, tally, ct).ConfigureAwait(false);
                progress.Checked(batch.RowCount, batch.RowCount);
            }
            return tally.Result();
        }
        finally
        {
            if (loadedByUs) await client.ReleaseCollectionAsync(collection, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The fast proof: one pass over the source and one key-ordered scan of the target's partition, each summed into an
    /// order-independent digest of the row hashes; equal digests and count(*) equal to the source's rows (so no key is
    /// stored twice and nothing else is there) prove the import. Returns the row count when proven, else null.
    /// </summary>
    private static async Task<long?> SameDigestAsync(IVectorSource source, MilvusClient client, CollectionSpec target, string? partition,
        VerifyProgress progress, CancellationToken ct)
    {
        long sourceRows = 0;
        ulong sourceDigest = 0;
        string[]? fields = null;
        await foreach (var batch in source.ReadAsync(null, 10_000, ct).ConfigureAwait(false))
        {
            var mine = StoredColumns(target, batch);
            fields ??= mine.Select(c => c.Name).ToArray();
            for (int i = 0; i < batch.RowCount; i++) sourceDigest += RowHasher.Hash(mine, i);
            sourceRows += batch.RowCount;
            progress.Checked(batch.RowCount, 0);
        }
        if (fields is null) return null;
        string[]? scope = string.IsNullOrEmpty(partition) ? null : [partition];
        if (await client.CountAsync(target.Name, partitions: scope, ct: ct).ConfigureAwait(false) != sourceRows) return null;
        long targetRows = 0;
        ulong targetDigest = 0;
        var iterator = new MilvusQueryIterator(client, target.Name, new QueryIteratorOptions { Fields = fields, Partitions = scope ?? [] });
        await foreach (var page in iterator.ReadAsync(ct).ConfigureAwait(false))
        {
            var theirs = RowHasher.Ordered(page.Columns.Where(c => fields.Contains(c.Name)));
            for (int i = 0; i < page.RowCount; i++) targetDigest += RowHasher.Hash(theirs, i);
            targetRows += page.RowCount;
            progress.Checked(0, page.RowCount);
        }
        return targetRows == sourceRows && targetDigest == sourceDigest ? sourceRows : null;
    }

    /// <summary>The source columns the target stores: fields it has (function outputs are regenerated) and dynamic data when enabled.</summary>
    private static ColumnData[] StoredColumns(CollectionSpec target, VectorBatch batch) =>
        RowHasher.Ordered(batch.Columns.Where(c => c.IsDynamic ? target.EnableDynamicField : target.Field(c.Name) is { IsFunctionOutput: false }));

    private static async Task CheckBatchAsync(MilvusClient client, CollectionSpec target, string? partition, VectorBatch batch, Tally tally, CancellationToken ct)
    {
        var pk = target.PrimaryField.Name;
        var mine = StoredColumns(target, batch);
        var keys = batch[pk] ?? throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "VerificationNotPossible",
            $"The source has no column '{pk}' (the target's primary key).", "Verify against the collection the file was imported into.");
        var page = await client.QueryAsync(target.Name, new QueryOptions
        {
            Expression = ExpressionLiterals.InList(pk, Enumerable.Range(0, batch.RowCount).Select(i => keys.GetValue(i)!)),
            OutputFields = mine.Select(c => c.Name).ToArray(),
            Partitions = string.IsNullOrEmpty(partition) ? [] : [partition],
            Consistency = ConsistencyLevel.Strong,
        }, ct).ConfigureAwait(false);
        var found = new Dictionary<object, List<int>>();
        ColumnData[] theirs = [];
        if (page.Batch is { } rows && page.RowCount > 0)
        {
            theirs = RowHasher.Ordered(mine.Select(c => rows[c.Name] ?? throw new FormatException($"The query answer lacks column '{c.Name}'.")));
            var theirKeys = rows[pk]!;
            for (int j = 0; j < page.RowCount; j++)
                (found.TryGetValue(theirKeys.GetValue(j)!, out var list) ? list : found[theirKeys.GetValue(j)!] = []).Add(j);
        }
        for (int i = 0; i < batch.RowCount; i++)
        {
            var key = keys.GetValue(i)!;
            if (!found.TryGetValue(key, out var at)) tally.Add(ref tally.Missing, tally.MissingKeys, key);
            else if (at.Count > 1) tally.Add(ref tally.Duplicated, tally.DuplicatedKeys, key);
            else if (RowHasher.Hash(mine, i) != RowHasher.Hash(theirs, at[0])) tally.Add(ref tally.Different, tally.DifferentKeys, key);
            else tally.Matched++;
        }
        // A query returns each key once; count(*) counts what is stored, a key stored twice twice.
        long stored = found.Count == 0 ? 0 : await client.CountAsync(target.Name, ExpressionLiterals.InList(pk, found.Keys), string.IsNullOrEmpty(partition) ? null : [partition], ct).ConfigureAwait(false);
        if (stored > found.Count)
        {
            tally.Duplicated += stored - found.Count;
            tally.Matched -= Math.Min(tally.Matched, stored - found.Count);
        }
        tally.Rows += batch.RowCount;
    }

    /// <summary>
    /// Verification progress as a transfer's: RowsRead counts source rows read back, RowsWritten target rows checked,
    /// against the source's total; <see cref="TransferProgress.Verifying"/> tells hosts to show it as its own activity.
    /// </summary>
    private sealed class VerifyProgress(IVectorSource source, string collection, System.Diagnostics.Stopwatch clock, IProgress<TransferProgress>? sink)
    {
        private long _read, _checked;

        public void Restart() => _read = _checked = 0;

        public void Checked(long read, long checkedRows)
        {
            _read += read;
            _checked += checkedRows;
            sink?.Report(new TransferProgress(source.Description, collection, _read, _checked, 0, source.TotalRows, clock.Elapsed) { Verifying = true });
        }
    }

    private sealed class Tally(int limit)
    {
        public long Rows, Matched, Missing, Different, Duplicated;
        public readonly List<object> MissingKeys = [], DifferentKeys = [], DuplicatedKeys = [];

        public void Add(ref long counter, List<object> keys, object key)
        {
            counter++;
            if (keys.Count < limit) keys.Add(key);
        }

        public KeyVerification Result() => new(Rows, Matched, Missing, Different, Duplicated, MissingKeys, DifferentKeys, DuplicatedKeys);
    }
}
