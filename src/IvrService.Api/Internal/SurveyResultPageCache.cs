using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
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
/// size and token give the same page). Memory is bounded: past <see cref="MaxPages"/> pages or about
/// <see cref="MaxResults"/> results, everything kept is dropped and filling starts again.
/// </summary>
internal sealed class SurveyResultPageCache
{
    /// <summary>Pages kept at most.</summary>
    public const int MaxPages = 1024;

    /// <summary>Results kept at most over all pages (a result is about 250 bytes on the wire).</summary>
    public const int MaxResults = 50_000;

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
    public static string KeyOf(ListSurveyResultsRequest request) => Encoding.Latin1.GetString(request.ToByteArray());

    /// <summary>The mark to keep a page under, read before its query; null when no page may be kept now.</summary>
    public long? MarkBeforeRead() => Enabled ? _signal.ChangeMark : null;

    /// <summary>The page kept for <paramref name="key"/> when no result can have changed since it was read.</summary>
    public bool TryGet(string key, [NotNullWhen(true)] out ListSurveyResultsResponse? page)
    {
        page = null;
        if (!Enabled || _signal.ChangeMark is not { } mark)
        {
            return false;
        }

        var shelf = Volatile.Read(ref _shelf);
        if (shelf.Mark != mark || !shelf.Pages.TryGetValue(key, out var entry) || _time.GetElapsedTime(entry.At) >= _maxAge)
        {
            return false;
        }

        page = entry.Page;
        return true;
    }

    /// <summary>
    /// Keeps <paramref name="page"/>, read after <paramref name="mark"/> was taken (<see cref="MarkBeforeRead"/>), unless
    /// the mark has moved since: then the page may be from before a change and is not kept. The page is shared by the
    /// calls it answers and must not be changed afterwards.
    /// </summary>
    public void Add(string key, long mark, ListSurveyResultsResponse page)
    {
        if (!Enabled || _signal.ChangeMark != mark)
        {
            return;
        }

        var results = page.Results.Count;
        var shelf = Volatile.Read(ref _shelf);
        if (shelf.Mark != mark || shelf.IsFull(results))
        {
            if (shelf.Mark > mark)
            {
                return;
            }

            // Pages kept under an older mark can never be served again; a full shelf starts again empty.
            var fresh = new Shelf(mark);
            var seen = Interlocked.CompareExchange(ref _shelf, fresh, shelf);
            shelf = ReferenceEquals(seen, shelf) ? fresh : seen;
            if (shelf.Mark != mark)
            {
                return;
            }
        }

        shelf.Add(key, new Entry(page, _time.GetTimestamp()), results);
    }

    private sealed record Entry(ListSurveyResultsResponse Page, long At);

    /// <summary>The pages kept under one mark, with running counts (ConcurrentDictionary.Count takes every lock).</summary>
    private sealed class Shelf
    {
        private int _pages;
        private int _results;

        public Shelf(long mark)
        {
            Mark = mark;
        }

        public long Mark { get; }

        public ConcurrentDictionary<string, Entry> Pages { get; } = new(StringComparer.Ordinal);

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
