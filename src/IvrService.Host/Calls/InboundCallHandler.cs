using System.Collections.Concurrent;
using System.Globalization;
using IvrService.Flows;
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
/// outbound leg until either side hangs up; the other side then gets a BYE.
/// </summary>
internal sealed class InboundCallHandler
{
    private readonly ConcurrentDictionary<string, InboundCall> _calls = new(StringComparer.Ordinal);

    /// <summary>Inbound calls by the Call-ID of the outbound leg they are bridged to.</summary>
    private readonly ConcurrentDictionary<string, InboundCall> _bridgedLegs = new(StringComparer.Ordinal);
    private readonly ICallRecordStore _records;
    private readonly MediaEngine _media;
    private readonly PromptCache _prompts = new();
    private readonly CallOptions _options;
    private readonly MediaOptions _mediaOptions;
    private readonly string _recordingDirectory;
    private readonly FlowDefinitions _flows;
    private readonly FlowEngine _engine;
    private readonly PromptLibrary _library;
    private readonly ICallStepStore _steps;
    private readonly IFlowServices _services;
    private readonly TimeProvider _time;
    private readonly ILogger<InboundCallHandler> _logger;
    private readonly CallMetrics _metrics;
    private readonly string _instanceId;
    private SipUserAgent? _agent;

    public InboundCallHandler(
        ICallRecordStore records,
        MediaEngine media,
        IOptions<CallOptions> options,
        IOptions<MediaOptions> mediaOptions,
        IOptions<StorageOptions> storageOptions,
        FlowDefinitions flows,
        PromptLibrary library,
        ICallStepStore steps,
        IFlowServices services,
        FlowEngine engine,
        TimeProvider time,
        ILogger<InboundCallHandler> logger,
        CallMetrics metrics)
    {
        _records = records;
        _media = media;
        _options = options.Value;
        _mediaOptions = mediaOptions.Value;
        _recordingDirectory = _mediaOptions.RecordingDirectory ?? Path.Combine(storageOptions.Value.ResolvedDataDirectory, "recordings");
        _flows = flows;
        _engine = engine;
        _library = library;
        _steps = steps;
        _services = services;
        _time = time;
        _logger = logger;
        _instanceId = _options.InstanceId ?? Environment.MachineName;
        _metrics = metrics;
        _metrics.ObserveActiveCalls(() => _calls.Count);
    }

    public string InstanceId => _instanceId;

    public int ActiveCalls => _calls.Count;

    public IEnumerable<InboundCall> Calls => _calls.Values;

    public void Attach(SipUserAgent agent)
    {
        _agent = agent;
        agent.Handlers.Invite = (tx, ct) => tx.Dialog is null ? HandleNewCallAsync(agent, tx, ct) : HandleReinviteAsync(tx, ct);
        agent.Handlers.Bye = HandleByeAsync;
        agent.Handlers.Ack = OnAck;
        agent.Handlers.Info = HandleInfoAsync;
        agent.Handlers.Refer = (tx, ct) => tx.RespondAsync(403, "Transfer not allowed", ct).AsTask();
        agent.Handlers.Notify = HandleNotifyAsync;
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
                if (call.Bridge is { } leg && leg.TryMarkHungUp())
                {
                    ending.Add(agent.ByeAsync(leg.Dialog, cancellationToken));
                }
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
        var call = new InboundCall(invite) { SetupStarted = _time.GetTimestamp() };
        if (!_calls.TryAdd(call.CallId, call))
        {
            // Same Call-ID, different transaction: a second INVITE for a call we already handle.
            await invite.RespondAsync(482, cancellationToken: stopping).ConfigureAwait(false);
            return;
        }

        _metrics.CallStarted();

        try
        {
            call.RecordId = await RecordOfferedAsync(request, stopping).ConfigureAwait(false);
            var (sipStatus, reason) = await AnswerAsync(agent, call, stopping).ConfigureAwait(false);
            if (reason is { } notAnswered)
            {
                call.End(notAnswered, sipStatus);
                await RecordEndedAsync(call, notAnswered, sipStatus).ConfigureAwait(false);
                return;
            }

            await RecordAsync(id => _records.RecordAnsweredAsync(id, _time.GetUtcNow(), CancellationToken.None), call).ConfigureAwait(false);
            if (call.Negotiated is not null)
            {
                await StartMediaAsync(call).ConfigureAwait(false);
            }

            var (endReason, endStatus) = await WaitForEndAsync(agent, call).ConfigureAwait(false);
            await EndBridgeAsync(call, endReason == CallEndReason.CallerHangup ? "the caller" : "us").ConfigureAwait(false);

            // Ports go back to the pool before the database is touched: when writes queue up under load,
            // held ports would otherwise turn new callers away.
            await EndMediaAsync(call).ConfigureAwait(false);
            await RecordEndedAsync(call, endReason, endStatus ?? 200).ConfigureAwait(false);
        }
        finally
        {
            call.End(CallEndReason.IvrHangup);
            await EndBridgeAsync(call, "us").ConfigureAwait(false);
            await EndMediaAsync(call).ConfigureAwait(false);
            _calls.TryRemove(new KeyValuePair<string, InboundCall>(call.CallId, call));

            // The first reason given wins; End above completed the task if nothing ended the call before.
            _metrics.CallEnded(call.Ended.Result.Reason);
        }
    }

