using IvrService.Flows;
using IvrService.HappyCalls;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;

namespace IvrService.Host.Calls.Outbound;

/// <summary>
/// One call we placed through a trunk: not answered (<see cref="Failure"/> says why, the record is already ended)
/// or answered with a port on its dialog and media. The far end's BYE, the media timeout, the maximum duration or
/// the shutdown end it like an inbound call; <see cref="HangUpAsync"/> ends it from our side with an outcome.
/// </summary>
internal sealed class OutboundCall : SipCall, IOutboundCall
{
    private readonly SipOutboundDialer _dialer;
    private int _outcomeGiven;

    public OutboundCall(string callId, SipOutboundDialer dialer)
        : base(callId)
    {
        _dialer = dialer;
    }

    public override CallDirection Direction => CallDirection.Outbound;

    public AttemptOutcome? Failure { get; set; }

    public int? SipStatus { get; set; }

    public string? Detail { get; set; }

    public ICallPort? Port { get; set; }

    public char? ScreeningKey { get; set; }

    /// <summary>What the call record names as the call's flow: the survey the call is placed for, or <c>outbound</c>.</summary>
    public required string FlowId { get; init; }

    /// <summary>The version of <see cref="FlowId"/> (0 for <c>outbound</c>).</summary>
    public int FlowVersion { get; init; }

    public long? CallRecordId => RecordId;

    public CancellationToken CallEnded => HungUp;

    /// <summary>Completes once an answered call has ended and its record is written (at once for a call never answered).</summary>
    public Task Finished { get; set; } = Task.CompletedTask;

    /// <summary>The call record's flow summary with <paramref name="outcome"/> (the attempt's or the survey's outcome text).</summary>
    public CallFlowSummary Summary(string outcome) => new(FlowId, FlowVersion, outcome, "");

    /// <summary>True for the first outcome only: the call record keeps the first one given.</summary>
    public bool TryTakeOutcome() => Interlocked.Exchange(ref _outcomeGiven, 1) == 0;

    public Task HangUpAsync(string outcome, CancellationToken cancellationToken) => _dialer.HangUpAsync(this, outcome, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _dialer.HangUpAsync(this, "ended", CancellationToken.None).ConfigureAwait(false);
    }
}
