using System.Collections.Concurrent;
using System.Globalization;
using IvrService.Flows;
using IvrService.HappyCalls;
using IvrService.Host.Flows;
using IvrService.Host.Internal;
using IvrService.Media;
using IvrService.Media.Audio;
using IvrService.Media.Dtmf;
using IvrService.Sip;
using IvrService.Speech;
using IvrService.Storage;
using Microsoft.Extensions.Options;

namespace IvrService.Host.Calls;

/// <summary>
/// Answers inbound calls: records the offer, rings, answers with an SDP answer on a leased RTP port, runs the
/// current version of the inbound menu on the call (pinned for the whole call), stores every key, the
/// recording path and the flow's outcome on the call record, and records how the call ended (BYE, the menu
/// hanging up, maximum duration, media timeout, shutdown). After a bridged transfer the call stays up with its
/// outbound leg until either side hangs up; the other side then gets a BYE. In-dialog requests (BYE, INFO, NOTIFY,
/// re-INVITE, ACK) are served for every call in the <see cref="CallRegistry"/>, outbound calls included, re-INVITEs of a
/// bridged destination on its leg, and the shutdown ends calls of both directions.
/// </summary>
internal sealed class InboundCallHandler
{
    private readonly CallRegistry _calls;

    /// <summary>Calls by the Call-ID of the outbound leg they are bridged to.</summary>
    private readonly ConcurrentDictionary<string, SipCall> _bridgedLegs = new(StringComparer.Ordinal);
    private readonly CallLifecycle _lifecycle;
    private readonly MediaEngine _media;
    private readonly PromptCache _prompts;
    private readonly CallOptions _options;
    private readonly FlowDefinitions _flows;
    private readonly FlowEngine _engine;
    private readonly PromptLibrary _library;
    private readonly ICallStepStore _steps;
    private readonly IFlowServices _services;
    private readonly IInboundSurveyOffer _surveyOffer;
    private readonly TimeProvider _time;
    private readonly ILogger<InboundCallHandler> _logger;
    private readonly CallMetrics _metrics;
    private readonly string _instanceId;
    private SipUserAgent? _agent;

    public InboundCallHandler(
        CallRegistry calls,
        CallLifecycle lifecycle,
        MediaEngine media,
        PromptCache prompts,
        IOptions<CallOptions> options,
        FlowDefinitions flows,
        PromptLibrary library,
        ICallStepStore steps,
        IFlowServices services,
        FlowEngine engine,
        IInboundSurveyOffer surveyOffer,
        TimeProvider time,
        ILogger<InboundCallHandler> logger,
        CallMetrics metrics)
    {
        _calls = calls;
        _lifecycle = lifecycle;
        _media = media;
        _prompts = prompts;
        _options = options.Value;
        _flows = flows;
        _engine = engine;
        _library = library;
        _steps = steps;
        _services = services;
        _surveyOffer = surveyOffer;
        _time = time;
        _logger = logger;
        _instanceId = lifecycle.InstanceId;
        _metrics = metrics;
        _metrics.ObserveActiveCalls(() => _calls.Count);
    }

    public string InstanceId => _instanceId;

    public int ActiveCalls => _calls.Count;

    public void Attach(SipUserAgent agent)
    {
        _agent = agent;
        _lifecycle.Attach(agent);
        agent.Handlers.Invite = (tx, ct) => tx.Dialog is null ? HandleNewCallAsync(agent, tx, ct) : HandleReinviteAsync(tx, ct);
        agent.Handlers.Bye = HandleByeAsync;
        agent.Handlers.Ack = OnAck;
        agent.Handlers.Info = HandleInfoAsync;
        agent.Handlers.Refer = (tx, ct) => tx.RespondAsync(403, "Transfer not allowed", ct).AsTask();
        agent.Handlers.Notify = HandleNotifyAsync;
        agent.Handlers.AckTimeout = dialog =>
        {
            if (_calls.TryGet(dialog.CallId, out var call))
            {
                call.End(CallEndReason.IvrHangup, 408);
            }
            else if (_bridgedLegs.TryGetValue(dialog.CallId, out var bridged) && bridged.Bridge is { } leg && leg.TryMarkHungUp())
            {
                // The bridged destination never ACKed our answer to its re-INVITE: the agent ends that leg with BYE,
                // and the caller, bridged to nobody now, gets ours.
                _lifecycle.EndFromOurSide(bridged, CallEndReason.IvrHangup);
            }
        };
    }

