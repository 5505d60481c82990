using System.Globalization;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Logging;
using ApiChange = IvrService.Api.V1.SurveyResultChange;
using StoredChange = IvrService.Storage.HappyCalls.SurveyResultChange;

namespace IvrService.Api.Internal;

/// <summary>
/// The Surveys service over the happy-call store: one result, pages of results (keyset paging on updated_at, id)
/// and the stream of changes, read from the ordered change table after a cursor and woken by the store's
/// change signal (LISTEN), never by polling the result table. Pages are answered from memory while no result can have
/// changed (<see cref="SurveyResultPageCache"/>).
/// </summary>
internal sealed class SurveysService : Surveys.SurveysBase
{
    /// <summary>Changes read (and results fetched) per round trip of a stream.</summary>
    public const int StreamBatchSize = 500;

    /// <summary>How long a stream waits for the signal before it looks at the change table anyway (a lost notification).</summary>
    public static readonly TimeSpan StreamFallbackWait = TimeSpan.FromSeconds(1);

    /// <summary>The response header of StreamSurveyResults holding the cursor the stream starts after.</summary>
    public const string CursorHeader = "ivr-cursor";

    /// <summary>The largest page of ListSurveyResults (the store's largest listing).</summary>
    public const int MaxPageSize = 1000;

    private const int MaxIdLength = 128;
    private const int MaxServiceTypeLength = 64;

    private readonly IHappyCallStore _store;
    private readonly ISurveyResultSignal _signal;
    private readonly SurveyResultPageCache _pages;
    private readonly ILogger<SurveysService> _logger;

    public SurveysService(IHappyCallStore store, ISurveyResultSignal signal, SurveyResultPageCache pages, ILogger<SurveysService> logger)
    {
        _store = store;
        _signal = signal;
        _pages = pages;
        _logger = logger;
    }

    public override async Task<SurveyResult> GetSurveyResult(GetSurveyResultRequest request, ServerCallContext context)
    {
        HappyCall? call;
        switch (request.TargetCase)
        {
            case GetSurveyResultRequest.TargetOneofCase.ResultId:
                if (!SurveyResultMapper.TryParseId(request.ResultId, out var id))
                {
                    new FieldViolations().Add("result_id", $"must be a result id (a positive number); was '{Shorten(request.ResultId)}'").ThrowIfAny();
                }

                call = await _store.GetAsync(id, context.CancellationToken).ConfigureAwait(false);
                return call is null
                    ? throw new RpcException(new Status(StatusCode.NotFound, $"no survey result with id {id}"))
                    : SurveyResultMapper.ToApi(call);
            case GetSurveyResultRequest.TargetOneofCase.ServiceId:
                var violations = new FieldViolations();
                violations.Identifier(request.ServiceId, "service_id", MaxIdLength);
                violations.ThrowIfAny();

                call = await _store.GetByServiceAsync(request.ServiceId, context.CancellationToken).ConfigureAwait(false);
                return call is null
                    ? throw new RpcException(new Status(StatusCode.NotFound, $"no survey result for service '{Shorten(request.ServiceId)}'"))
                    : SurveyResultMapper.ToApi(call);
            default:
                new FieldViolations().Add("target", "give result_id or service_id").ThrowIfAny();
                throw new InvalidOperationException("unreachable");
        }
    }

    public override async Task<ListSurveyResultsResponse> ListSurveyResults(ListSurveyResultsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var pageSize = violations.PageSize(request.PageSize, MaxPageSize);
        var from = violations.Instant(request.Updated?.StartTime, "updated.start_time");
        var before = violations.Instant(request.Updated?.EndTime, "updated.end_time");
        if (from is { } start && before is { } end && end <= start)
        {
            violations.Add("updated.end_time", "must be after updated.start_time");
        }

        Text(request.TechnicianId, "technician_id", MaxIdLength, violations);
        Text(request.ServiceType, "service_type", MaxServiceTypeLength, violations);
        var outcomes = new List<Storage.HappyCalls.SurveyOutcome>(request.Outcomes.Count);
        for (var i = 0; i < request.Outcomes.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"outcomes[{i}]");
            if (violations.DefinedEnum(request.Outcomes[i], field, allowUnspecified: false))
            {
                outcomes.Add(SurveyResultMapper.ToStorage(request.Outcomes[i]));
            }
        }

        var filter = new SurveyResultFilter
        {
            UpdatedFrom = from,
            UpdatedTo = before,
            TechnicianId = request.TechnicianId.Length == 0 ? null : request.TechnicianId,
            ServiceType = request.ServiceType.Length == 0 ? null : request.ServiceType,
            Outcomes = outcomes,
            Escalated = request.HasEscalated ? request.Escalated : null,
        };

        SurveyResultCursor? after = null;
        if (request.PageToken.Length > 0 && !SurveyResultPageToken.TryDecode(request.PageToken, filter, out after, out var tokenError))
        {
            violations.Add("page_token", tokenError!);
        }

        violations.ThrowIfAny();

