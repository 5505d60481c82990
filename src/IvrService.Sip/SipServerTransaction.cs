namespace IvrService.Sip;

/// <summary>
/// A server transaction (RFC 3261 §17.2, RFC 6026): absorbs retransmitted requests, retransmits the last
/// response as the state machine requires, and tells the handler when the caller cancelled.
/// </summary>
public sealed class SipServerTransaction
{
    private readonly Internal.SipTransactionLayer _layer;
    private readonly CancellationTokenSource _cancelled = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<bool> _acknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _retransmitTimer;
    private ITimer? _endTimer;
    private TimeSpan _retransmitInterval;

    internal SipServerTransaction(Internal.SipTransactionLayer layer, SipRequest request, string key)
    {
        _layer = layer;
        Request = request;
        Key = key;
        State = request.Method == SipMethods.Invite ? SipTransactionState.Proceeding : SipTransactionState.Trying;
    }

    public SipRequest Request { get; }

    public SipTransactionState State { get; private set; }

    /// <summary>The last response sent, provisional or final.</summary>
    public SipResponse? LastResponse { get; private set; }

    /// <summary>Cancelled when a matching CANCEL arrives before a final response (RFC 3261 §9.2).</summary>
    public CancellationToken CancellationRequested => _cancelled.Token;

    /// <summary>The dialog the request belongs to, for requests inside one.</summary>
    public SipDialog? Dialog { get; internal set; }

    /// <summary>For INVITE: completes true when the ACK for the final response arrived, false when it never did.</summary>
    public Task<bool> Acknowledged => _acknowledged.Task;

    public bool HasFinalResponse
    {
        get
        {
            lock (_gate)
            {
                return LastResponse is { IsProvisional: false };
            }
        }
    }

    internal string Key { get; }

    private bool IsInvite => Request.Method == SipMethods.Invite;

    /// <summary>Creates a response to the request with the transaction's To tag.</summary>
    public SipResponse CreateResponse(int statusCode, string? reasonPhrase = null) =>
        SipResponse.Create(Request, statusCode, reasonPhrase, statusCode > 100 ? LocalTag : null);

    /// <summary>The To tag this side puts on its responses.</summary>
    public string LocalTag { get; internal set; } = SipIds.NewTag();

    /// <summary>Sends a response; returns false when a final response was already sent (the new one is dropped).</summary>
    public async ValueTask<bool> SendResponseAsync(SipResponse response, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (LastResponse is { IsProvisional: false } || State == SipTransactionState.Terminated)
            {
                return false;
            }

            LastResponse = response;
            if (!response.IsProvisional)
            {
                EnterFinalState(response);
            }
            else if (State == SipTransactionState.Trying)
            {
                State = SipTransactionState.Proceeding;
            }
        }

        _layer.OnResponseSending(this, response);
        await _layer.SendResponseAsync(this, response, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Answers the request with a status, if no final response went out yet.</summary>
    public ValueTask<bool> RespondAsync(int statusCode, string? reasonPhrase = null, CancellationToken cancellationToken = default) =>
        SendResponseAsync(CreateResponse(statusCode, reasonPhrase), cancellationToken);

    internal void OnRetransmittedRequest()
    {
        SipResponse? resend;
        lock (_gate)
        {
            // In Trying nothing was sent yet; in Accepted the 2xx is retransmitted on its own timer (RFC 6026 §7.1).
            resend = State is SipTransactionState.Proceeding or SipTransactionState.Completed ? LastResponse : null;
        }

        if (resend is not null)
        {
            _layer.Resend(this, resend);
        }
    }

    /// <summary>ACK matched: for a non-2xx final response by this transaction, for a 2xx by the dialog.</summary>
    internal void OnAck()
    {
        lock (_gate)
        {
            if (State == SipTransactionState.Completed)
            {
                State = SipTransactionState.Confirmed;
                _retransmitTimer?.Dispose();
                _endTimer?.Dispose();
                _endTimer = _layer.StartTimer(this, Reliable ? TimeSpan.Zero : _layer.Timers.T4, static t => t.Terminate());
            }
            else if (State == SipTransactionState.Accepted)
            {
                _retransmitTimer?.Dispose();
                _retransmitTimer = null;
            }
            else
            {
                return;
            }
        }

        _acknowledged.TrySetResult(true);
    }

    /// <summary>A CANCEL matched this transaction; returns true when it was still pending.</summary>
    internal bool OnCancel()
    {
        lock (_gate)
        {
            if (!IsInvite || LastResponse is { IsProvisional: false })
            {
                return false;
            }
        }

        _cancelled.Cancel();
        return true;
    }

    internal void Terminate()
    {
        lock (_gate)
        {
            if (State == SipTransactionState.Terminated)
            {
                return;
            }

            State = SipTransactionState.Terminated;
            _retransmitTimer?.Dispose();
            _endTimer?.Dispose();
        }

        _acknowledged.TrySetResult(false);
        _layer.Remove(this);
    }

    private bool Reliable => Request.Source?.Transport == SipTransportKind.Tcp;

    private void EnterFinalState(SipResponse response)
    {
        var timers = _layer.Timers;
        if (!IsInvite)
        {
            State = SipTransactionState.Completed;
            _endTimer = _layer.StartTimer(this, Reliable ? TimeSpan.Zero : timers.TransactionTimeout, static t => t.Terminate());
            return;
        }

        if (response.IsSuccess)
        {
            // RFC 6026 Accepted: the 2xx is retransmitted until the ACK on every transport (RFC 3261 §13.3.1.4),
            // because a reliable first hop says nothing about the rest of the path.
            State = SipTransactionState.Accepted;
            _retransmitInterval = timers.T1;
            _retransmitTimer = _layer.StartTimer(this, timers.T1, static t => t.Retransmit2xx());
            _endTimer = _layer.StartTimer(this, timers.TransactionTimeout, static t => t.Terminate());
            return;
        }

        State = SipTransactionState.Completed;
        if (!Reliable)
        {
            _retransmitInterval = timers.T1;
            _retransmitTimer = _layer.StartTimer(this, timers.T1, static t => t.RetransmitFinal());
        }

        _endTimer = _layer.StartTimer(this, timers.TransactionTimeout, static t => t.Terminate());
    }

    private void Retransmit2xx() => Retransmit(SipTransactionState.Accepted);

    private void RetransmitFinal() => Retransmit(SipTransactionState.Completed);

    /// <summary>Resends the final response while still in <paramref name="state"/>, doubling the interval up to T2.</summary>
    private void Retransmit(SipTransactionState state)
    {
        SipResponse? response;
        lock (_gate)
        {
            if (State != state || _retransmitTimer is null)
            {
                return;
            }

            response = LastResponse;
            _retransmitInterval = Min(_retransmitInterval * 2, _layer.Timers.T2);
            _retransmitTimer.Change(_retransmitInterval, Timeout.InfiniteTimeSpan);
        }

        if (response is not null)
        {
            _layer.Resend(this, response);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
