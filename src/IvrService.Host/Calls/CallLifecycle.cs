using System.Globalization;
using IvrService.Host.Internal;
using IvrService.Media;
using IvrService.Media.Audio;
using IvrService.Media.Dtmf;
using IvrService.Sip;
using IvrService.Storage;
using Microsoft.Extensions.Options;

namespace IvrService.Host.Calls;

/// <summary>
/// The parts of a call's life both directions share once the SDP is agreed: media started with the call
/// recording, the media timeout and the key log; the call record written along the way (keys, recording path,
/// quality, end) without a database fault ever ending the call; hang-up by BYE; the maximum duration.
/// </summary>
internal sealed class CallLifecycle
{
    /// <summary>How long to wait for the answer to our BYE before the call is ended on our side all the same.</summary>
    private static readonly TimeSpan ByeWait = TimeSpan.FromSeconds(5);

    private readonly ICallRecordStore _records;
    private readonly MediaOptions _mediaOptions;
    private readonly CallOptions _callOptions;
    private readonly TimeProvider _time;
    private readonly ILogger<CallLifecycle> _logger;
    private readonly CallMetrics _metrics;
    private SipUserAgent? _agent;

    public CallLifecycle(
        ICallRecordStore records,
        IOptions<MediaOptions> mediaOptions,
        IOptions<StorageOptions> storageOptions,
        IOptions<CallOptions> callOptions,
        TimeProvider time,
        ILogger<CallLifecycle> logger,
        CallMetrics metrics)
    {
        _records = records;
        _mediaOptions = mediaOptions.Value;
        _callOptions = callOptions.Value;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        RecordingDirectory = _mediaOptions.RecordingDirectory ?? Path.Combine(storageOptions.Value.ResolvedDataDirectory, "recordings");
        InstanceId = _callOptions.InstanceId ?? Environment.MachineName;
    }

    /// <summary>Where call recordings (and, under <c>messages</c>, voice messages) are written.</summary>
    public string RecordingDirectory { get; }

    /// <summary>This instance's name on its call records.</summary>
    public string InstanceId { get; }

    /// <summary>The running user agent; null before SIP started and after it stopped.</summary>
    public SipUserAgent? Agent => Volatile.Read(ref _agent);

    public void Attach(SipUserAgent agent) => Volatile.Write(ref _agent, agent);

    /// <summary>
    /// Starts RTP towards the agreed peer, the call recording (when enabled), the media timeout and the key log,
    /// once per call; returns the started session, or null when media had started already.
    /// </summary>
    public async Task<MediaSession?> StartMediaAsync(SipCall call)
    {
        // The ACK of a delayed offer and the answering path may both get here; media starts once.
        if (!call.TryMarkMediaStarted() || call.Media is not { } media || call.Negotiated is not { } negotiated)
        {
            return null;
        }

        media.Start(MediaEndpoint.From(negotiated));
        if (_mediaOptions.RecordCalls)
        {
            var now = _time.GetUtcNow();
            var path = Path.Combine(
                RecordingDirectory,
                now.ToString("yyyy", CultureInfo.InvariantCulture),
                now.ToString("MM", CultureInfo.InvariantCulture),
                now.ToString("dd", CultureInfo.InvariantCulture),
                $"{call.RecordId?.ToString(CultureInfo.InvariantCulture) ?? "call"}-{SipCallPort.SafeFileName(call.CallId)}.wav");
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
        return media;
    }

    /// <summary>
    /// Waits until the call ends, ending it from our side at <c>Calls:MaxDurationSeconds</c>; returns how it ended.
    /// </summary>
    public async Task<(CallEndReason Reason, int? SipStatus)> WaitForEndAsync(SipCall call)
    {
        var maxDuration = Task.Delay(TimeSpan.FromSeconds(_callOptions.MaxDurationSeconds), _time, call.HungUp);
        await Task.WhenAny(call.Ended, maxDuration).ConfigureAwait(false);
        if (!call.Ended.IsCompleted)
        {
            EndFromOurSide(call, CallEndReason.MaxDuration);
        }

        return await call.Ended.ConfigureAwait(false);
    }

    /// <summary>Ends the call from our side with BYE and waits (briefly) for the answer; does nothing when it already ended.</summary>
    public async Task HangUpAsync(SipCall call, CallEndReason reason)
    {
        if (!call.End(reason) || call.Dialog is not { } dialog || Agent is not { } agent)
        {
            return;
        }

        try
        {
            await agent.ByeAsync(dialog, CancellationToken.None).WaitAsync(ByeWait, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A peer that does not answer our BYE still has the call ended on our side.
        }
    }

    /// <summary>Ends the call from our side with BYE, without waiting for the answer.</summary>
    public void EndFromOurSide(SipCall call, CallEndReason reason)
    {
        if (call.End(reason) && call.Dialog is { } dialog && Agent is { } agent)
        {
            _ = agent.ByeAsync(dialog, CancellationToken.None);
        }
    }

    /// <summary>Closes the call's media (ports returned, recording finished) and stores its quality figures, once.</summary>
    public async Task EndMediaAsync(SipCall call)
    {
        if (call.Media is not { } media)
        {
            return;
        }

        call.Media = null;
        await media.DisposeAsync().ConfigureAwait(false);
        var stats = media.GetStatistics();
        var quality = new CallMediaQuality(
            stats.PacketsSent, stats.PacketsReceived, stats.PacketsLost, stats.JitterMilliseconds,
            stats.RemoteReportedLossFraction, stats.RemoteReportedJitterMilliseconds);
        await RecordAsync(id => _records.RecordMediaQualityAsync(id, quality, CancellationToken.None).ContinueWith(_ => true, TaskScheduler.Default), call).ConfigureAwait(false);
    }

    public Task RecordEndedAsync(SipCall call, CallEndReason reason, int? sipStatus) =>
        RecordAsync(id => _records.RecordEndedAsync(id, _time.GetUtcNow(), reason, sipStatus, CancellationToken.None), call);

    public Task RecordAnsweredAsync(SipCall call) =>
        RecordAsync(id => _records.RecordAnsweredAsync(id, _time.GetUtcNow(), CancellationToken.None), call);

    public Task RecordFlowOutcomeAsync(SipCall call, CallFlowSummary summary) =>
        RecordAsync(id => _records.RecordFlowOutcomeAsync(id, summary, CancellationToken.None).ContinueWith(_ => true, TaskScheduler.Default), call);

    /// <summary>Inserts the offered call's row; null (logged) when the database cannot take it, and the call goes on.</summary>
    public async Task<long?> RecordOfferedAsync(CallOffered offered, CancellationToken cancellationToken)
    {
        try
        {
            return await _records.RecordOfferedAsync(offered, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            HostLog.CallRecordFailed(_logger, offered.CallId, ex);
            return null;
        }
    }

    private async Task LogDigitsAsync(SipCall call, MediaSession media)
    {
        try
        {
            await foreach (var digit in media.Digits.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                HostLog.DigitReceived(_logger, call.CallId, digit.Digit, digit.Method);
                _metrics.DigitReceived(digit.Method);
                var method = digit.Method switch
                {
                    DtmfMethod.Rfc4733 => CallDigitMethod.Rfc4733,
                    DtmfMethod.SipInfo => CallDigitMethod.SipInfo,
                    _ => CallDigitMethod.InBand,
                };
                call.LastDigitMethod = method;
                call.Keys.Writer.TryWrite(digit.Digit);
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

    private async Task RecordAsync(Func<long, Task<bool>> write, SipCall call)
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
