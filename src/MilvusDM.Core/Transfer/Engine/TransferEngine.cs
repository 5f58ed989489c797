using System.Diagnostics;
using System.Threading.Channels;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// Joins a source and a sink: a reader fills a bounded channel with batches cut to the row and byte limits,
/// several writers drain it concurrently, each acknowledged batch advances a gap-free checkpoint, progress
/// is reported at a bounded rate, and cancellation stops reading while in-flight writes finish.
/// Memory stays within (channel capacity + throttle limit) batches whatever the source size.
/// </summary>
public sealed class TransferEngine(TransferOptions? options = null, ICheckpointStore? checkpoints = null)
{
    private readonly TransferOptions _options = options ?? new TransferOptions();
    private readonly ICheckpointStore _checkpoints = checkpoints ?? options?.Checkpoints ?? new InMemoryCheckpointStore();

    /// <summary>Raised on the reading side whenever a batch enters the channel (tests observe back-pressure with it).</summary>
    public event Action<int>? BatchQueued;

    public async Task<TransferResult> RunAsync(IVectorSource source, IVectorSink sink, IProgress<TransferProgress>? progress = null, CancellationToken ct = default)
    {
        _options.Validate();
        IDisposable? held = null;
        try { return await RunHeldAsync(source, sink, progress, h => held = h, ct).ConfigureAwait(false); }
        finally { held?.Dispose(); }
    }

