using System.Threading.Channels;

namespace IvrService.Sip;

/// <summary>
/// A client transaction (RFC 3261 §17.1, RFC 6026): retransmits the request, times out with a synthesised 408,
/// acknowledges non-2xx final responses to INVITE, and streams every response to the caller.
/// </summary>
public sealed class SipClientTransaction
{
    private readonly Internal.SipTransactionLayer _layer;
    private readonly Lock _gate = new();
    private readonly Channel<SipResponse> _responses = Channel.CreateUnbounded<SipResponse>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly TaskCompletionSource<SipResponse> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _retransmitTimer;
    private ITimer? _timeoutTimer;
    private TimeSpan _retransmitInterval;
    private SipRequest? _ack;

    internal SipClientTransaction(Internal.SipTransactionLayer layer, SipRequest request, SipEndPoint destination, string key)
    {
        _layer = layer;
        Request = request;
        Destination = destination;
        Key = key;
        State = IsInvite ? SipTransactionState.Calling : SipTransactionState.Trying;
    }

    public SipRequest Request { get; }

    public SipEndPoint Destination { get; }

    public SipTransactionState State { get; private set; }

    /// <summary>Every response in arrival order, provisional ones included; completes after the final one.</summary>
    public ChannelReader<SipResponse> Responses => _responses.Reader;

    /// <summary>The first final response (a synthesised 408 on timeout, 503 on a transport failure).</summary>
    public Task<SipResponse> Completion => _final.Task;

    /// <summary>True once any provisional response arrived (CANCEL may be sent only then, RFC 3261 §9.1).</summary>
    public bool HasProvisional { get; private set; }

    internal string Key { get; }

    private bool IsInvite => Request.Method == SipMethods.Invite;

    private bool Reliable => Destination.Transport == SipTransportKind.Tcp;

    internal void Start()
    {
        var timers = _layer.Timers;
        lock (_gate)
        {
            if (!Reliable)
            {
                _retransmitInterval = timers.T1;
                _retransmitTimer = _layer.StartTimer(this, timers.T1, static t => t.Retransmit());
            }

            _timeoutTimer = _layer.StartTimer(this, timers.TransactionTimeout, static t => t.OnTimeout());
        }
    }

    internal void OnResponse(SipResponse response)
    {
        SipRequest? ackToSend = null;
        var retransmittedSuccess = false;
        bool deliver;
        lock (_gate)
        {
            switch (State)
            {
                case SipTransactionState.Calling or SipTransactionState.Trying or SipTransactionState.Proceeding:
                    deliver = true;
                    if (response.IsProvisional)
                    {
                        HasProvisional = true;
                        State = SipTransactionState.Proceeding;
                        if (IsInvite)
                        {
                            // Proceeding: no more retransmissions and no Timer B; how long to ring is the TU's call.
                            _retransmitTimer?.Dispose();
                            _retransmitTimer = null;
                            _timeoutTimer?.Dispose();
                            _timeoutTimer = null;
                        }
                        else if (_retransmitTimer is not null)
                        {
                            _retransmitInterval = _layer.Timers.T2;
                        }
                    }
                    else
                    {
                        _retransmitTimer?.Dispose();
                        _retransmitTimer = null;
                        _timeoutTimer?.Dispose();
                        _timeoutTimer = null;
                        EnterFinalState(response, ref ackToSend);
                    }

                    break;
                case SipTransactionState.Accepted:
                    // RFC 6026 §8.4: retransmitted 2xx go to the TU, which re-sends its ACK (ours was lost). The
                    // reader of Responses has long taken the first 2xx and gone: nobody would ever read these.
                    deliver = false;
                    retransmittedSuccess = response.IsSuccess;
                    break;
                case SipTransactionState.Completed when IsInvite && !response.IsProvisional:
                    ackToSend = _ack;
                    deliver = false;
                    break;
                default:
                    deliver = false;
                    break;
            }
        }

        if (ackToSend is not null)
        {
            _layer.SendStateless(ackToSend, Destination);
        }

        if (retransmittedSuccess)
        {
            _layer.OnRetransmittedSuccess(response);
        }

        if (deliver)
        {
            _responses.Writer.TryWrite(response);
            if (!response.IsProvisional)
            {
                _final.TrySetResult(response);
            }
        }
    }

