using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IvrService.HappyCalls;
using IvrService.Host.Internal;
using IvrService.Media;
using IvrService.Media.Audio;
using IvrService.Media.Sdp;
using IvrService.Sip;
using IvrService.Speech;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Options;

namespace IvrService.Host.Calls.Outbound;

/// <summary>
/// Places outbound calls through a <c>Sip:Trunks</c> trunk: INVITE to <c>sip:number@domain</c> with the trunk's
/// caller id in From (and P-Asserted-Identity), digest credentials for 401/407, CANCEL at the ring timeout; early
/// media is not played or recorded. A final failure is mapped to the attempt's outcome; an answer gets a media
/// session on the answered SDP, is screened for an answering machine when asked, and is handed over as a call
/// port. The call record is written as for inbound calls (offered, answered, ended), direction outbound.
/// </summary>
internal sealed class SipOutboundDialer : IOutboundDialer
{
    /// <summary>The flow id on the record of an outbound call placed for no survey (<see cref="OutboundDialRequest.SurveyId"/> null).</summary>
    public const string OutcomeFlowId = "outbound";

    private readonly CallRegistry _calls;
    private readonly CallLifecycle _lifecycle;
    private readonly MediaEngine _media;
    private readonly PromptCache _prompts;
    private readonly PromptLibrary _library;
    private readonly SipOptions _sipOptions;
    private readonly IAnswerScreen _screen;
    private readonly CallMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<SipOutboundDialer> _logger;