    /// <summary>One run; once the source is described, the (source, destination) pair is held against a second run.</summary>
    private async Task<TransferResult> RunHeldAsync(IVectorSource source, IVectorSink sink, IProgress<TransferProgress>? progress, Action<IDisposable> hold, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        CollectionSpec spec;
        SinkPreparation preparation;
        Checkpoint? resumeFrom = null;
        try
        {
            spec = await source.DescribeAsync(ct).ConfigureAwait(false);
            // A second run on the same pair would double rows: it fails here, before anything is written.
            hold(_checkpoints.Acquire(source.Identity, sink.Description));
            var stored = _checkpoints.Load(source.Identity, sink.Description);
            if (_options.Resume && stored is { Completed: true })
                return new TransferResult { Source = source.Description, Destination = sink.Description, Status = TransferStatus.Skipped, Elapsed = clock.Elapsed,
                    Notes = [$"Already completed on {stored.At:u} ({stored.RowsCommitted} rows): skipped on resume."] };
            if (_options.Resume && stored is not null && sink is IResumableSink resumable)
            {
                resumable.PrepareForResume(stored.HasUncertainRows);
                resumeFrom = stored;
            }
            else if (stored is not null) _checkpoints.Remove(source.Identity, sink.Description);   // a fresh run: the old checkpoint no longer tells the truth
            if (resumeFrom is null && source is IPrecheckedSource checkedFirst) await checkedFirst.PrecheckAsync(_options.BatchRows, ct).ConfigureAwait(false);
            preparation = await sink.PrepareAsync(spec, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new TransferResult { Source = source.Description, Destination = sink.Description, Status = TransferStatus.Cancelled, Elapsed = clock.Elapsed };
        }
        catch (Exception e)
        {
            // Nothing was written: a bad source or an incompatible destination is a failed unit of work, not a crash.
            var undone = resumeFrom is null ? await AbandonAsync(sink).ConfigureAwait(false) : null;
            return new TransferResult { Source = source.Description, Destination = sink.Description, Status = TransferStatus.Failed, Error = e, Elapsed = clock.Elapsed,
                Notes = undone is null ? [] : [undone] };
        }
        if (preparation.Skip)
            return new TransferResult { Source = source.Description, Destination = sink.Description, Status = TransferStatus.Skipped, Notes = preparation.Notes, Elapsed = clock.Elapsed };

        var notes = resumeFrom is null ? preparation.Notes
            : [.. preparation.Notes, $"Resumed after {resumeFrom.RowsCommitted} rows committed by an earlier run ({resumeFrom.At:u})."
                + (resumeFrom.HasUncertainRows ? $" The {resumeFrom.InFlightUntil - resumeFrom.Position.Offset} rows after it that the earlier run had in flight are sent again as upserts, so each is stored once." : "")];
        var run = new Run(this, source, sink, spec, progress, clock, resumeFrom);
        var result = await run.ExecuteAsync(notes, ct).ConfigureAwait(false);
        if (result.Status == TransferStatus.Succeeded)
            _checkpoints.Save(new Checkpoint(source.Identity, sink.Description, result.Checkpoint?.Position ?? resumeFrom?.Position ?? new SourcePosition(),
                (resumeFrom?.RowsCommitted ?? 0) + result.Rows, DateTimeOffset.UtcNow, Completed: true));
        return result;
    }

    /// <summary>Lets a sink remove what a failed run created before any row was sent (an empty collection); a note, or null.</summary>
    private static async Task<string?> AbandonAsync(IVectorSink sink)
    {
        if (sink is not IAbandonableSink abandonable) return null;
        try { return await abandonable.AbandonAsync(CancellationToken.None).ConfigureAwait(false); }
        catch (Exception e) { return $"Could not remove what this run had created: {e.Message}"; }
    }

    /// <summary>The state of one RunAsync call.</summary>
    private sealed class Run(TransferEngine engine, IVectorSource source, IVectorSink sink, CollectionSpec spec, IProgress<TransferProgress>? progress, Stopwatch clock,
        Checkpoint? resumeFrom)
    {
        private readonly long _rowsBefore = resumeFrom?.RowsCommitted ?? 0;
        // Rows before this source offset may already be at the destination (an earlier run had them in flight).
        private readonly long? _uncertainUntil = resumeFrom is { HasUncertainRows: true } ? resumeFrom.InFlightUntil : null;
        private readonly object _saveGate = new();
        private readonly TransferOptions _o = engine._options;
        private readonly CommitTracker _tracker = new();
        private readonly Channel<(long Seq, VectorBatch Batch)> _channel = Channel.CreateBounded<(long, VectorBatch)>(
            new BoundedChannelOptions(engine._options.ChannelCapacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        private readonly object _reportGate = new();
        private long _rowsRead, _rowsWritten, _bytesWritten, _lastReportTicks;
        // Writes sent whose outcome is unknown (neither acknowledged nor refused by the server): their rows may have landed.
        private long _unsure;
        // For the batching note: batches queued, and read batches cut further to stay under the request limit.
        private long _batches, _cuts;

        public async Task<TransferResult> ExecuteAsync(IReadOnlyList<string> notes, CancellationToken userToken)
        {
            // Writes get their own token: a user cancel stops reading and new writes, but lets in-flight writes finish.
            using var writeAbort = new CancellationTokenSource();
            using var failure = CancellationTokenSource.CreateLinkedTokenSource(userToken);
            using var graceRegistration = userToken.Register(() => writeAbort.CancelAfter(_o.CancelGracePeriod));

            var reader = Task.Run(() => ReadAllAsync(failure.Token), CancellationToken.None);
            var writers = Enumerable.Range(0, _o.ThrottleLimit)
                .Select(_ => Task.Run(() => WriteLoopAsync(failure, writeAbort.Token), CancellationToken.None)).ToArray();

            Exception? error = null;
            try
            {
                await Task.WhenAll(writers.Append(reader)).ConfigureAwait(false);
            }
            catch
            {
                error = FirstRealError(writers.Append(reader));
            }

            var status = error is not null ? TransferStatus.Failed
                : userToken.IsCancellationRequested ? TransferStatus.Cancelled
                : TransferStatus.Succeeded;
            if (status == TransferStatus.Succeeded)
            {
                try { await sink.CompleteAsync(userToken).ConfigureAwait(false); }
                catch (OperationCanceledException) when (userToken.IsCancellationRequested) { status = TransferStatus.Cancelled; }
                catch (Exception e) { error = e; status = TransferStatus.Failed; }
            }
            Report(force: true);
            if (_batches > 0)
                notes = [$"Sent {_batches:N0} batch(es) of up to {_o.BatchRows:N0} rows, {_o.ThrottleLimit} write(s) in flight" +
                    (_cuts > 0 ? $"; {_cuts:N0} read batch(es) were cut to stay under {_o.MaxBatchBytes >> 20} MB a request." : "."), .. notes];
            if (status == TransferStatus.Failed && resumeFrom is null && _tracker.RowsCommitted == 0 && Interlocked.Read(ref _unsure) == 0
                && await AbandonAsync(sink).ConfigureAwait(false) is { } undone)
                notes = [.. notes, undone];   // nothing was ever sent: the collection this run created goes too
            else if (status is TransferStatus.Failed or TransferStatus.Cancelled && _rowsBefore + _tracker.RowsCommitted > 0)
                notes = [.. notes, $"{_rowsBefore + _tracker.RowsCommitted} rows were committed to {sink.Description} and are kept; run the same transfer again with resume to continue from there."];
            return new TransferResult
            {
                Source = source.Description,
                Destination = sink.Description,
                Status = status,
                Rows = Interlocked.Read(ref _rowsWritten),
                Bytes = Interlocked.Read(ref _bytesWritten),
                Elapsed = clock.Elapsed,
                Notes = source is ISourceNotes told ? [.. notes, .. told.Notes] : notes,
                Checkpoint = _tracker.Watermark is { } w ? new Checkpoint(source.Identity, sink.Description, w, _rowsBefore + _tracker.RowsCommitted, DateTimeOffset.UtcNow) : null,
                Error = error,
            };
        }

        private static Exception? FirstRealError(IEnumerable<Task> tasks)
        {
            var errors = tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).ToList();
            return errors.FirstOrDefault(e => e is not OperationCanceledException) ?? null;
        }

        private async Task ReadAllAsync(CancellationToken ct)
        {
            long seq = 0;
            string? pk = spec.Fields.FirstOrDefault(f => f.IsPrimaryKey)?.Name;
            try
            {
                await foreach (var batch in source.ReadAsync(resumeFrom?.Position, _o.BatchRows, ct).ConfigureAwait(false))
                {
                    int pieces = 0;
                    foreach (var piece in BatchCutter.Cut(batch, _o.BatchRows, _o.MaxBatchBytes, pk))
                    {
                        if (++pieces == 2) _cuts++;
                        _batches++;
                        await _channel.Writer.WriteAsync((seq++, piece), ct).ConfigureAwait(false);
                        Interlocked.Add(ref _rowsRead, piece.RowCount);
                        engine.BatchQueued?.Invoke(_channel.Reader.Count);
                    }
                }
                _channel.Writer.TryComplete();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                _channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                _channel.Writer.TryComplete(e);
                throw;
            }
        }

        private async Task WriteLoopAsync(CancellationTokenSource failure, CancellationToken abort)
        {
            try
            {
                while (await _channel.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    if (failure.IsCancellationRequested) return;   // stop taking new batches after a cancel or a failure
                    if (!_channel.Reader.TryRead(out var item)) continue;
                    var end = item.Batch.Position is { } p ? p with { Offset = p.Offset + item.Batch.RowCount } : null;
                    // The checkpoint knows a batch is in flight before it is sent: after a cut, its rows are re-sent replacing.
                    _tracker.Dispatch(end?.Offset);
                    SaveCheckpoint();
                    Interlocked.Increment(ref _unsure);
                    try
                    {
                        if (_uncertainUntil is { } until && item.Batch.Position is { } start && start.Offset < until && sink is IResumableSink resumable)
                            await resumable.WriteReplacingAsync(item.Batch, abort).ConfigureAwait(false);
                        else
                            await sink.WriteAsync(item.Batch, abort).ConfigureAwait(false);
                        Interlocked.Decrement(ref _unsure);
                    }
                    catch (MilvusServerException e) when (e.TransportStatus is null)
                    {
                        Interlocked.Decrement(ref _unsure);   // the server answered and refused it: none of its rows landed
                        throw;
                    }
                    Interlocked.Add(ref _rowsWritten, item.Batch.RowCount);
                    Interlocked.Add(ref _bytesWritten, item.Batch.ByteSize);
                    if (_tracker.Acknowledge(item.Seq, end, item.Batch.RowCount)) SaveCheckpoint();
                    Report(force: false);
                }
            }
            catch (ChannelClosedException) { }
            catch (Exception e) when (e is not OperationCanceledException || !failure.IsCancellationRequested)
            {
                failure.Cancel();   // one failed write stops the reader and the other writers
                throw;
            }
        }

        /// <summary>Saves watermark, rows and in-flight limit as one consistent snapshot, in order (writers race).</summary>
        private void SaveCheckpoint()
        {
            lock (_saveGate)
            {
                var (watermark, rows, highWater) = _tracker.Snapshot();
                long? inFlight = highWater is null ? resumeFrom?.InFlightUntil : Math.Max(highWater.Value, resumeFrom?.InFlightUntil ?? 0);
                engine._checkpoints.Save(new Checkpoint(source.Identity, sink.Description, watermark ?? resumeFrom?.Position ?? new SourcePosition(),
                    _rowsBefore + rows, DateTimeOffset.UtcNow, InFlightUntil: inFlight));
            }
        }

        private void Report(bool force)
        {
            if (progress is null) return;
            long now = clock.ElapsedTicks, last = Interlocked.Read(ref _lastReportTicks);
            if (!force && now - last < _o.ProgressInterval.TotalSeconds * Stopwatch.Frequency) return;
            if (!force && Interlocked.CompareExchange(ref _lastReportTicks, now, last) != last) return;
            // Snapshot and report under one lock so reports from concurrent writers never go backwards.
            lock (_reportGate)
                progress.Report(new TransferProgress(source.Description, sink.Description, Interlocked.Read(ref _rowsRead),
                    Interlocked.Read(ref _rowsWritten), Interlocked.Read(ref _bytesWritten), source.TotalRows, clock.Elapsed));
        }
    }
}
