using System.Collections.Concurrent;
using IvrService.Host.Internal;
using IvrService.Sip;
using IvrService.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IvrService.Host.Calls;

/// <summary>
/// Answers inbound calls: records the offer, rings, answers with an SDP answer, holds the call until BYE,
/// the maximum duration or shutdown, and records how it ended. The media engine attaches here.
/// </summary>
internal sealed class InboundCallHandler
{
    private readonly ConcurrentDictionary<string, InboundCall> _calls = new(StringComparer.Ordinal);
    private readonly ICallRecordStore _records;
    private readonly CallOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InboundCallHandler> _logger;
    private readonly string _instanceId;
    private SipUserAgent? _agent;

    public InboundCallHandler(ICallRecordStore records, IOptions<CallOptions> options, TimeProvider time, ILogger<InboundCallHandler> logger)
    {
        _records = records;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _instanceId = _options.InstanceId ?? Environment.MachineName;
    }

    public string InstanceId => _instanceId;

    public int ActiveCalls => _calls.Count;

    public IEnumerable<InboundCall> Calls => _calls.Values;

    public void Attach(SipUserAgent agent)
    {
        _agent = agent;
        agent.Handlers.Ack = OnAck;
        agent.Handlers.Invite = (tx, ct) => tx.Dialog is null ? HandleNewCallAsync(agent, tx, ct) : HandleReinviteAsync(tx, ct);
        agent.Handlers.Bye = HandleByeAsync;
        agent.Handlers.Info = (tx, ct) => tx.RespondAsync(200, cancellationToken: ct).AsTask();
        agent.Handlers.Refer = (tx, ct) => tx.RespondAsync(403, "Transfer not allowed", ct).AsTask();
        agent.Handlers.Notify = (tx, ct) => tx.RespondAsync(200, cancellationToken: ct).AsTask();
        agent.Handlers.AckTimeout = dialog =>
        {
            if (_calls.TryGetValue(dialog.CallId, out var call))
            {
                call.End(CallEndReason.IvrHangup, 408);
            }
        };
    }

    /// <summary>Ends every call in progress with BYE (shutdown).</summary>
    public async Task EndAllAsync(SipUserAgent agent, CallEndReason reason, CancellationToken cancellationToken)
    {
        var ending = new List<Task>();
        foreach (var call in _calls.Values)
        {
            if (call.Dialog is { } dialog && call.End(reason))
            {
                ending.Add(agent.ByeAsync(dialog, cancellationToken));
            }
            else if (call.Dialog is null)
            {
                await call.Invite.RespondAsync(503, "Shutting down", cancellationToken).ConfigureAwait(false);
                call.End(reason, 503);
            }
        }

        await Task.WhenAll(ending).ConfigureAwait(false);
    }

    private async Task HandleNewCallAsync(SipUserAgent agent, SipServerTransaction invite, CancellationToken stopping)
    {
        var request = invite.Request;
        var call = new InboundCall(invite);
        if (!_calls.TryAdd(call.CallId, call))
        {
            // Same Call-ID, different transaction: a second INVITE for a call we already handle.
            await invite.RespondAsync(482, cancellationToken: stopping).ConfigureAwait(false);
            return;
        }

        try
        {
            call.RecordId = await RecordOfferedAsync(request, stopping).ConfigureAwait(false);
            var (sipStatus, reason) = await AnswerAsync(agent, call, stopping).ConfigureAwait(false);
            if (reason is { } notAnswered)
            {
                await RecordEndedAsync(call, notAnswered, sipStatus).ConfigureAwait(false);
                return;
            }

            await RecordAsync(id => _records.RecordAnsweredAsync(id, _time.GetUtcNow(), CancellationToken.None), call).ConfigureAwait(false);
            var (endReason, endStatus) = await WaitForEndAsync(agent, call).ConfigureAwait(false);
            await RecordEndedAsync(call, endReason, endStatus ?? 200).ConfigureAwait(false);
        }
        finally
        {
            call.Rtp?.Dispose();
            _calls.TryRemove(new KeyValuePair<string, InboundCall>(call.CallId, call));
        }
    }

    /// <summary>Rings and answers; returns the reason the call ended instead when it was not answered.</summary>
    private async Task<(int SipStatus, CallEndReason? Reason)> AnswerAsync(SipUserAgent agent, InboundCall call, CancellationToken stopping)
    {
        var invite = call.Invite;
        var cancelled = invite.CancellationRequested;
        var localAddress = agent.LocalAddressFor(invite.Request);
        call.Rtp = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(localAddress, 0));
        var port = ((System.Net.IPEndPoint)call.Rtp.Client.LocalEndPoint!).Port;
        var outcome = SessionAnswerer.Answer(invite.Request, SessionAnswerer.NewLocal(localAddress, port));
        if (outcome.RejectStatus is int rejectStatus)
        {
            await RejectAsync(invite, outcome, stopping).ConfigureAwait(false);
            return (rejectStatus, CallEndReason.Rejected);
        }

        call.LocalMedia = outcome.Local;
        call.Negotiated = outcome.Negotiated;
        call.PendingOffer = outcome.IsOffer ? outcome.Sdp : null;
        if (_options.SendRinging)
        {
            await invite.RespondAsync(180, cancellationToken: stopping).ConfigureAwait(false);
        }