    /// <summary>
    /// Ends every call in progress (shutdown): answered calls with BYE, inbound calls still ringing with 503,
    /// outbound calls still ringing by CANCEL (their dialer gives up when the call ends).
    /// </summary>
    public async Task EndAllAsync(SipUserAgent agent, CallEndReason reason, CancellationToken cancellationToken)
    {
        var ending = new List<Task>();
        foreach (var call in _calls.Calls)
        {
            if (call.Dialog is { } dialog && call.End(reason))
            {
                ending.Add(agent.ByeAsync(dialog, cancellationToken));
                if (call.Bridge is { } leg && leg.TryMarkHungUp())
                {
                    ending.Add(agent.ByeAsync(leg.Dialog, cancellationToken));
                }
            }
            else if (call.Dialog is null && call is InboundCall inbound)
            {
                await inbound.Invite.RespondAsync(503, "Shutting down", cancellationToken).ConfigureAwait(false);
                call.End(reason, 503);
            }
            else if (call.Dialog is null)
            {
                call.End(reason);
            }
        }

        await Task.WhenAll(ending).ConfigureAwait(false);
    }

    private async Task HandleNewCallAsync(SipUserAgent agent, SipServerTransaction invite, CancellationToken stopping)
    {
        var request = invite.Request;
        var call = new InboundCall(invite) { SetupStarted = _time.GetTimestamp() };
        if (!_calls.TryAdd(call))
        {
            // Same Call-ID, different transaction: a second INVITE for a call we already handle.
            await invite.RespondAsync(482, cancellationToken: stopping).ConfigureAwait(false);
            return;
        }

        _metrics.CallStarted(CallDirection.Inbound);

        try
        {
            call.RecordId = await _lifecycle.RecordOfferedAsync(Offered(request), stopping).ConfigureAwait(false);
            var (sipStatus, reason) = await AnswerAsync(agent, call, stopping).ConfigureAwait(false);
            if (reason is { } notAnswered)
            {
                call.End(notAnswered, sipStatus);
                await _lifecycle.RecordEndedAsync(call, notAnswered, sipStatus).ConfigureAwait(false);
                return;
            }

            await _lifecycle.RecordAnsweredAsync(call).ConfigureAwait(false);
            if (call.Negotiated is not null)
            {
                await StartMediaAsync(call).ConfigureAwait(false);
            }

            var (endReason, endStatus) = await _lifecycle.WaitForEndAsync(call).ConfigureAwait(false);
            await EndBridgeAsync(call, endReason == CallEndReason.CallerHangup ? "the caller" : "us").ConfigureAwait(false);

            // Ports go back to the pool before the database is touched: when writes queue up under load,
            // held ports would otherwise turn new callers away.
            await _lifecycle.EndMediaAsync(call).ConfigureAwait(false);
            await _lifecycle.RecordEndedAsync(call, endReason, endStatus ?? 200).ConfigureAwait(false);
        }
        finally
        {
            // A fault after the answer must not leave the caller on a dead line with the dialog kept for ever: BYE.
            _lifecycle.EndFromOurSide(call, CallEndReason.IvrHangup);
            await EndBridgeAsync(call, "us").ConfigureAwait(false);
            await _lifecycle.EndMediaAsync(call).ConfigureAwait(false);
            _calls.Remove(call);

            // The first reason given wins; End above completed the task if nothing ended the call before.
            _metrics.CallEnded(CallDirection.Inbound, call.Ended.Result.Reason);
        }
    }

