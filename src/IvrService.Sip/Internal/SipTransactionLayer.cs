using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace IvrService.Sip.Internal;

/// <summary>
/// Matches messages to transactions (RFC 3261 §17.1.3, §17.2.3), owns their timers, and passes what is not
/// a retransmission up to the user agent.
/// </summary>
internal sealed class SipTransactionLayer
{
    private readonly SipTransportLayer _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SipServerTransaction> _server = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SipClientTransaction> _client = new(StringComparer.Ordinal);

    public SipTransactionLayer(SipTransportLayer transport, SipTimers timers, TimeProvider time, ILogger logger)
    {
        _transport = transport;
        Timers = timers;
        _time = time;
        _logger = logger;
    }

    public SipTimers Timers { get; }

    public int ServerTransactionCount => _server.Count;

    public int ClientTransactionCount => _client.Count;

    /// <summary>A request that starts a new server transaction (not ACK, not a retransmission).</summary>
    public Action<SipServerTransaction>? NewRequest { get; set; }

    /// <summary>An ACK that matched no server transaction: the ACK for a 2xx, handled by the dialog.</summary>
    public Action<SipRequest>? StrayAck { get; set; }

    /// <summary>A CANCEL whose INVITE transaction exists; the handler sees the INVITE's transaction.</summary>
    public Action<SipServerTransaction>? InviteCancelled { get; set; }

    /// <summary>
    /// A response that matched no client transaction, and 2xx to INVITE retransmitted while its transaction is
    /// Accepted (RFC 6026 §8.4): the caller's ACK was lost and is sent again by the dialog.
    /// </summary>
    public Action<SipResponse>? StrayResponse { get; set; }

    /// <summary>Called just before a response goes out (dialogs are created from 2xx to INVITE here).</summary>
    public Action<SipServerTransaction, SipResponse>? ResponseSending { get; set; }

    public void OnMessage(SipMessage message)
    {
        if (message is SipResponse response)
        {
            OnResponse(response);
        }
        else
        {
            OnRequest((SipRequest)message);
        }
    }

    public SipClientTransaction CreateClientTransaction(SipRequest request, SipEndPoint destination)
    {
        var via = request.TopVia ?? throw new InvalidOperationException("request needs a Via before it is sent");
        var key = ClientKey(via.Branch!, request.CSeq!.Value.Method);
        var transaction = new SipClientTransaction(this, request, destination, key);
        if (!_client.TryAdd(key, transaction))
        {
            throw new InvalidOperationException($"a client transaction with branch {via.Branch} already exists");
        }

        return transaction;
    }