        if (_options.AnswerDelayMilliseconds > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_options.AnswerDelayMilliseconds), _time, cancelled).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        var ok = invite.CreateResponse(200);
        ok.SetBody("application/sdp", outcome.Sdp!);
        if (cancelled.IsCancellationRequested || !await invite.SendResponseAsync(ok, stopping).ConfigureAwait(false))
        {
            // CANCEL won the race: the agent answered 487.
            return (487, CallEndReason.Cancelled);
        }

        call.Dialog = invite.Dialog;
        return (200, null);
    }

    private static async Task RejectAsync(SipServerTransaction transaction, SessionAnswerer.Outcome outcome, CancellationToken cancellationToken)
    {
        var rejection = transaction.CreateResponse(outcome.RejectStatus!.Value);
        if (outcome.Warning is { } warning)
        {
            rejection.Headers.Add(SipHeaderNames.Warning, warning);
        }

        if (outcome.RejectStatus == 415)
        {
            rejection.Headers.Add(SipHeaderNames.Accept, "application/sdp");
        }

        await transaction.SendResponseAsync(rejection, cancellationToken).ConfigureAwait(false);
    }

    private void OnAck(SipDialog dialog, SipRequest ack)
    {
        if (!_calls.TryGetValue(dialog.CallId, out var call) || call.PendingOffer is not { } offer)
        {
            return;
        }

        call.PendingOffer = null;
        call.Negotiated = SessionAnswerer.ReadAnswer(offer, ack);
        if (call.Negotiated is null)
        {
            // RFC 3261 §13.3.1.4 leaves no other way out of an unusable answer in the ACK than ending the call.
            call.End(CallEndReason.Rejected, 488);
            _ = _agent?.ByeAsync(dialog, CancellationToken.None);
        }
    }

    private async Task<(CallEndReason Reason, int? SipStatus)> WaitForEndAsync(SipUserAgent agent, InboundCall call)
    {
        var maxDuration = Task.Delay(TimeSpan.FromSeconds(_options.MaxDurationSeconds), _time);
        var first = await Task.WhenAny(call.Ended, maxDuration).ConfigureAwait(false);
        if (first == maxDuration && call.End(CallEndReason.MaxDuration) && call.Dialog is { } dialog)
        {
            await agent.ByeAsync(dialog, CancellationToken.None).ConfigureAwait(false);
        }

        return await call.Ended.ConfigureAwait(false);
    }

    private async Task HandleReinviteAsync(SipServerTransaction reinvite, CancellationToken stopping)
    {
        if (!_calls.TryGetValue(reinvite.Request.CallId!, out var call) || call.LocalMedia is not { } previous)
        {
            await reinvite.RespondAsync(481, cancellationToken: stopping).ConfigureAwait(false);
            return;
        }

        var outcome = SessionAnswerer.Answer(reinvite.Request, previous.NextVersion());
        if (outcome.RejectStatus is not null)
        {
            await RejectAsync(reinvite, outcome, stopping).ConfigureAwait(false);
            return;
        }

        var ok = reinvite.CreateResponse(200);
        ok.SetBody("application/sdp", outcome.Sdp!);
        call.LocalMedia = outcome.Local;
        if (outcome.Negotiated is not null)
        {
            call.Negotiated = outcome.Negotiated;
        }

        call.PendingOffer = outcome.IsOffer ? outcome.Sdp : null;
        await reinvite.SendResponseAsync(ok, stopping).ConfigureAwait(false);
    }

    private async Task HandleByeAsync(SipServerTransaction bye, CancellationToken stopping)
    {
        await bye.RespondAsync(200, cancellationToken: stopping).ConfigureAwait(false);
        if (_calls.TryGetValue(bye.Request.CallId!, out var call))
        {
            call.End(CallEndReason.CallerHangup);
        }
    }

    private async Task<long?> RecordOfferedAsync(SipRequest request, CancellationToken cancellationToken)
    {
        var source = request.Source!;
        var offered = new CallOffered(
            request.CallId!,
            CallDirection.Inbound,
            request.From?.Uri.ToString() ?? "",
            request.To?.Uri.ToString() ?? "",
            request.From?.Uri.UnescapedUser ?? "",
            request.Uri.UnescapedUser ?? request.To?.Uri.UnescapedUser ?? "",
            source.EndPoint.ToString(),
            source.Transport == SipTransportKind.Udp ? CallTransport.Udp : CallTransport.Tcp,
            _time.GetUtcNow(),
            _instanceId);
        try
        {
            return await _records.RecordOfferedAsync(offered, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            HostLog.CallRecordFailed(_logger, request.CallId!, ex);
            return null;
        }
    }

    private Task RecordEndedAsync(InboundCall call, CallEndReason reason, int? sipStatus) =>
        RecordAsync(id => _records.RecordEndedAsync(id, _time.GetUtcNow(), reason, sipStatus, CancellationToken.None), call);

    private async Task RecordAsync(Func<long, Task<bool>> write, InboundCall call)
    {
        if (call.RecordId is not long id)
        {
            return;
        }

        try
        {
            await write(id).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            HostLog.CallRecordFailed(_logger, call.CallId, ex);
        }
    }
}
