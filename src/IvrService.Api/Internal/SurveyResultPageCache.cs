using System.Collections.Concurrent;
using System.Text;
using Google.Protobuf;
using IvrService.Api.V1;
using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Options;

namespace IvrService.Api.Internal;

/// <summary>
/// Pages of ListSurveyResults remembered while no result can have changed. A page is kept under the change mark
/// (<see cref="ISurveyResultSignal.ChangeMark"/>) read before its query, and served only while the mark still has that
/// value: never across a change committed on this instance (the store moves the mark once the write's transaction is
/// over) nor across one notified from another instance, and never while the change signal is not listening. Results
/// only change through writes that append a change and notify it, so such a page is what a query would read now, as
/// far as this instance can know; a page is also dropped after <see cref="ApiOptions.ResultCacheMaxAge"/>, which bounds
/// how long a lost notification could leave it stale. Pages are keyed by the request's bytes (the same filters, page
/// size and token give the same page); requests for a page that miss together share one read of it. Memory is bounded: past <see cref="MaxPages"/> pages or about
/// 50,000 results (a result is about 250 bytes on the wire), everything kept is dropped and filling starts again.
/// </summary>
internal sealed class SurveyResultPageCache
{
    /// <summary>Pages kept at most.</summary>
    public const int MaxPages = 1024;

    private readonly ISurveyResultSignal _signal;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxAge;
    private Shelf _shelf = new(long.MinValue);

    public SurveyResultPageCache(ISurveyResultSignal signal, TimeProvider time, IOptions<ApiOptions> options)
    {
        _signal = signal;
        _time = time;
        _maxAge = options.Value.ResultCacheMaxAge;
    }

    /// <summary>False when <see cref="ApiOptions.ResultCacheMaxAge"/> is zero: every request is read from the database.</summary>
    public bool Enabled => _maxAge > TimeSpan.Zero;

    /// <summary>Pages kept now (for tests and diagnostics).</summary>
    public int Count => Volatile.Read(ref _shelf).Pages.Count;

    /// <summary>The key of a request: its bytes, one character per byte.</summary>
    private static string KeyOf(ListSurveyResultsRequest request) => Encoding.Latin1.GetString(request.ToByteArray());

    /// <summary>
    /// The page for <paramref name="request"/>: the one kept when no result can have changed since it was read, else
    /// what <paramref name="read"/> reads (kept unless the mark moved meanwhile). Requests for the same page that miss
    /// together share one read: whatever a later one must see was seen by it too, since the mark had not moved when it
    /// joined. A shared read runs to its end even when its callers give up (it is given no cancellation); a caller
    /// stops waiting when <paramref name="cancellationToken"/> fires. A page is shared by the calls it answers and must
    /// not be changed.
    /// </summary>
    public async Task<ListSurveyResultsResponse> GetOrReadAsync(
        ListSurveyResultsRequest request, Func<CancellationToken, Task<ListSurveyResultsResponse>> read, CancellationToken cancellationToken)
    {
        if (!Enabled || _signal.ChangeMark is not { } mark || ShelfFor(mark) is not { } shelf)
        {
            return await read(cancellationToken).ConfigureAwait(false);
        }

        var key = KeyOf(request);
        if (shelf.Pages.TryGetValue(key, out var entry) && _time.GetElapsedTime(entry.At) < _maxAge)
        {
            return entry.Page;
        }

        var pending = shelf.Reads.GetOrAdd(key, static (k, state) => new Lazy<Task<ListSurveyResultsResponse>>(
            () => state.Cache.ReadAndKeepAsync(state.Shelf, k, state.Read)), (Cache: this, Shelf: shelf, Read: read));
        return await pending.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<ListSurveyResultsResponse> ReadAndKeepAsync(
        Shelf shelf, string key, Func<CancellationToken, Task<ListSurveyResultsResponse>> read)
    {
        try
        {
            var page = await read(CancellationToken.None).ConfigureAwait(false);

            // The mark moved during the read: the page may be from before a change, and is only used by those who asked.
            if (_signal.ChangeMark == shelf.Mark)
            {
                var results = page.Results.Count;
                var target = shelf.IsFull(results) ? Restart(shelf) : shelf;
                target?.Add(key, new Entry(page, _time.GetTimestamp()), results);
            }

            return page;
        }
        finally
        {
            shelf.Reads.TryRemove(key, out _);
        }
    }

    /// <summary>The shelf of <paramref name="mark"/>, started when the mark is newer than the current one; null when older.</summary>
    private Shelf? ShelfFor(long mark)
    {
        var shelf = Volatile.Read(ref _shelf);
        if (shelf.Mark == mark)
        {
            return shelf;
        }

        if (shelf.Mark > mark)
        {
            return null;
        }

        // Pages kept under an older mark can never be served again.
        var fresh = new Shelf(mark);
        var seen = Interlocked.CompareExchange(ref _shelf, fresh, shelf);
        var current = ReferenceEquals(seen, shelf) ? fresh : seen;
        return current.Mark == mark ? current : null;
    }

    /// <summary>A full shelf starts again empty under the same mark; null when a newer mark took its place.</summary>
    private Shelf? Restart(Shelf full)
    {
        var fresh = new Shelf(full.Mark);
        var seen = Interlocked.CompareExchange(ref _shelf, fresh, full);
        var current = ReferenceEquals(seen, full) ? fresh : seen;
        return current.Mark == full.Mark ? current : null;
    }

    private sealed record Entry(ListSurveyResultsResponse Page, long At);

    /// <summary>The pages kept under one mark, with running counts (ConcurrentDictionary.Count takes every lock).</summary>
    private sealed class Shelf
    {
        /// <summary>Results kept at most over all pages of a shelf.</summary>
        private const int MaxResults = 50_000;

        private int _pages;
        private int _results;

        public Shelf(long mark)
        {
            Mark = mark;
        }

        public long Mark { get; }

        public ConcurrentDictionary<string, Entry> Pages { get; } = new(StringComparer.Ordinal);

        /// <summary>Reads under way, one per page, shared by the requests that miss together.</summary>
        public ConcurrentDictionary<string, Lazy<Task<ListSurveyResultsResponse>>> Reads { get; } = new(StringComparer.Ordinal);

        public bool IsFull(int results) => Volatile.Read(ref _pages) >= MaxPages || Volatile.Read(ref _results) + results > MaxResults;

        public void Add(string key, Entry entry, int results)
        {
            if (Pages.TryAdd(key, entry))
            {
                Interlocked.Increment(ref _pages);
                Interlocked.Add(ref _results, results);
            }
            else
            {
                // The same request again (its page had aged out): about the same size, so the counts stand.
                Pages[key] = entry;
            }
        }
    }
}
