using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using IvrService.Sip.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IvrService.Sip;

/// <summary>
/// The SIP user agent: a server side with one handler per method and a client side that sends requests
/// through client transactions. Dialogs sit on top and keep call state; the host binds them to media.
/// </summary>
public sealed partial class SipUserAgent : IAsyncDisposable
{
    /// <summary>Methods this agent serves; others known to SIP get 405, unknown ones 501.</summary>
    public static readonly string AllowedMethods = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, REFER, NOTIFY";

    public static readonly string AcceptedContent = "application/sdp, application/dtmf-relay, application/dtmf";

    private readonly SipOptions _options;
    private readonly ILogger _logger;
    private readonly SipTransportLayer _transport;
    private readonly SipTransactionLayer _transactions;
    private readonly ConcurrentDictionary<string, SipDialog> _dialogs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SipServerTransaction> _awaitingAck = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SipServerTransaction> _pendingInvites = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private volatile bool _acceptingCalls = true;

    public SipUserAgent(SipOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        _options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("IvrService.Sip");
        _transport = new SipTransportLayer(options, _logger);
        _transactions = new SipTransactionLayer(_transport, options.Timers, TimeProvider, _logger);
        _transport.MessageReceived = _transactions.OnMessage;
        _transactions.NewRequest = OnNewRequest;
        _transactions.StrayAck = OnAckForSuccess;
        _transactions.ResponseSending = OnResponseSending;
        _transactions.StrayResponse = OnStrayResponse;
    }

    public TimeProvider TimeProvider { get; }

    public SipHandlers Handlers { get; } = new();

    /// <summary>Decides before parsing whether a source may talk to us at all; false drops the packet silently.</summary>
    public Func<IPAddress, bool>? SourceFilter
    {
        get => _transport.AcceptSource;
        set => _transport.AcceptSource = value;
    }

    /// <summary>Decides after parsing whether a request is dropped silently (scanner signatures).</summary>
    public Func<SipRequest, bool>? SilentDropFilter { get; set; }

    public IPEndPoint? UdpEndPoint => _transport.UdpEndPoint;

    public IPEndPoint? TcpEndPoint => _transport.TcpEndPoint;

    public int DialogCount => _dialogs.Count;

    public IEnumerable<SipDialog> Dialogs => _dialogs.Values;

    /// <summary>Server transactions alive (each ends on its RFC 3261 / RFC 6026 timer).</summary>
    internal int ServerTransactionCount => _transactions.ServerTransactionCount;

    /// <summary>Client transactions alive.</summary>
    internal int ClientTransactionCount => _transactions.ClientTransactionCount;

    /// <summary>2xx responses to INVITE still waiting for their ACK.</summary>
    internal int AwaitingAckCount => _awaitingAck.Count;

    /// <summary>Initial INVITEs without a final response yet.</summary>
    internal int PendingInviteCount => _pendingInvites.Count;

    public void Start()
    {
        _transport.Start();
        SipUserAgentLog.Listening(_logger, _transport.UdpEndPoint, _transport.TcpEndPoint);
    }

    /// <summary>From now on new INVITEs get 503; dialogs in progress go on.</summary>
    public void StopAcceptingCalls() => _acceptingCalls = false;