    public async Task StartClientTransactionAsync(SipClientTransaction transaction, CancellationToken cancellationToken)
    {
        transaction.Start();
        try
        {
            await _transport.SendAsync(transaction.Request, transaction.Destination, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or InvalidOperationException or ObjectDisposedException)
        {
            transaction.OnTransportError(ex.Message);
        }
    }

    internal async ValueTask SendResponseAsync(SipServerTransaction transaction, SipResponse response, CancellationToken cancellationToken)
    {
        try
        {
            await _transport.SendAsync(response, SipTransportLayer.ResponseDestination(transaction.Request), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            SipTransportLog.SendFailed(_logger, transaction.Request.Source!, ex.Message);
        }
    }

    internal void OnRetransmittedSuccess(SipResponse response) => StrayResponse?.Invoke(response);

    internal void OnResponseSending(SipServerTransaction transaction, SipResponse response) =>
        ResponseSending?.Invoke(transaction, response);

    internal void Resend(SipServerTransaction transaction, SipResponse response) =>
        SendStateless(response, SipTransportLayer.ResponseDestination(transaction.Request));

    internal void SendStateless(SipMessage message, SipEndPoint destination) =>
        _ = SendQuietlyAsync(message, destination);

    internal ITimer StartTimer<T>(T owner, TimeSpan due, Action<T> callback)
        where T : class =>
        _time.CreateTimer(static state => ((Action)state!)(), (Action)(() => callback(owner)), due, Timeout.InfiniteTimeSpan);

    internal void Remove(SipServerTransaction transaction) =>
        _server.TryRemove(new KeyValuePair<string, SipServerTransaction>(transaction.Key, transaction));

    /// <summary>Ends every pending client transaction with a local 503 so that no caller waits on a stopped agent.</summary>
    public void AbortClientTransactions(string reason)
    {
        foreach (var transaction in _client.Values)
        {
            transaction.OnTransportError(reason);
        }
    }

    internal void Remove(SipClientTransaction transaction) =>
        _client.TryRemove(new KeyValuePair<string, SipClientTransaction>(transaction.Key, transaction));

    /// <summary>The INVITE server transaction a CANCEL or ACK refers to, by the same matching rules.</summary>
    public SipServerTransaction? FindInviteTransaction(SipRequest request) =>
        _server.TryGetValue(ServerKey(request, SipMethods.Invite), out var transaction) ? transaction : null;

    private void OnRequest(SipRequest request)
    {
        if (request.Method == SipMethods.Ack)
        {
            var invite = FindInviteTransaction(request);
            if (invite is not null && invite.State is SipTransactionState.Completed or SipTransactionState.Confirmed)
            {
                invite.OnAck();
                return;
            }

            StrayAck?.Invoke(request);
            return;
        }

        var key = ServerKey(request, request.Method);
        if (_server.TryGetValue(key, out var existing))
        {
            existing.OnRetransmittedRequest();
            return;
        }

        var transaction = new SipServerTransaction(this, request, key);
        if (!_server.TryAdd(key, transaction))
        {
            _server[key].OnRetransmittedRequest();
            return;
        }

        if (request.Method == SipMethods.Cancel)
        {
            HandleCancel(transaction);
            return;
        }

        NewRequest?.Invoke(transaction);
    }

    private void HandleCancel(SipServerTransaction cancel)
    {
        var invite = FindInviteTransaction(cancel.Request);
        if (invite is null)
        {
            _ = cancel.RespondAsync(481);
            return;
        }

        _ = cancel.SendResponseAsync(SipResponse.Create(cancel.Request, 200, toTag: invite.LocalTag));
        if (invite.OnCancel())
        {
            InviteCancelled?.Invoke(invite);
        }
    }

    private void OnResponse(SipResponse response)
    {
        var via = response.TopVia;
        var method = response.CSeq?.Method;
        if (via?.Branch is null || method is null)
        {
            return;
        }

        if (_client.TryGetValue(ClientKey(via.Branch, method), out var transaction))
        {
            transaction.OnResponse(response);
            return;
        }

        StrayResponse?.Invoke(response);
    }

    private static string ClientKey(string branch, string method) => branch + "|" + method;

    /// <summary>RFC 3261 §17.2.3: branch + sent-by + method; RFC 2543 peers without the magic cookie by dialog fields.</summary>
    private static string ServerKey(SipRequest request, string method)
    {
        if (method == SipMethods.Ack)
        {
            method = SipMethods.Invite;
        }

        var via = request.TopVia!;
        var sentBy = via.Host + ":" + (via.Port ?? 0).ToString(CultureInfo.InvariantCulture);
        if (via.HasRfc3261Branch)
        {
            return via.Branch + "|" + sentBy + "|" + method;
        }

        return string.Join('|', "2543", request.Uri.ToString(), request.From?.Tag, request.CallId,
            request.CSeq?.Number.ToString(CultureInfo.InvariantCulture), sentBy, via.Branch, method);
    }

    private async Task SendQuietlyAsync(SipMessage message, SipEndPoint destination)
    {
        try
        {
            await _transport.SendAsync(message, destination, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            SipTransportLog.SendFailed(_logger, destination, ex.Message);
        }
    }
}