        return await _pages.GetOrReadAsync(request, token => ReadPageAsync(filter, after, pageSize, token), context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>A page from the store, with the token of the next one when another follows.</summary>
    private async Task<ListSurveyResultsResponse> ReadPageAsync(
        SurveyResultFilter filter, SurveyResultCursor? after, int pageSize, CancellationToken cancellationToken)
    {
        // One more than the page tells whether another page follows, so the last page never hands out a token; at the
        // largest page size the store's limit leaves no room for it, and a one-row look past the page tells instead.
        var rows = await _store.ListAsync(filter, after, Math.Min(pageSize + 1, MaxPageSize), cancellationToken).ConfigureAwait(false);
        var response = new ListSurveyResultsResponse();
        var count = Math.Min(pageSize, rows.Count);
        for (var i = 0; i < count; i++)
        {
            response.Results.Add(SurveyResultMapper.ToApi(rows[i]));
        }

        if (count == pageSize && count > 0)
        {
            var last = new SurveyResultCursor(rows[pageSize - 1].UpdatedAt, rows[pageSize - 1].Id);
            var more = rows.Count > pageSize
                || (await _store.ListAsync(filter, last, 1, cancellationToken).ConfigureAwait(false)).Count > 0;
            if (more)
            {
                response.NextPageToken = SurveyResultPageToken.Encode(last, filter);
            }
        }

        return response;
    }

    public override async Task StreamSurveyResults(
        StreamSurveyResultsRequest request, IServerStreamWriter<ApiChange> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        long position;
        if (request.Cursor.Length > 0)
        {
            if (!SurveyResultStreamCursor.TryDecode(request.Cursor, out position))
            {
                new FieldViolations().Add("cursor", "is not a cursor of StreamSurveyResults (give back the cursor of a change as received)").ThrowIfAny();
            }

            if (request.FromBeginning)
            {
                new FieldViolations().Add("from_beginning", "goes only with an empty cursor").ThrowIfAny();
            }

            var prunedThrough = await _store.GetPrunedThroughAsync(cancellationToken).ConfigureAwait(false);
            var latest = await _store.GetLatestChangePositionAsync(cancellationToken).ConfigureAwait(false);
            if (position < prunedThrough)
            {
                throw Pruned(position, prunedThrough);
            }

            if (position > latest)
            {
                throw new RpcException(new Status(StatusCode.OutOfRange,
                    string.Create(CultureInfo.InvariantCulture,
                        $"the cursor is at change {position}, beyond the newest change stored ({latest}): it was not made by this service's database")));
            }
        }
        else
        {
            // The beginning is the oldest change retention has kept.
            position = request.FromBeginning
                ? await _store.GetPrunedThroughAsync(cancellationToken).ConfigureAwait(false)
                : await _store.GetLatestChangePositionAsync(cancellationToken).ConfigureAwait(false);
        }

        // The headers tell the client the stream is placed (every change stored from now on will reach it) and where:
        // a client that resumes from this cursor loses nothing even when it goes away before the first change.
        await context.WriteResponseHeadersAsync(new Metadata { { CursorHeader, SurveyResultStreamCursor.Encode(position) } }).ConfigureAwait(false);
        ApiLog.SurveyStreamStarted(_logger, context.Peer, position);
        var ids = new HashSet<long>();
        var results = new Dictionary<long, HappyCall>();
        while (!cancellationToken.IsCancellationRequested)
        {
            // Armed before the read: a change committed between the read and the wait still wakes us.
            var wake = _signal.WaitAsync(StreamFallbackWait, cancellationToken);
            IReadOnlyList<StoredChange> changes;
            try
            {
                changes = await _store.ReadChangesAsync(position, StreamBatchSize, cancellationToken).ConfigureAwait(false);
            }
            catch (SurveyResultChangesPrunedException pruned)
            {
                // A client that reads slower than retention deletes: it can only start over.
                throw Pruned(position, pruned.PrunedThrough);
            }

            if (changes.Count == 0)
            {
                await wake.ConfigureAwait(false);
                continue;
            }

            ids.Clear();
            foreach (var change in changes)
            {
                ids.Add(change.HappyCallId);
            }

            results.Clear();
            foreach (var call in await _store.GetManyAsync(ids, cancellationToken).ConfigureAwait(false))
            {
                results[call.Id] = call;
            }

            foreach (var change in changes)
            {
                await responseStream.WriteAsync(
                    SurveyResultMapper.ToApi(change, results.GetValueOrDefault(change.HappyCallId)), cancellationToken).ConfigureAwait(false);
                position = change.Position;
            }
        }
    }

    private static RpcException Pruned(long position, long prunedThrough)
        => new(new Status(StatusCode.OutOfRange, string.Create(CultureInfo.InvariantCulture,
            $"the cursor is at change {position}, but the changes up to {prunedThrough} are no longer kept (HappyCalls:ResultChangeRetention); to catch up, open StreamSurveyResults with an empty cursor, read the current results with ListSurveyResults, then apply the changes that stream sends")));

    private static void Text(string text, string field, int maxLength, FieldViolations violations)
    {
        if (text.Length > maxLength)
        {
            violations.Add(field, $"must be at most {maxLength} characters; has {text.Length}");
        }
        else if (text.Any(char.IsControl))
        {
            violations.Add(field, "must not contain control characters");
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