    public SipOutboundDialer(
        CallRegistry calls,
        CallLifecycle lifecycle,
        MediaEngine media,
        PromptCache prompts,
        PromptLibrary library,
        IOptions<SipOptions> sipOptions,
        IAnswerScreen screen,
        CallMetrics metrics,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<SipOutboundDialer> logger)
    {
        _calls = calls;
        _lifecycle = lifecycle;
        _media = media;
        _prompts = prompts;
        _library = library;
        _sipOptions = sipOptions.Value;
        _screen = screen;
        _metrics = metrics;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <exception cref="ArgumentException">The number is not E.164, the ring timeout is not positive, or no trunk has that name.</exception>
    /// <exception cref="InvalidOperationException">No trunk is configured, or the host is stopping (no new calls).</exception>
    /// <exception cref="OperationCanceledException">Cancelled (the INVITE was CANCELled) or the host stopped during the setup.</exception>
    public async Task<IOutboundCall> DialAsync(OutboundDialRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var trunk = FindTrunk(request.Trunk);
        var number = TrunkNumber.Format(request.Number, trunk);
        if (request.RingTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"OutboundDialRequest.RingTimeout: {request.RingTimeout} is not positive", nameof(request));
        }

        var agent = _lifecycle.Agent;
        if (agent is null || !agent.IsAcceptingCalls || _lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw new InvalidOperationException($"No outbound call to {request.Number} ({request.Reference}): the host is stopping or SIP has not started.");
        }

        var call = new OutboundCall(SipIds.NewCallId(), this)
        {
            SetupStarted = _time.GetTimestamp(),
            FlowId = string.IsNullOrEmpty(request.SurveyId) ? OutcomeFlowId : request.SurveyId,
            FlowVersion = string.IsNullOrEmpty(request.SurveyId) ? 0 : request.SurveyVersion,
        };
        SipEndPoint trunkEndPoint;
        try
        {
            trunkEndPoint = await agent.ResolveAsync(TrunkUri(trunk), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            return NotPlaced(call, request, $"trunk {trunk.Name}: host {trunk.Host} could not be resolved: {ex.Message}");
        }

        var localAddress = IPAddress.Parse(agent.LocalContactFor(trunkEndPoint, null).Host.Trim('[', ']'));
        try
        {
            call.Media = _media.CreateSession(localAddress);
        }
        catch (InvalidOperationException ex)
        {
            return NotPlaced(call, request, "no media port free: " + ex.Message);
        }

        var domain = string.IsNullOrEmpty(trunk.Domain) ? trunk.Host : trunk.Domain;
        var target = SipUri.Create("sip", number, domain, string.IsNullOrEmpty(trunk.Domain) && trunk.Port != 5060 ? trunk.Port : null);
        var callerId = trunk.CallerId ?? trunk.Username ?? "";
        var fromUri = SipUri.Create("sip", callerId.Length > 0 ? callerId : "anonymous", domain, null);
        var local = SessionAnswerer.NewLocal(localAddress, call.Media.LocalRtpPort);
        var offer = SdpNegotiator.CreateOffer(local);
        call.LocalMedia = local;
        _calls.TryAdd(call);
        _metrics.CallStarted(CallDirection.Outbound);
        HostLog.OutboundDialing(_logger, call.CallId, request.Reference, target.ToString(), trunk.Name);
        try
        {
            return await PlaceAsync(call, request, trunk, trunkEndPoint, target, fromUri, callerId, offer, agent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !call.Ended.IsCompleted)
        {
            // A fault of ours mid-call (not an outcome): the call does not stay up or in the registry behind it.
            if (call.Dialog is null)
            {
                await EndUnansweredAsync(call, AttemptOutcome.Failed, "failed: " + ex.Message, CallEndReason.Rejected, null).ConfigureAwait(false);
            }
            else
            {
                await _lifecycle.HangUpAsync(call, CallEndReason.IvrHangup).ConfigureAwait(false);
                await call.Finished.ConfigureAwait(false);
            }

            throw;
        }
    }

    private async Task<IOutboundCall> PlaceAsync(
        OutboundCall call,
        OutboundDialRequest request,
        SipTrunkOptions trunk,
        SipEndPoint trunkEndPoint,
        SipUri target,
        SipUri fromUri,
        string callerId,
        SessionDescription offer,
        SipUserAgent agent,
        CancellationToken cancellationToken)
    {
        call.RecordId = await _lifecycle.RecordOfferedAsync(
            new CallOffered(
                call.CallId,
                CallDirection.Outbound,
                fromUri.ToString(),
                target.ToString(),
                callerId,
                request.Number,
                trunkEndPoint.EndPoint.ToString(),
                trunkEndPoint.Transport == SipTransportKind.Udp ? CallTransport.Udp : CallTransport.Tcp,
                _time.GetUtcNow(),
                _lifecycle.InstanceId),
            CancellationToken.None).ConfigureAwait(false);

        var rang = false;
        var outgoing = new SipOutgoingCall(target, new SipNameAddress(fromUri))
        {
            CallId = call.CallId,
            SdpOffer = offer.ToString(),
            NextHop = trunkEndPoint,
            Credentials = string.IsNullOrEmpty(trunk.Username) || trunk.Password is null
                ? null
                : new SipCredentials(trunk.AuthUsername ?? trunk.Username, trunk.Password),
            RingTimeout = request.RingTimeout,
            ExtraHeaders = string.IsNullOrEmpty(trunk.CallerId)
                ? []
                : [new("P-Asserted-Identity", "<" + fromUri + ">")],
            // Only 180 counts as ringing: networks send 183 with a busy or unreachable announcement before a 486 (see SipOutcomeClassifier).
            OnProvisional = response => rang |= response.StatusCode == 180,
        };

        // The caller's cancellation and the shutdown (which ends every call in the registry) both CANCEL the INVITE.
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.HungUp);
        SipInviteResult invited;
        try
        {
            invited = await agent.InviteAsync(outgoing, giveUp.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            await EndUnansweredAsync(call, null, "cancelled before the INVITE left", CancelReason(cancellationToken), null).ConfigureAwait(false);
            throw new OperationCanceledException($"The outbound call {call.CallId} was cancelled.", cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            await EndUnansweredAsync(call, AttemptOutcome.Failed, $"trunk {trunk.Name} not reachable: {ex.Message}", CallEndReason.Rejected, null).ConfigureAwait(false);
            return call;
        }

        var final = invited.FinalResponse;

        // A 408 or 503 the transaction made itself (timeout, transport error) was never received: no SIP status.
        int? status = final.Source is null ? null : final.StatusCode;
        if (invited.Dialog is not { } dialog)
        {
            if (giveUp.IsCancellationRequested)
            {
                await EndUnansweredAsync(call, null, "cancelled while ringing", CancelReason(cancellationToken), status).ConfigureAwait(false);
                throw new OperationCanceledException($"The outbound call {call.CallId} was cancelled.", cancellationToken);
            }

            var outcome = status is { } received ? SipOutcomeClassifier.Classify(received, rang, invited.CancelledByUs) : AttemptOutcome.Failed;
            var detail = invited.CancelledByUs
                ? $"no answer within {request.RingTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (CANCEL, {final.StatusCode})"
                : status is null
                    ? $"no response from trunk {trunk.Name} ({final.StatusCode} {final.ReasonPhrase})"
                    : $"{final.StatusCode} {final.ReasonPhrase}{(rang ? " after ringing" : "")}";
            await EndUnansweredAsync(
                call, outcome, detail, invited.CancelledByUs ? CallEndReason.Cancelled : CallEndReason.Rejected, status).ConfigureAwait(false);
            return call;
        }

        return await OnAnsweredAsync(call, request, dialog, offer, final, callerId, agent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hangs up (when still up), ends media, and writes the end and <paramref name="outcome"/> on the record.</summary>
    public async Task HangUpAsync(OutboundCall call, string outcome, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(outcome);
        if (call.TryTakeOutcome())
        {
            await _lifecycle.RecordFlowOutcomeAsync(call, call.Summary(outcome)).ConfigureAwait(false);
        }

        await _lifecycle.HangUpAsync(call, CallEndReason.IvrHangup).ConfigureAwait(false);
        await call.Finished.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IOutboundCall> OnAnsweredAsync(
        OutboundCall call,
        OutboundDialRequest request,
        SipDialog dialog,
        SessionDescription offer,
        SipResponse answer,
        string callerId,
        SipUserAgent agent,
        CancellationToken cancellationToken)
    {
        call.Dialog = dialog;
        call.SipStatus = answer.StatusCode;
        call.Finished = RunUntilEndAsync(call);
        _metrics.CallAnswered(CallDirection.Outbound, _time.GetElapsedTime(call.SetupStarted));
        await _lifecycle.RecordAnsweredAsync(call).ConfigureAwait(false);
        var text = SipBody.FindPart(answer, "application/sdp");
        if (text is null || !SessionDescription.TryParse(text, out var parsed, out _) ||
            !SdpNegotiator.TryReadAnswer(offer, parsed!, out var negotiated, out var error) || negotiated is null)
        {
            call.Failure = AttemptOutcome.Failed;
            call.Detail = "answered, but the answer's SDP is missing or has no common codec";
            call.TryTakeOutcome();
            await _lifecycle.RecordFlowOutcomeAsync(call, call.Summary(OutcomeText(AttemptOutcome.Failed))).ConfigureAwait(false);
            await _lifecycle.HangUpAsync(call, CallEndReason.Rejected).ConfigureAwait(false);
            await call.Finished.ConfigureAwait(false);
            return Report(call, request);
        }

        call.Negotiated = negotiated;
        var media = await _lifecycle.StartMediaAsync(call).ConfigureAwait(false);
        if (request.DetectAnsweringMachine && media is not null)
        {
            var verdict = await ScreenAsync(call, media, cancellationToken).ConfigureAwait(false);
            if (call.Ended.IsCompleted)
            {
                return await EndedBeforeHandOverAsync(call, request, "during answering-machine screening").ConfigureAwait(false);
            }

            if (verdict.IsMachine)
            {
                call.Failure = AttemptOutcome.AnsweringMachine;
                call.Detail = verdict.Detail;
                await HangUpAsync(call, OutcomeText(AttemptOutcome.AnsweringMachine), CancellationToken.None).ConfigureAwait(false);
                return Report(call, request);
            }

            call.Detail = verdict.Detail;
            call.ScreeningKey = verdict.Key;
        }

        if (media is null || call.Ended.IsCompleted)
        {
            // Ended while the answer was being taken up (BYE, shutdown): nothing left to hand over.
            return await EndedBeforeHandOverAsync(call, request, "as the call was answered").ConfigureAwait(false);
        }

        var port = new SipCallPort(
            call,
            callerId,
            request.Number,
            media,
            agent,
            _library,
            _prompts,
            _lifecycle.RecordingDirectory,
            () => _lifecycle.HangUpAsync(call, CallEndReason.IvrHangup),
            _media,
            bridged: null,
            _time,
            _logger)
        {
            CallEnded = call.HungUp,
        };
        call.Port = port;
        return Report(call, request);
    }

    /// <summary>
    /// An answered call that ended before it was handed over. The customer's BYE means they were reached and left
    /// before the survey could finish: Unfinished, which the policy gives the completion retry (the record's end
    /// reason is already the caller's hang-up). Any other end (shutdown, media) is a failure of the attempt.
    /// </summary>
    private async Task<IOutboundCall> EndedBeforeHandOverAsync(OutboundCall call, OutboundDialRequest request, string when)
    {
        var customerHungUp = call.Ended.IsCompleted && call.Ended.Result.Reason == CallEndReason.CallerHangup;
        var outcome = customerHungUp ? AttemptOutcome.Unfinished : AttemptOutcome.Failed;
        call.Failure = outcome;
        call.Detail = customerHungUp ? "the customer hung up " + when : "the call ended " + when;
        await HangUpAsync(call, OutcomeText(outcome), CancellationToken.None).ConfigureAwait(false);
        return Report(call, request);
    }

    /// <summary>
    /// Listens to the far end through the answer screen until it decides or its time is up. A key the far end
    /// presses meanwhile (RFC 4733, SIP INFO or in-band, as the call's key log takes them) ends the screening at once:
    /// machines do not press keys, so it is a person. The key is taken off the call's keys and kept on the verdict.
    /// </summary>
    private async Task<AnswerVerdict> ScreenAsync(OutboundCall call, MediaSession media, CancellationToken cancellationToken)
    {
        var screening = _screen.Begin();
        var started = _time.GetTimestamp();
        var decided = new TaskCompletionSource<AnswerVerdict>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.HungUp);
        using var keyWait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var key = FirstKeyAsync(call, keyWait.Token);
        using (media.ObserveReceivedAudio((frame, received) =>
        {
            if (!decided.Task.IsCompleted && screening.OnFrame(frame, received) is { } verdict)
            {
                decided.TrySetResult(verdict);
            }
        }))
        {
            try
            {
                await Task.WhenAny(decided.Task, key).WaitAsync(_screen.MaxListen, _time, stop.Token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The far end hung up while we listened.
            }
            finally
            {
                // No read may stay pending past the screening: it would take the survey's first key.
                await keyWait.CancelAsync().ConfigureAwait(false);
            }
        }

        if (await key.ConfigureAwait(false) is { } pressed)
        {
            var seconds = _time.GetElapsedTime(started).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
            return new AnswerVerdict(false, $"person: key {pressed} pressed {seconds} s after the answer") { Key = pressed };
        }

        return decided.Task.IsCompletedSuccessfully ? decided.Task.Result : screening.Conclude();
    }

    /// <summary>The first key of the call, or null when <paramref name="cancellationToken"/> stops the wait or the keys end.</summary>
    private static async Task<char?> FirstKeyAsync(OutboundCall call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.Keys.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Waits for the answered call's end, then returns its ports and writes its end, like an inbound call.</summary>
    private async Task RunUntilEndAsync(OutboundCall call)
    {
        try
        {
            var (reason, status) = await _lifecycle.WaitForEndAsync(call).ConfigureAwait(false);
            await _lifecycle.EndMediaAsync(call).ConfigureAwait(false);
            await _lifecycle.RecordEndedAsync(call, reason, status ?? 200).ConfigureAwait(false);
            HostLog.OutboundEnded(_logger, call.CallId, reason);
            _metrics.CallEnded(CallDirection.Outbound, reason);
        }
        finally
        {
            await _lifecycle.EndMediaAsync(call).ConfigureAwait(false);
            _calls.Remove(call);
        }
    }

    /// <summary>Ends a call that was never answered: media closed, the record ended with the outcome, the registry left.</summary>
    private async Task EndUnansweredAsync(OutboundCall call, AttemptOutcome? outcome, string detail, CallEndReason reason, int? status)
    {
        call.End(reason, status);
        call.Failure = outcome;
        call.SipStatus = status;
        call.Detail = detail;
        call.TryTakeOutcome();
        try
        {
            await _lifecycle.EndMediaAsync(call).ConfigureAwait(false);
            if (outcome is { } failure)
            {
                await _lifecycle.RecordFlowOutcomeAsync(call, call.Summary(OutcomeText(failure))).ConfigureAwait(false);
            }

            await _lifecycle.RecordEndedAsync(call, reason, status).ConfigureAwait(false);
            _metrics.CallEnded(CallDirection.Outbound, reason);
        }
        finally
        {
            _calls.Remove(call);
        }

        HostLog.OutboundNotAnswered(_logger, call.CallId, outcome?.ToString() ?? "cancelled", status, detail);
        if (outcome is { } counted)
        {
            _metrics.OutboundDialed(counted);
        }
    }

    /// <summary>A call that never left (no trunk address, no media port): failed, with no call record.</summary>
    private OutboundCall NotPlaced(OutboundCall call, OutboundDialRequest request, string detail)
    {
        call.End(CallEndReason.Rejected);
        call.Failure = AttemptOutcome.Failed;
        call.Detail = detail;
        call.TryTakeOutcome();
        HostLog.OutboundNotAnswered(_logger, call.CallId, nameof(AttemptOutcome.Failed), null, $"{request.Reference}: {detail}");
        _metrics.OutboundDialed(AttemptOutcome.Failed);
        return call;
    }

    private OutboundCall Report(OutboundCall call, OutboundDialRequest request)
    {
        _metrics.OutboundDialed(call.Failure);
        HostLog.OutboundAnswered(_logger, call.CallId, request.Reference, call.Failure?.ToString() ?? "handed over", call.Detail ?? "");
        return call;
    }

    private CallEndReason CancelReason(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? CallEndReason.Cancelled : CallEndReason.Shutdown;

    private SipTrunkOptions FindTrunk(string? name)
    {
        var trunks = _sipOptions.Trunks;
        if (trunks.Count == 0)
        {
            throw new InvalidOperationException("Sip:Trunks: no trunk is configured for outbound calls");
        }

        if (string.IsNullOrEmpty(name))
        {
            return trunks[0];
        }

        return trunks.Find(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"OutboundDialRequest.Trunk: no trunk named '{name}' in Sip:Trunks (configured: {string.Join(", ", trunks.Select(t => t.Name))})",
                nameof(name));
    }

    private static SipUri TrunkUri(SipTrunkOptions trunk)
    {
        var uri = SipUri.Create("sip", null, trunk.Host, trunk.Port);
        if (trunk.Transport == "tcp")
        {
            uri.Parameters.Set("transport", "tcp");
        }

        return uri;
    }

    /// <summary>An attempt outcome as the call record's outcome text (NoAnswer → no_answer).</summary>
    private static string OutcomeText(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.NoAnswer => "no_answer",
        AttemptOutcome.AnsweringMachine => "answering_machine",
        AttemptOutcome.OptedOut => "opted_out",
        AttemptOutcome.DoNotCall => "do_not_call",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