    public bool IsAcceptingCalls => _acceptingCalls;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        _transactions.AbortClientTransactions("the SIP user agent stopped");
        _stopping.Dispose();
    }

    public SipDialog? FindDialog(string callId, string localTag, string remoteTag) =>
        _dialogs.TryGetValue(SipDialog.DialogKey(callId, localTag, remoteTag), out var dialog) ? dialog : null;

    /// <summary>Forgets a dialog (after BYE either way).</summary>
    public void RemoveDialog(SipDialog dialog)
    {
        dialog.State = SipDialogState.Terminated;
        _dialogs.TryRemove(new KeyValuePair<string, SipDialog>(dialog.Key, dialog));
    }

    private void OnNewRequest(SipServerTransaction transaction)
    {
        var request = transaction.Request;
        if (SilentDropFilter?.Invoke(request) == true)
        {
            SipUserAgentLog.ScannerDropped(_logger, request.Method, request.Source, request.Headers[SipHeaderNames.UserAgent]);
            transaction.Terminate();
            return;
        }

        if (Screen(transaction) is { } rejection)
        {
            SipUserAgentLog.RequestRejected(_logger, request.Method, request.CallId, request.Source, rejection.StatusCode, rejection.ReasonPhrase);
            _ = transaction.SendResponseAsync(rejection);
            return;
        }

        var handler = request.Method switch
        {
            SipMethods.Invite => Handlers.Invite,
            SipMethods.Bye => Handlers.Bye,
            SipMethods.Info => Handlers.Info,
            SipMethods.Refer => Handlers.Refer,
            SipMethods.Notify => Handlers.Notify,
            SipMethods.Options => Handlers.Options ?? AnswerOptionsAsync,
            _ => null,
        };

        if (request.Method == SipMethods.Bye && transaction.Dialog is { } ending)
        {
            RemoveDialog(ending);
        }

        if (handler is null)
        {
            _ = request.Method == SipMethods.Bye
                ? transaction.RespondAsync(200)
                : transaction.RespondAsync(405);
            return;
        }

        if (request.Method == SipMethods.Invite)
        {
            transaction.CancellationRequested.Register(static state =>
            {
                var tx = (SipServerTransaction)state!;
                _ = tx.RespondAsync(487);
            }, transaction);
            if (transaction.Dialog is { } reinviting)
            {
                reinviting.RemoteInvitePending = true;
            }
            else
            {
                _pendingInvites[MergeKey(request)] = transaction;
                _ = transaction.SendResponseAsync(SipResponse.Create(request, 100));
            }
        }

        _ = RunHandlerAsync(handler, transaction);
    }

    /// <summary>The checks of RFC 3261 §8.2 and §12.2.2 before a request reaches its handler.</summary>
    private SipResponse? Screen(SipServerTransaction transaction)
    {
        var request = transaction.Request;
        SipResponse Reject(int status, string? reason = null) => transaction.CreateResponse(status, reason);

        if (!SipMethods.IsKnown(request.Method))
        {
            var response = Reject(501);
            response.Headers.Add(SipHeaderNames.Allow, AllowedMethods);
            return response;
        }

        if (request.Uri.Scheme is not ("sip" or "sips" or "tel"))
        {
            return Reject(416);
        }

        // §8.2.2.3: option tags in Require that we do not support.
        var required = request.Headers.GetValues(SipHeaderNames.Require);
        if (required.Count > 0 && request.Method != SipMethods.Cancel)
        {
            var response = Reject(420);
            response.Headers.Add(SipHeaderNames.Unsupported, string.Join(", ", required));
            return response;
        }

        var toTag = request.To?.Tag;
        if (toTag is not null)
        {
            var dialog = FindDialog(request.CallId!, toTag, request.From?.Tag ?? "");
            if (dialog is null)
            {
                return Reject(481);
            }

            var sequence = request.CSeq!.Value.Number;
            if (sequence < dialog.RemoteSequence || (sequence == dialog.RemoteSequence && request.Method != SipMethods.Ack))
            {
                return Reject(500, "CSeq out of order");
            }

            if (request.Method == SipMethods.Invite)
            {
                if (dialog.LocalInvitePending)
                {
                    return Reject(491);
                }

                if (dialog.RemoteInvitePending)
                {
                    var busy = Reject(500, "Previous re-INVITE pending");
                    busy.Headers.Add(SipHeaderNames.RetryAfter, RandomRetryAfter());
                    return busy;
                }
            }

            dialog.RemoteSequence = sequence;
            dialog.RemoteEndPoint = request.Source ?? dialog.RemoteEndPoint;
            transaction.LocalTag = dialog.LocalTag;
            transaction.Dialog = dialog;
        }
        else if (request.Method is SipMethods.Bye or SipMethods.Info or SipMethods.Refer or SipMethods.Notify or SipMethods.Prack or SipMethods.Update)
        {
            // Methods that only exist inside a dialog.
            return Reject(481);
        }

        if (request.Method == SipMethods.Invite && toTag is null)
        {
            // §8.2.2.2: the same request arriving by another path is a merged request.
            if (_pendingInvites.TryGetValue(MergeKey(request), out var original) && !ReferenceEquals(original, transaction) &&
                original.State == SipTransactionState.Proceeding)
            {
                return Reject(482);
            }

            if (!_acceptingCalls)
            {
                return ShuttingDownResponse(transaction);
            }
        }

        // A body we do not understand is fine when its sender lets us ignore it (a SIP-I ISUP marked handling=optional).
        if (request.Method is SipMethods.Invite && !request.Body.IsEmpty && !IsSessionDescription(request.ContentType) && !SipBody.IsOptional(request))
        {
            var response = Reject(415);
            response.Headers.Add(SipHeaderNames.Accept, "application/sdp");
            return response;
        }

        // §8.2.3 / RFC 3264: an INVITE whose Accept rules out SDP cannot get our answer.
        if (request.Method is SipMethods.Invite && request.Headers.Contains(SipHeaderNames.Accept) &&
            !AcceptsSessionDescription(request.Headers.GetValues(SipHeaderNames.Accept)))
        {
            var response = Reject(406);
            response.Headers.Add(SipHeaderNames.Accept, "application/sdp");
            return response;
        }

        if (request.Method is SipMethods.Register or SipMethods.Subscribe or SipMethods.Message or SipMethods.Publish or SipMethods.Prack or SipMethods.Update)
        {
            var response = Reject(405);
            response.Headers.Add(SipHeaderNames.Allow, AllowedMethods);
            return response;
        }

        return null;
    }

    private async Task RunHandlerAsync(SipRequestHandler handler, SipServerTransaction transaction)
    {
        try
        {
            await handler(transaction, _stopping.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failing handler must leave the caller with an answer, not a hanging transaction.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SipUserAgentLog.HandlerFailed(_logger, transaction.Request.Method, transaction.Request.CallId, ex);
            await transaction.RespondAsync(500).ConfigureAwait(false);
        }
        finally
        {
            if (transaction.Request.Method == SipMethods.Invite && transaction.Dialog is { } dialog)
            {
                dialog.RemoteInvitePending = false;
            }
        }

        if (!transaction.HasFinalResponse && transaction.Request.Method != SipMethods.Invite)
        {
            await transaction.RespondAsync(500, "No response from handler").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Answers OPTIONS as an INVITE would be answered (RFC 3261 §11.2): 200 while calls are taken, 503 with
    /// Retry-After once the agent stops accepting them, so a load balancer probing with OPTIONS takes a
    /// draining instance out. An OPTIONS inside a dialog still gets 200: the dialog goes on.
    /// </summary>
    private Task AnswerOptionsAsync(SipServerTransaction transaction, CancellationToken cancellationToken)
    {
        var response = !_acceptingCalls && transaction.Dialog is null
            ? ShuttingDownResponse(transaction)
            : transaction.CreateResponse(200);
        response.Headers.Add(SipHeaderNames.Allow, AllowedMethods);
        response.Headers.Add(SipHeaderNames.Accept, AcceptedContent);
        response.Headers.Add(SipHeaderNames.Supported, "");
        response.Headers.Add(SipHeaderNames.Server, _options.UserAgent);
        return transaction.SendResponseAsync(response, cancellationToken).AsTask();
    }

    private static SipResponse ShuttingDownResponse(SipServerTransaction transaction)
    {
        var response = transaction.CreateResponse(503, "Shutting down");
        response.Headers.Add(SipHeaderNames.RetryAfter, "30");
        return response;
    }

    /// <summary>Creates the UAS dialog as the 2xx to an initial INVITE goes out (RFC 3261 §12.1.1).</summary>
    private void OnResponseSending(SipServerTransaction transaction, SipResponse response)
    {
        var request = transaction.Request;
        if (!response.Headers.Contains(SipHeaderNames.Server))
        {
            response.Headers.Add(SipHeaderNames.Server, _options.UserAgent);
        }

        // §12.1.1: a response that makes a dialog (101-299 to an initial INVITE) carries the request's
        // Record-Route values in order, so the caller's ACK, BYE and re-INVITEs take the proxies' path too.
        if (request.Method == SipMethods.Invite && request.To?.Tag is null && response.StatusCode is > 100 and < 300 &&
            !response.Headers.Contains(SipHeaderNames.RecordRoute))
        {
            foreach (var recordRoute in request.Headers.GetLines(SipHeaderNames.RecordRoute))
            {
                response.Headers.Add(SipHeaderNames.RecordRoute, recordRoute);
            }
        }

        if (request.Method != SipMethods.Invite || response.StatusCode < 200)
        {
            return;
        }

        _pendingInvites.TryRemove(new KeyValuePair<string, SipServerTransaction>(MergeKey(request), transaction));

        if (response.IsSuccess && !response.Headers.Contains(SipHeaderNames.Contact))
        {
            response.Headers.Add(SipHeaderNames.Contact, "<" + LocalContactFor(request) + ">");
        }

        if (!response.IsSuccess)
        {
            return;
        }

        if (transaction.Dialog is null)
        {
            var dialog = CreateServerDialog(request, response);
            if (dialog is not null)
            {
                transaction.Dialog = dialog;
                _dialogs[dialog.Key] = dialog;
            }
        }

        if (transaction.Dialog is { } confirmed)
        {
            _awaitingAck[AckKey(request.CallId!, request.CSeq!.Value.Number)] = transaction;
            _ = WatchAckAsync(transaction, confirmed);
        }
    }

    private SipDialog? CreateServerDialog(SipRequest request, SipResponse response)
    {
        var remote = request.From;
        var local = response.To;
        if (remote is null || local?.Tag is null)
        {
            return null;
        }

        var contact = request.GetAddresses(SipHeaderNames.Contact);
        var target = contact.Count > 0 ? contact[0].Uri : remote.Uri;
        var routes = request.GetAddresses(SipHeaderNames.RecordRoute);
        var source = request.Source!;
        var behindNat = request.TopVia is { HasRport: true } &&
            (!IPAddress.TryParse(target.Host.Trim('[', ']'), out var contactAddress) || !contactAddress.Equals(source.EndPoint.Address));
        var useSource = routes.Count == 0 && (source.Transport == SipTransportKind.Tcp || behindNat);
        return new SipDialog(
            isCaller: false,
            request.CallId!,
            local.Clone(),
            remote.Clone(),
            target,
            routes,
            localSequence: (uint)Random.Shared.Next(1, 10_000),
            remoteSequence: request.CSeq!.Value.Number,
            request.Source!,
            LocalContactFor(request))
        {
            UseRemoteEndPoint = useSource,
        };
    }

    private async Task WatchAckAsync(SipServerTransaction transaction, SipDialog dialog)
    {
        var acknowledged = await transaction.Acknowledged.ConfigureAwait(false);
        _awaitingAck.TryRemove(new KeyValuePair<string, SipServerTransaction>(AckKey(dialog.CallId, transaction.Request.CSeq!.Value.Number), transaction));
        if (!acknowledged && dialog.State != SipDialogState.Terminated)
        {
            // RFC 3261 §13.3.1.4: no ACK for the 2xx within 64*T1 — end the session with BYE. A re-INVITE's 2xx
            // too (§14.2 has its UAS follow §13.3.1): a peer that never acknowledges it is not there any more.
            SipUserAgentLog.AckTimeout(_logger, dialog.CallId);
            Handlers.AckTimeout?.Invoke(dialog);
            await ByeAsync(dialog, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void OnAckForSuccess(SipRequest ack)
    {
        var dialog = FindDialog(ack.CallId ?? "", ack.To?.Tag ?? "", ack.From?.Tag ?? "");
        if (dialog is null)
        {
            return;
        }

        if (_awaitingAck.TryRemove(AckKey(dialog.CallId, ack.CSeq?.Number ?? 0), out var invite))
        {
            invite.OnAck();
            Handlers.Ack?.Invoke(dialog, ack);
        }
    }

    private void OnStrayResponse(SipResponse response)
    {
        // A retransmitted 2xx for an INVITE (its client transaction Accepted or already ended): our ACK was lost; send
        // it again, or the callee ends the call at 64*T1 for want of it (RFC 3261 §13.2.2.4, RFC 6026 §8.4).
        if (response.IsSuccess && response.CSeq?.Method == SipMethods.Invite &&
            FindDialog(response.CallId ?? "", response.From?.Tag ?? "", response.To?.Tag ?? "") is { } dialog)
        {
            _ = SendAckAsync(dialog, response.CSeq.Value.Number, CancellationToken.None);
        }
    }

    /// <summary>The local address the sender of <paramref name="request"/> reached us on (for Contact and SDP).</summary>
    public IPAddress LocalAddressFor(SipRequest request)
    {
        var source = request.Source ?? throw new ArgumentException("request was not received from the network", nameof(request));
        return request.Destination?.EndPoint.Address is { } address && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any)
            ? address
            : _transport.LocalAddressFor(source.EndPoint.Address);
    }

    private SipUri LocalContactFor(SipRequest request)
    {
        var source = request.Source!;
        var local = LocalAddressFor(request);
        var contact = SipUri.Create("sip", request.Uri.User is { Length: > 0 } user && request.Uri.IsSip ? user : null, HostText(local), _transport.LocalPort(source.Transport));
        if (source.Transport == SipTransportKind.Tcp)
        {
            contact.Parameters.Set("transport", "tcp");
        }

        return contact;
    }

    internal static string HostText(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();

    private static bool IsSessionDescription(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var type = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return type.Equals("application/sdp", StringComparison.OrdinalIgnoreCase) ||
               type.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase);
    }

    private static bool AcceptsSessionDescription(List<string> accepted)
    {
        if (accepted.Count == 0)
        {
            return true;
        }

        foreach (var value in accepted)
        {
            var semicolon = value.IndexOf(';', StringComparison.Ordinal);
            var type = (semicolon < 0 ? value : value[..semicolon]).Trim();
            if (type is "*/*" || type.Equals("application/*", StringComparison.OrdinalIgnoreCase) ||
                type.Equals("application/sdp", StringComparison.OrdinalIgnoreCase) ||
                type.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string MergeKey(SipRequest request) =>
        request.CallId + "|" + request.From?.Tag + "|" + request.CSeq?.Number.ToString(CultureInfo.InvariantCulture);

    private static string AckKey(string callId, uint sequence) => callId + "|" + sequence.ToString(CultureInfo.InvariantCulture);

    private static string RandomRetryAfter() => Random.Shared.Next(0, 11).ToString(CultureInfo.InvariantCulture);
}