    /// <summary>
    /// Ends the call's bridged leg, once: the bridge comes down, the leg gets a BYE unless it hung up itself,
    /// and its port goes back to the pool.
    /// </summary>
    private async Task EndBridgeAsync(SipCall call, string endedBy)
    {
        if (call.Bridge is not { } leg)
        {
            return;
        }

        call.Bridge = null;
        _bridgedLegs.TryRemove(new KeyValuePair<string, SipCall>(leg.CallId, call));
        var statistics = leg.Bridge.GetStatistics();
        leg.Bridge.Dispose();
        if (leg.TryMarkHungUp() && _agent is { } agent)
        {
            try
            {
                await agent.ByeAsync(leg.Dialog, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A leg that does not answer our BYE is ended on our side all the same.
            }
        }
        else if (endedBy == "us")
        {
            endedBy = "the destination";
        }

        await leg.Media.DisposeAsync().ConfigureAwait(false);
        HostLog.BridgeEnded(_logger, call.CallId, leg.CallId, endedBy, statistics.FramesFirstToSecond, statistics.FramesSecondToFirst);
    }

    /// <summary>
    /// Takes over a bridged leg for the rest of the call; false when the call already ended (the caller hung up
    /// while the destination answered), in which case the port ends the leg itself.
    /// </summary>
    private bool OnBridged(SipCall call, BridgedLeg leg)
    {
        call.Bridge = leg;
        _bridgedLegs[leg.CallId] = call;
        if (call.Ended.IsCompleted)
        {
            call.Bridge = null;
            _bridgedLegs.TryRemove(new KeyValuePair<string, SipCall>(leg.CallId, call));
            return false;
        }

        _ = leg.Media.MediaTimedOut.ContinueWith(_ => _lifecycle.EndFromOurSide(call, CallEndReason.MediaTimeout), TaskScheduler.Default);
        return true;
    }

    /// <summary>Rings and answers; returns the reason the call ended instead when it was not answered.</summary>
    private async Task<(int SipStatus, CallEndReason? Reason)> AnswerAsync(SipUserAgent agent, InboundCall call, CancellationToken stopping)
    {
        var invite = call.Invite;
        var cancelled = invite.CancellationRequested;
        var localAddress = agent.LocalAddressFor(invite.Request);
        try
        {
            call.Media = _media.CreateSession(localAddress);
        }
        catch (InvalidOperationException ex)
        {
            HostLog.NoMediaPort(_logger, call.CallId, ex.Message);
            await invite.RespondAsync(503, "No media port free", stopping).ConfigureAwait(false);
            return (503, CallEndReason.Rejected);
        }

        var outcome = SessionAnswerer.Answer(invite.Request, SessionAnswerer.NewLocal(localAddress, call.Media.LocalRtpPort));
        if (outcome.RejectStatus is int rejectStatus)
        {
            await RejectAsync(invite, outcome, stopping).ConfigureAwait(false);
            return (rejectStatus, CallEndReason.Rejected);
        }

        call.LocalMedia = outcome.Local;
        call.Negotiated = outcome.Negotiated;
        call.PendingOffer = outcome.IsOffer ? outcome.Sdp : null;
        // A 180 right before the 200 tells the caller nothing, and through a proxy with several UDP workers (the
        // shipped Kamailio) it can arrive after the 200, which strict user agents take as an error: ring only when
        // the answer waits.
        if (_options.SendRinging && _options.AnswerDelayMilliseconds > 0)
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
        _metrics.CallAnswered(CallDirection.Inbound, _time.GetElapsedTime(call.SetupStarted));
        return (200, null);
    }

    /// <summary>Starts RTP, the recording, the digit log and the menu once the SDP is agreed.</summary>
    private async Task StartMediaAsync(InboundCall call)
    {
        if (await _lifecycle.StartMediaAsync(call).ConfigureAwait(false) is { } media)
        {
            _ = RunFlowAsync(call, media);
        }
    }

    /// <summary>
    /// Runs the inbound menu's current version (pinned now, kept to the end of the call) on the call, stores
    /// how it ended, and hangs up when the menu ended with the caller still on the line.
    /// </summary>
    private async Task RunFlowAsync(InboundCall call, MediaSession media)
    {
        PinnedFlow pinned;
        try
        {
            pinned = await _flows.GetCurrentAsync(_flows.InboundMenu, call.HungUp).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            HostLog.FlowFailed(_logger, call.CallId, ex);
            _lifecycle.EndFromOurSide(call, CallEndReason.IvrHangup);
            return;
        }

        var flowId = pinned.Definition.Id;
        HostLog.FlowStarted(_logger, call.CallId, flowId, pinned.Version);

        // The flow stops when the caller (or max duration, media timeout, shutdown) ends the call, not when the
        // flow itself hangs up or hands the call over: it still writes its outcome then.
        using var flowStopping = new CancellationTokenSource();
        SipCallPort? port = null;
        using var registration = call.HungUp.Register(() =>
        {
            if (port?.EndedByFlow != true)
            {
                flowStopping.Cancel();
            }
        });
        var request = call.Invite.Request;
        port = new SipCallPort(
            call,
            SipCallPort.CallerOf(request),
            request.Uri.UnescapedUser ?? request.To?.Uri.UnescapedUser ?? "",
            media,
            _agent!,
            _library,
            _prompts,
            _lifecycle.RecordingDirectory,
            () => _lifecycle.HangUpAsync(call, CallEndReason.IvrHangup),
            _media,
            leg => OnBridged(call, leg),
            _time,
            _logger);
        try
        {
            // A customer whose survey is still open hears it first; the menu follows.
            await _surveyOffer.TryRunAsync(port, call.RecordId, () => call.LastDigitMethod, flowStopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (flowStopping.IsCancellationRequested)
        {
            // The caller hung up during the survey; the menu's run below ends at once as abandoned.
        }

        var journal = _steps.OpenJournal(call.CallId, call.RecordId, flowId, pinned.Version);
        var context = new FlowRunContext(pinned.Definition, pinned.Version, _flows.Prompts, port, _services, journal, _flows.TransferDestinations);
        FlowOutcome outcome;
        try
        {
            outcome = await _engine.RunAsync(context, flowStopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (flowStopping.IsCancellationRequested)
        {
            outcome = new FlowOutcome(FlowResult.Abandoned, "", pinned.Definition.DefaultLanguage);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            HostLog.FlowFailed(_logger, call.CallId, ex);
            outcome = new FlowOutcome(FlowResult.Failed, "", pinned.Definition.DefaultLanguage);
        }

        HostLog.FlowEnded(_logger, call.CallId, outcome.Result, outcome.LastNodeId, outcome.Language);
        _metrics.FlowEnded(flowId, outcome.Result);
        var summary = CallFlowSummary.From(flowId, pinned.Version, outcome);
        await _lifecycle.RecordFlowOutcomeAsync(call, summary).ConfigureAwait(false);

        // A bridged caller stays on the line with the outbound leg until one of them hangs up.
        if (!call.Ended.IsCompleted && call.Bridge is null)
        {
            await _lifecycle.HangUpAsync(call, CallEndReason.IvrHangup).ConfigureAwait(false);
        }
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
        if (!_calls.TryGet(dialog.CallId, out var call) || call.PendingOffer is not { } offer)
        {
            return;
        }

        call.PendingOffer = null;
        var answer = SessionAnswerer.ReadAnswer(offer, ack);
        if (answer is null)
        {
            // RFC 3261 §13.3.1.4 leaves no other way out of an unusable answer in the ACK than ending the call.
            _lifecycle.EndFromOurSide(call, CallEndReason.Rejected);
            return;
        }

        if (call.Negotiated is null && call is InboundCall inbound)
        {
            call.Negotiated = answer;
            _ = StartMediaAsync(inbound);
        }
        else if (call.Negotiated is null)
        {
            call.Negotiated = answer;
        }
        else
        {
            call.Negotiated = answer;
            call.Media?.Update(MediaEndpoint.From(answer));
        }
    }

    private async Task HandleReinviteAsync(SipServerTransaction reinvite, CancellationToken stopping)
    {
        if (_bridgedLegs.TryGetValue(reinvite.Request.CallId!, out var bridged) && bridged.Bridge is { } leg)
        {
            await AnswerLegReinviteAsync(reinvite, leg, stopping).ConfigureAwait(false);
            return;
        }

        if (!_calls.TryGet(reinvite.Request.CallId!, out var call) || call.LocalMedia is not { } previous)
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
        call.PendingOffer = outcome.IsOffer ? outcome.Sdp : null;
        if (outcome.Negotiated is { } negotiated)
        {
            var started = call.Negotiated is not null;
            call.Negotiated = negotiated;
            if (started)
            {
                call.Media?.Update(MediaEndpoint.From(negotiated));
            }
        }

        await reinvite.SendResponseAsync(ok, stopping).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers the bridged destination's re-INVITE (hold, resume, a session refresh) on the leg's own media: a 481
    /// here would tell the destination that the dialog is gone, and it would hang up (RFC 3261 §12.2.1.2).
    /// </summary>
    private static async Task AnswerLegReinviteAsync(SipServerTransaction reinvite, BridgedLeg leg, CancellationToken stopping)
    {
        var outcome = SessionAnswerer.Answer(reinvite.Request, leg.LocalMedia.NextVersion());
        if (outcome.RejectStatus is not null)
        {
            await RejectAsync(reinvite, outcome, stopping).ConfigureAwait(false);
            return;
        }

        var ok = reinvite.CreateResponse(200);
        ok.SetBody("application/sdp", outcome.Sdp!);
        leg.LocalMedia = outcome.Local;
        if (outcome.Negotiated is { } negotiated)
        {
            leg.Media.Update(MediaEndpoint.From(negotiated));
        }

        await reinvite.SendResponseAsync(ok, stopping).ConfigureAwait(false);
    }

    private async Task HandleInfoAsync(SipServerTransaction info, CancellationToken stopping)
    {
        var request = info.Request;
        if (SipInfoDtmf.TryParse(request.ContentType, request.BodyText, out var digit, out var duration) &&
            _calls.TryGet(request.CallId!, out var call) && call.Media is { } media)
        {
            media.OnSipInfoDigit(digit, duration);
        }

        await info.RespondAsync(200, cancellationToken: stopping).ConfigureAwait(false);
    }

    /// <summary>NOTIFYs about our REFER carry the transfer's progress as a sipfrag status line (RFC 3515 §2.4.5).</summary>
    private async Task HandleNotifyAsync(SipServerTransaction notify, CancellationToken stopping)
    {
        var request = notify.Request;
        await notify.RespondAsync(200, cancellationToken: stopping).ConfigureAwait(false);
        if (_calls.TryGet(request.CallId!, out var call) &&
            request.Headers[SipHeaderNames.Event] is { } eventName &&
            eventName.TrimStart().StartsWith("refer", StringComparison.OrdinalIgnoreCase) &&
            TryReadSipfragStatus(request.BodyText, out var status))
        {
            HostLog.ReferProgress(_logger, call.CallId, status);
            call.ReferNotifications.Writer.TryWrite(status);
        }
    }

    private static bool TryReadSipfragStatus(string body, out int status)
    {
        status = 0;
        var line = body.AsSpan().TrimStart();
        var end = line.IndexOfAny('\r', '\n');
        if (end >= 0)
        {
            line = line[..end];
        }

        const string Prefix = "SIP/2.0 ";
        return line.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) &&
            line.Length >= Prefix.Length + 3 &&
            int.TryParse(line.Slice(Prefix.Length, 3), NumberStyles.None, CultureInfo.InvariantCulture, out status) &&
            status is >= 100 and <= 699;
    }

    private async Task HandleByeAsync(SipServerTransaction bye, CancellationToken stopping)
    {
        await bye.RespondAsync(200, cancellationToken: stopping).ConfigureAwait(false);
        if (_calls.TryGet(bye.Request.CallId!, out var call))
        {
            call.End(CallEndReason.CallerHangup);
        }
        else if (_bridgedLegs.TryGetValue(bye.Request.CallId!, out var bridged) && bridged.Bridge is { } leg && leg.TryMarkHungUp())
        {
            // The bridged destination hung up: the caller's leg ends with our BYE.
            _lifecycle.EndFromOurSide(bridged, CallEndReason.IvrHangup);
        }
    }

    private CallOffered Offered(SipRequest request)
    {
        var source = request.Source!;
        return new CallOffered(
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
    }
}