    /// <summary>
    /// Ends the call's bridged leg, once: the bridge comes down, the leg gets a BYE unless it hung up itself,
    /// and its port goes back to the pool.
    /// </summary>
    private async Task EndBridgeAsync(InboundCall call, string endedBy)
    {
        if (call.Bridge is not { } leg)
        {
            return;
        }

        call.Bridge = null;
        _bridgedLegs.TryRemove(new KeyValuePair<string, InboundCall>(leg.CallId, call));
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
    private bool OnBridged(InboundCall call, BridgedLeg leg)
    {
        call.Bridge = leg;
        _bridgedLegs[leg.CallId] = call;
        if (call.Ended.IsCompleted)
        {
            call.Bridge = null;
            _bridgedLegs.TryRemove(new KeyValuePair<string, InboundCall>(leg.CallId, call));
            return false;
        }

        _ = leg.Media.MediaTimedOut.ContinueWith(_ => EndFromOurSide(call, CallEndReason.MediaTimeout), TaskScheduler.Default);
        return true;
    }

    /// <summary>Closes the call's media (ports returned, recording finished) and stores its quality figures, once.</summary>
    private async Task EndMediaAsync(InboundCall call)
    {
        if (call.Media is not { } media)
        {
            return;
        }

        call.Media = null;
        await media.DisposeAsync().ConfigureAwait(false);
        await RecordQualityAsync(call, media).ConfigureAwait(false);
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
        _metrics.CallAnswered(_time.GetElapsedTime(call.SetupStarted));
        return (200, null);
    }

    /// <summary>Starts RTP, the recording, the menu and the digit log once the SDP is agreed.</summary>
    private async Task StartMediaAsync(InboundCall call)
    {
        // The ACK of a delayed offer and the answering path may both get here; media starts once.
        if (!call.TryMarkMediaStarted())
        {
            return;
        }

        var media = call.Media!;
        media.Start(MediaEndpoint.From(call.Negotiated!));
        if (_mediaOptions.RecordCalls)
        {
            var now = _time.GetUtcNow();
            var path = Path.Combine(
                _recordingDirectory,
                now.ToString("yyyy", CultureInfo.InvariantCulture),
                now.ToString("MM", CultureInfo.InvariantCulture),
                now.ToString("dd", CultureInfo.InvariantCulture),
                $"{call.RecordId?.ToString(CultureInfo.InvariantCulture) ?? "call"}-{SafeFileName(call.CallId)}.wav");
            try
            {
                media.StartRecording(path, _mediaOptions.RecordingLayout == "mono" ? RecordingLayout.Mono : RecordingLayout.Stereo);
                await RecordAsync(id => _records.SetRecordingPathAsync(id, path, CancellationToken.None).ContinueWith(_ => true, TaskScheduler.Default), call).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                HostLog.RecordingFailed(_logger, call.CallId, ex);
            }
        }

        _ = media.MediaTimedOut.ContinueWith(_ => EndFromOurSide(call, CallEndReason.MediaTimeout), TaskScheduler.Default);
        _ = LogDigitsAsync(call, media);
        _ = RunFlowAsync(call, media);
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
            EndFromOurSide(call, CallEndReason.IvrHangup);
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
        port = new SipCallPort(
            call, media, _agent!, _library, _prompts, _recordingDirectory, () => HangUpFromFlowAsync(call), _media, leg => OnBridged(call, leg), _time, _logger);
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
        await RecordAsync(id => _records.RecordFlowOutcomeAsync(id, summary, CancellationToken.None).ContinueWith(_ => true, TaskScheduler.Default), call).ConfigureAwait(false);

        // A bridged caller stays on the line with the outbound leg until one of them hangs up.
        if (!call.Ended.IsCompleted && call.Bridge is null)
        {
            await HangUpFromFlowAsync(call).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the call from our side with BYE and waits (briefly) for the answer.</summary>
    private async Task HangUpFromFlowAsync(InboundCall call)
    {
        if (!call.End(CallEndReason.IvrHangup) || call.Dialog is not { } dialog || _agent is not { } agent)
        {
            return;
        }

        try
        {
            await agent.ByeAsync(dialog, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A peer that does not answer our BYE still has the call ended on our side.
        }
    }

    private async Task LogDigitsAsync(InboundCall call, MediaSession media)
    {
        try
        {
            await foreach (var digit in media.Digits.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                HostLog.DigitReceived(_logger, call.CallId, digit.Digit, digit.Method);
                _metrics.DigitReceived(digit.Method);
                call.Keys.Writer.TryWrite(digit.Digit);
                var method = digit.Method switch
                {
                    DtmfMethod.Rfc4733 => CallDigitMethod.Rfc4733,
                    DtmfMethod.SipInfo => CallDigitMethod.SipInfo,
                    _ => CallDigitMethod.InBand,
                };
                await RecordAsync(
                    id => _records.RecordDigitAsync(id, new CallDigit(digit.Digit, method, digit.Duration, digit.ReceivedAt), CancellationToken.None)
                        .ContinueWith(_ => true, TaskScheduler.Default),
                    call).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            call.Keys.Writer.TryComplete();
        }
    }

    private void EndFromOurSide(InboundCall call, CallEndReason reason)
    {
        if (call.End(reason) && call.Dialog is { } dialog && _agent is { } agent)
        {
            _ = agent.ByeAsync(dialog, CancellationToken.None);
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
        if (!_calls.TryGetValue(dialog.CallId, out var call) || call.PendingOffer is not { } offer)
        {
            return;
        }

        call.PendingOffer = null;
        var answer = SessionAnswerer.ReadAnswer(offer, ack);
        if (answer is null)
        {
            // RFC 3261 §13.3.1.4 leaves no other way out of an unusable answer in the ACK than ending the call.
            EndFromOurSide(call, CallEndReason.Rejected);
            return;
        }

        if (call.Negotiated is null)
        {
            call.Negotiated = answer;
            _ = StartMediaAsync(call);
        }
        else
        {
            call.Negotiated = answer;
            call.Media?.Update(MediaEndpoint.From(answer));
        }
    }

    private async Task<(CallEndReason Reason, int? SipStatus)> WaitForEndAsync(SipUserAgent agent, InboundCall call)
    {
        var maxDuration = Task.Delay(TimeSpan.FromSeconds(_options.MaxDurationSeconds), _time, call.HungUp);
        await Task.WhenAny(call.Ended, maxDuration).ConfigureAwait(false);
        if (!call.Ended.IsCompleted)
        {
            EndFromOurSide(call, CallEndReason.MaxDuration);
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

    private async Task HandleInfoAsync(SipServerTransaction info, CancellationToken stopping)
    {
        var request = info.Request;
        if (SipInfoDtmf.TryParse(request.ContentType, request.BodyText, out var digit, out var duration) &&
            _calls.TryGetValue(request.CallId!, out var call) && call.Media is { } media)
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
        if (_calls.TryGetValue(request.CallId!, out var call) &&
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
        if (_calls.TryGetValue(bye.Request.CallId!, out var call))
        {
            call.End(CallEndReason.CallerHangup);
        }
        else if (_bridgedLegs.TryGetValue(bye.Request.CallId!, out var bridged) && bridged.Bridge is { } leg && leg.TryMarkHungUp())
        {
            // The bridged destination hung up: the caller's leg ends with our BYE.
            EndFromOurSide(bridged, CallEndReason.IvrHangup);
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

    private Task RecordQualityAsync(InboundCall call, MediaSession media)
    {
        var stats = media.GetStatistics();
        var quality = new CallMediaQuality(
            stats.PacketsSent, stats.PacketsReceived, stats.PacketsLost, stats.JitterMilliseconds,
            stats.RemoteReportedLossFraction, stats.RemoteReportedJitterMilliseconds);
        return RecordAsync(id => _records.RecordMediaQualityAsync(id, quality, CancellationToken.None).ContinueWith(_ => true, TaskScheduler.Default), call);
    }

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

    private static string SafeFileName(string callId)
    {
        Span<char> chars = stackalloc char[Math.Min(callId.Length, 64)];
        for (var i = 0; i < chars.Length; i++)
        {
            var c = callId[i];
            chars[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_';
        }

        return new string(chars);
    }
}