    internal void OnTransportError(string reason) => CompleteWithLocalResponse(503, reason);

    /// <summary>
    /// Gives up on an INVITE whose CANCEL got no final response in time (RFC 3261 §9.1: after 64*T1 the client
    /// considers it cancelled and destroys the transaction): completes with a local 487. No-op once it has ended.
    /// </summary>
    internal void AbandonAfterCancel() => CompleteWithLocalResponse(487, "Request Terminated");

    private void OnTimeout() => CompleteWithLocalResponse(408, "Request Timeout");

    private void CompleteWithLocalResponse(int status, string reason)
    {
        lock (_gate)
        {
            if (State is SipTransactionState.Completed or SipTransactionState.Terminated or SipTransactionState.Accepted)
            {
                return;
            }

            State = SipTransactionState.Terminated;
            _retransmitTimer?.Dispose();
            _timeoutTimer?.Dispose();
        }

        var response = SipResponse.Create(Request, status, reason);
        _responses.Writer.TryWrite(response);
        _responses.Writer.TryComplete();
        _final.TrySetResult(response);
        _layer.Remove(this);
    }

    private void EnterFinalState(SipResponse response, ref SipRequest? ackToSend)
    {
        var timers = _layer.Timers;
        if (IsInvite && response.IsSuccess)
        {
            State = SipTransactionState.Accepted;
            _timeoutTimer = _layer.StartTimer(this, timers.TransactionTimeout, static t => t.Terminate());
            return;
        }

        State = SipTransactionState.Completed;
        if (IsInvite)
        {
            _ack = CreateAckForFailure(response);
            ackToSend = _ack;
            _timeoutTimer = _layer.StartTimer(this, Reliable ? TimeSpan.Zero : timers.TimerD, static t => t.Terminate());
        }
        else
        {
            _timeoutTimer = _layer.StartTimer(this, Reliable ? TimeSpan.Zero : timers.T4, static t => t.Terminate());
        }
    }

    /// <summary>The ACK for a non-2xx final response (RFC 3261 §17.1.1.3): same branch, To from the response.</summary>
    private SipRequest CreateAckForFailure(SipResponse response)
    {
        var ack = new SipRequest(SipMethods.Ack, Request.Uri);
        ack.Headers.Add(SipHeaderNames.Via, Request.Headers.GetValues(SipHeaderNames.Via)[0]);
        foreach (var route in Request.Headers.GetLines(SipHeaderNames.Route))
        {
            ack.Headers.Add(SipHeaderNames.Route, route);
        }

        ack.Headers.Add(SipHeaderNames.MaxForwards, "70");
        ack.Headers.Add(SipHeaderNames.From, Request.Headers[SipHeaderNames.From]!);
        ack.Headers.Add(SipHeaderNames.To, response.Headers[SipHeaderNames.To] ?? Request.Headers[SipHeaderNames.To]!);
        ack.Headers.Add(SipHeaderNames.CallId, Request.CallId!);
        ack.Headers.Add(SipHeaderNames.CSeq, new SipCSeq(Request.CSeq!.Value.Number, SipMethods.Ack).ToString());
        return ack;
    }

    private void Retransmit()
    {
        lock (_gate)
        {
            if (_retransmitTimer is null || State is not (SipTransactionState.Calling or SipTransactionState.Trying or SipTransactionState.Proceeding))
            {
                return;
            }

            _retransmitInterval = IsInvite || State == SipTransactionState.Trying
                ? Min(_retransmitInterval * 2, IsInvite ? TimeSpan.MaxValue : _layer.Timers.T2)
                : _layer.Timers.T2;
            _retransmitTimer.Change(_retransmitInterval, Timeout.InfiniteTimeSpan);
        }

        _layer.SendStateless(Request, Destination);
    }

    private void Terminate()
    {
        lock (_gate)
        {
            State = SipTransactionState.Terminated;
            _retransmitTimer?.Dispose();
            _timeoutTimer?.Dispose();
        }

        _responses.Writer.TryComplete();
        _layer.Remove(this);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
