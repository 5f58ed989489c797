using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>What a key-by-key check of an import found.</summary>
public sealed record KeyVerification(long SourceRows, long Matched, long Missing, long Different, long Duplicated,
    IReadOnlyList<object> MissingKeys, IReadOnlyList<object> DifferentKeys, IReadOnlyList<object> DuplicatedKeys)
{
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
/// Proves a file import (-Verify on Import-*): the source is read again and every batch's keys are looked up in
/// the target (<c>pk in [...]</c>, in the partition written), each row compared by <see cref="RowHasher"/> over the
/// source's columns. Files are not key-ordered, so a merge is impossible; lookups keep memory at one batch and
/// work when the collection holds other rows too (several files, -Mode Append).
/// </summary>
public static class ImportVerification
{
    /// <summary>Keys per lookup: far under Milvus's expression and result limits.</summary>
    public const int LookupRows = 1000;

    public static async Task<KeyVerification> VerifyAsync(IVectorSource source, MilvusClient client, string collection, string? partition,
        int reportLimit = 20, CancellationToken ct = default)
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
            var tally = new Tally(reportLimit);
            await foreach (var batch in source.ReadAsync(null, LookupRows, ct).ConfigureAwait(false))
                await CheckBatchAsync(client, target, partition, batch, tally, ct).ConfigureAwait(false);
            return tally.Result();
        }
        finally
        {
            if (loadedByUs) await client.ReleaseCollectionAsync(collection, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task CheckBatchAsync(MilvusClient client, CollectionSpec target, string? partition, VectorBatch batch, Tally tally, CancellationToken ct)
    {
        var pk = target.PrimaryField.Name;
        // Only what the target stores: fields it has (function outputs are regenerated) and dynamic data when enabled.
        var mine = RowHasher.Ordered(batch.Columns.Where(c => c.IsDynamic ? target.EnableDynamicField : target.Field(c.Name) is { IsFunctionOutput: false }));
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
        tally.Rows += batch.RowCount;
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
