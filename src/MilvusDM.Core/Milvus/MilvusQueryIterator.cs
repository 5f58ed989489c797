using System.Globalization;
using System.Runtime.CompilerServices;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Milvus;

/// <summary>What to read from a collection with <see cref="MilvusQueryIterator"/>.</summary>
public sealed record QueryIteratorOptions
{
    /// <summary>Fields to return (the primary key is always added); null: every field but function outputs, plus $meta.</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    public IReadOnlyList<string> Partitions { get; init; } = [];

    /// <summary>Optional filter expression.</summary>
    public string Filter { get; init; } = "";

    /// <summary>The largest limit asked per page (1–16384); 0 picks one from the row width and the number of loaded segments.</summary>
    public int PageSize { get; init; }

    /// <summary>Snapshot to read at; 0 asks the server for one (session timestamp probe).</summary>
    public ulong SnapshotTimestamp { get; init; }

    /// <summary>Resume after this primary key (long or string); null starts at the beginning.</summary>
    public object? StartAfterKey { get; init; }

    /// <summary>Rows read before <see cref="StartAfterKey"/> (batch positions go on counting from it).</summary>
    public long StartOffset { get; init; }
}

/// <summary>
/// Reads a whole collection (or partitions) in primary-key order, page by page, all pages under one snapshot
/// timestamp so concurrent writes neither appear nor disappear mid-read (milvus-protocol.md §6.4).
/// </summary>
public sealed class MilvusQueryIterator
{
    public const int MaxPageSize = 16384;

    private readonly MilvusClient _client;
    private readonly string _collection;
    private readonly QueryIteratorOptions _options;

    public MilvusQueryIterator(MilvusClient client, string collection, QueryIteratorOptions? options = null)
    {
        _client = client;
        _collection = collection;
        _options = options ?? new QueryIteratorOptions();
    }

    /// <summary>The snapshot the pages are read at (known after the first page).</summary>
    public ulong SnapshotTimestamp { get; private set; }

    /// <summary>Primary key of the last row handed out (the resume cursor).</summary>
    public object? LastKey { get; private set; }

    /// <summary>How the page size was chosen and changed (for -Verbose).</summary>
    public List<string> Notes { get; } = [];

    public async IAsyncEnumerable<VectorBatch> ReadAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var spec = await _client.DescribeCollectionAsync(_collection, ct).ConfigureAwait(false);
        var pk = spec.PrimaryField;
        var fields = OutputFields(spec);
        var pages = new PageSizer(PageSizer.RowBytes(spec, fields), await SegmentCountAsync(ct).ConfigureAwait(false), _options.PageSize);
        Notes.Add(pages.Describe());
        SnapshotTimestamp = _options.SnapshotTimestamp != 0 ? _options.SnapshotTimestamp : await ProbeSnapshotAsync(spec, ct).ConfigureAwait(false);
        LastKey = _options.StartAfterKey;
        long offset = _options.StartOffset;
        while (true)
        {
            QueryPage page;
            try
            {
                page = await _client.QueryAsync(_collection, new QueryOptions
                {
                    Expression = Combine(_options.Filter, LastKey is null ? "" : CursorExpression(pk, LastKey)),
                    OutputFields = fields,
                    Partitions = _options.Partitions,
                    Limit = pages.Limit,
                    Iterator = true,
                    ReduceStopForBest = true,
                    CollectionId = spec.CollectionId,
                    GuaranteeTimestamp = SnapshotTimestamp,
                }, ct).ConfigureAwait(false);
            }
            catch (Errors.MilvusServerException e) when (PageSizer.IsResultTooLarge(e) && pages.Shrink())
            {
                // The same cursor again with a smaller limit: nothing was handed out from the refused page.
                Notes.Add($"The server refused a page as larger than its maxOutputSize; retrying with limit {pages.Limit}.");
                continue;
            }
            if (page.Batch is null || page.RowCount == 0) yield break;
            pages.Observe(page.RowCount);
            var keys = page.Batch[pk.Name] ?? throw new FormatException($"Query page lacks the primary key column '{pk.Name}'.");
            LastKey = keys.GetValue(page.RowCount - 1);
            var batch = new VectorBatch(page.Batch.Columns, new SourcePosition
            {
                Part = string.Join(",", _options.Partitions),
                Offset = offset,
                LastKey = LastKey,
            });
            offset += page.RowCount;
            yield return batch;
        }
    }

    /// <summary>Loaded segments (each may return a whole limit of rows into one page); 1 when the server cannot say.</summary>
    private async Task<int> SegmentCountAsync(CancellationToken ct)
    {
        try
        {
            return Math.Max(1, (await _client.GetLoadedSegmentsAsync(_collection, ct).ConfigureAwait(false)).Count);
        }
        catch (Errors.MilvusServerException e)
        {
            Notes.Add($"The server did not list its loaded segments ({e.Reason}); page sizes adapt to the pages instead.");
            return 1;
        }
    }

    /// <summary>Asks the server for a snapshot to read at (what <see cref="ReadAsync"/> would pin), so a count can share it.</summary>
    public async Task<ulong> PinSnapshotAsync(CancellationToken ct = default)
    {
        var spec = await _client.DescribeCollectionAsync(_collection, ct).ConfigureAwait(false);
        return await ProbeSnapshotAsync(spec, ct).ConfigureAwait(false);
    }

    private IReadOnlyList<string> OutputFields(CollectionSpec spec)
    {
        var pk = spec.PrimaryField.Name;
        if (_options.Fields is { } chosen)
            return chosen.Contains(pk) ? chosen : [pk, .. chosen];
        var all = spec.Fields.Where(f => !f.IsFunctionOutput).Select(f => f.Name).ToList();
        if (spec.EnableDynamicField) all.Add("$meta");
        return all;
    }

    private async Task<ulong> ProbeSnapshotAsync(CollectionSpec spec, CancellationToken ct)
    {
        var probe = await _client.QueryAsync(_collection, new QueryOptions
        {
            Expression = _options.Filter,
            OutputFields = [spec.PrimaryField.Name],
            Partitions = _options.Partitions,
            Limit = 1,
            Offset = 0,
            Iterator = true,
            ReduceStopForBest = true,
            CollectionId = spec.CollectionId,
            GuaranteeTimestamp = 0,
        }, ct).ConfigureAwait(false);
        return probe.SessionTimestamp != 0 ? probe.SessionTimestamp : HybridTimestamp.FallbackSessionTimestamp();
    }

    private static string Combine(string filter, string cursor) =>
        string.IsNullOrWhiteSpace(filter) ? cursor
        : string.IsNullOrEmpty(cursor) ? filter
        : $"({filter}) and {cursor}";

    /// <summary><c>pk &gt; last</c>, with VarChar keys quoted and escaped so any key is safe.</summary>
    public static string CursorExpression(FieldSpec pk, object lastKey) => pk.DataType == MilvusDataType.VarChar
        ? $"{pk.Name} > {ExpressionLiterals.Quote((string)lastKey)}"
        : $"{pk.Name} > {Convert.ToInt64(lastKey, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}";
}
