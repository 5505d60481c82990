using System.Globalization;
using IvrService.Flows;
using IvrService.Host.Internal;
using IvrService.Media;
using IvrService.Media.Audio;
using IvrService.Media.Sdp;
using IvrService.Sip;
using IvrService.Speech;
using IvrService.Storage;

namespace IvrService.Host.Calls;

/// <summary>
/// The flow engine's view of an answered SIP call, inbound or outbound: prompts resolved by the prompt library and
/// played on the call's media session (a key stops an interruptible prompt), the far end's keys, voice messages,
/// blind transfer by REFER or (where the call allows it) a new outbound leg bridged to the call, and hang-up by BYE.
/// </summary>
internal sealed class SipCallPort : ICallPort
{
    /// <summary>How long a barge-in key may take to be reported once it stopped the prompt (RFC 4733 end packets).</summary>
    private static readonly TimeSpan BargeInKeyWait = TimeSpan.FromSeconds(5);

    /// <summary>How long the finishing key of a voice message may take to arrive, so that it is not read as the next answer.</summary>
    private static readonly TimeSpan FinishKeyWait = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait after a 202 for a NOTIFY telling how the transfer went, before ending our side.</summary>
    private static readonly TimeSpan ReferNotifyWait = TimeSpan.FromSeconds(4);

    /// <summary>How long to wait for the answer to a BYE on an outbound leg we give up.</summary>
    private static readonly TimeSpan ByeWait = TimeSpan.FromSeconds(5);

    private readonly SipCall _call;
    private readonly MediaSession _media;
    private readonly SipUserAgent _agent;
    private readonly PromptLibrary _library;
    private readonly PromptCache _cache;
    private readonly string _messagesDirectory;
    private readonly Func<Task> _hangUp;
    private readonly MediaEngine _mediaEngine;
    private readonly Func<BridgedLeg, bool>? _bridged;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _messageCount;
    private bool _endedByFlow;

    /// <param name="bridged">Takes over a bridged leg for the rest of the call; null when the call offers no bridged transfer.</param>
    public SipCallPort(
        SipCall call,
        string callerNumber,
        string calledNumber,
        MediaSession media,
        SipUserAgent agent,
        PromptLibrary library,
        PromptCache cache,
        string recordingDirectory,
        Func<Task> hangUp,
        MediaEngine mediaEngine,
        Func<BridgedLeg, bool>? bridged,
        TimeProvider time,
        ILogger logger)
    {
        _call = call;
        _media = media;
        _agent = agent;
        _library = library;
        _cache = cache;
        _messagesDirectory = Path.Combine(recordingDirectory, "messages");
        _hangUp = hangUp;
        _mediaEngine = mediaEngine;
        _bridged = bridged;
        _time = time;
        _logger = logger;
        CallerNumber = callerNumber;
        CalledNumber = calledNumber;
    }

    public string CallId => _call.CallId;

    public string CallerNumber { get; }

    public string CalledNumber { get; }

    /// <summary>
    /// When set, every operation also stops with <see cref="OperationCanceledException"/> once this is cancelled (the
    /// far end hung up), whatever token the caller passed; unset, the caller's token alone stops them.
    /// </summary>
    public CancellationToken CallEnded { get; init; }

    /// <summary>True once the flow ended the call itself (hang-up, or a transfer that took the call over).</summary>
    public bool EndedByFlow => Volatile.Read(ref _endedByFlow);

    public async Task<char?> PlayAsync(IReadOnlyList<PromptClip> clips, bool interruptible, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clips);
        using var untilCallEnds = LinkCallEnded(ref cancellationToken);
        if (interruptible && _call.Keys.Reader.TryRead(out var typedAhead))
        {
            // A key pressed before the prompt began answers it at once.
            return typedAhead;
        }

        var audio = new PromptAudio[clips.Count];
        for (var i = 0; i < clips.Count; i++)
        {
            var clip = clips[i];
            var path = await _library.GetAudioFileAsync(clip.Language, clip.Key, clip.Text, cancellationToken).ConfigureAwait(false);
            audio[i] = await _cache.GetAsync(path, cancellationToken).ConfigureAwait(false);
        }

        var result = await _media.PlayAsync(audio, interruptible, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!interruptible || result.Outcome != PlaybackOutcome.Interrupted)
        {
            return null;
        }

        // The prompt stopped on the key going down; the key itself is reported when it is released.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(BargeInKeyWait);
        try
        {
            return await _call.Keys.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public async ValueTask<char> ReadDigitAsync(CancellationToken cancellationToken)
    {
        using var untilCallEnds = LinkCallEnded(ref cancellationToken);
        try
        {
            return await _call.Keys.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException ex)
        {
            throw new OperationCanceledException("The call ended.", ex, cancellationToken);
        }
    }

    public void ClearDigits()
    {
        while (_call.Keys.Reader.TryRead(out _))
        {
        }
    }

    public async Task<RecordedMessage> RecordAsync(RecordRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var untilCallEnds = LinkCallEnded(ref cancellationToken);
        var number = Interlocked.Increment(ref _messageCount);
        var path = Path.Combine(_messagesDirectory, $"{SafeFileName(CallId)}-{number.ToString(CultureInfo.InvariantCulture)}.wav");
        Directory.CreateDirectory(_messagesDirectory);
        var options = new VoiceMessageOptions(path)
        {
            MaxLength = request.MaxLength,
            FinishKey = request.FinishKey,
            SilenceTimeout = request.SilenceTimeout,
            NoSpeechTimeout = request.NoSpeechTimeout,
        };
        var result = await _media.RecordVoiceMessageAsync(options, cancellationToken).ConfigureAwait(false);
        if (result.End == VoiceMessageEnd.Digit && request.FinishKey is { } finishKey)
        {
            await DropFinishKeyAsync(finishKey, cancellationToken).ConfigureAwait(false);
        }

        var end = result.End switch
        {
            VoiceMessageEnd.Digit => RecordingEnd.FinishKey,
            VoiceMessageEnd.Silence => RecordingEnd.Silence,
            VoiceMessageEnd.MaxLength => RecordingEnd.MaxLength,
            _ => RecordingEnd.HungUp,
        };
        return new RecordedMessage(result.Path, result.Duration, end, result.HeardSpeech);
    }

    public Task<TransferResult> TransferAsync(TransferRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Mode switch
        {
            TransferMode.Refer => ReferAsync(request, cancellationToken),
            TransferMode.Bridge when _bridged is { } bridged => BridgeAsync(request, bridged, cancellationToken),
            _ => Task.FromResult(new TransferResult(false, null, $"transfer mode {request.Mode} is not supported")),
        };
    }

    public Task HangUpAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _endedByFlow, true);
        return _hangUp();
    }

    private async Task<TransferResult> ReferAsync(TransferRequest request, CancellationToken cancellationToken)
    {
        var dialog = _call.Dialog ?? throw new InvalidOperationException("The call has no dialog to transfer.");
        if (!SipUri.TryParse(request.Destination, out var target))
        {
            return new TransferResult(false, null, $"'{request.Destination}' is not a SIP URI");
        }

        var refer = dialog.CreateRequest(SipMethods.Refer);
        refer.Headers.Add(SipHeaderNames.ReferTo, "<" + target + ">");
        refer.Headers.Add(SipHeaderNames.ReferredBy, "<" + dialog.LocalAddress.Uri + ">");
        SipResponse response;
        try
        {
            var transaction = await _agent.SendInDialogAsync(dialog, refer, cancellationToken).ConfigureAwait(false);
            response = await transaction.Completion.WaitAsync(request.RingTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            EndDialogGone(dialog, 408);
            return Report(request, new TransferResult(false, 408, "no answer to the REFER; the call is ended"));
        }

        if (response.StatusCode is 408 or 481)
        {
            EndDialogGone(dialog, response.StatusCode);
            return Report(request, new TransferResult(false, response.StatusCode, $"REFER refused: {response.StatusCode} {response.ReasonPhrase}; the call is ended"));
        }

        if (!response.IsSuccess)
        {
            return Report(request, new TransferResult(false, response.StatusCode, $"REFER refused: {response.StatusCode} {response.ReasonPhrase}"));
        }

        var notified = await WaitForReferOutcomeAsync(cancellationToken).ConfigureAwait(false);
        if (notified is >= 300)
        {
            return Report(request, new TransferResult(false, notified, $"REFER accepted, then the transfer failed: NOTIFY {notified}"));
        }

        // The caller's side took the call over: our leg ends here.
        if (!_call.Ended.IsCompleted)
        {
            Volatile.Write(ref _endedByFlow, true);
            await _hangUp().ConfigureAwait(false);
        }

        var detail = notified is { } status
            ? $"REFER accepted ({response.StatusCode}), NOTIFY {status}"
            : $"REFER accepted ({response.StatusCode})";
        return Report(request, new TransferResult(true, response.StatusCode, detail));
    }

    /// <summary>
    /// Calls the destination on a new leg with its own RTP port (CANCEL when it rings past the ring timeout) and,
    /// once it answers, bridges its media to the caller's. Succeeds at once on the 200; the call then stays up
    /// until either side hangs up, and the handler ends the other leg.
    /// </summary>
    private async Task<TransferResult> BridgeAsync(TransferRequest request, Func<BridgedLeg, bool> bridged, CancellationToken cancellationToken)
    {
        if (!SipUri.TryParse(request.Destination, out var target))
        {
            return Report(request, new TransferResult(false, null, $"'{request.Destination}' is not a SIP URI"));
        }

        MediaSession leg;
        try
        {
            leg = _mediaEngine.CreateSession(_media.LocalAddress);
        }
        catch (InvalidOperationException ex)
        {
            return Report(request, new TransferResult(false, 503, "no media port free for the outbound leg: " + ex.Message));
        }

        var keepLeg = false;
        try
        {
            var local = SessionAnswerer.NewLocal(_media.LocalAddress, leg.LocalRtpPort);
            var offer = SdpNegotiator.CreateOffer(local);
            var from = new SipNameAddress(SipUri.Create("sip", CallerNumber.Length > 0 ? CallerNumber : "ivr", _media.LocalAddress.ToString(), null));
            var outgoing = new SipOutgoingCall(target, from) { SdpOffer = offer.ToString(), RingTimeout = request.RingTimeout };
            SipInviteResult invited;
            try
            {
                invited = await _agent.InviteAsync(outgoing, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                return Report(request, new TransferResult(false, null, $"could not call {target}: {ex.Message}"));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var final = invited.FinalResponse;
            if (invited.Dialog is not { } dialog)
            {
                var detail = invited.CancelledByUs
                    ? $"no answer within {request.RingTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (CANCEL, {final.StatusCode})"
                    : $"{final.StatusCode} {final.ReasonPhrase}";
                return Report(request, new TransferResult(false, final.StatusCode, detail));
            }

            if (!TryReadAnswer(offer, final, out var negotiated))
            {
                await ByeQuietlyAsync(dialog).ConfigureAwait(false);
                return Report(request, new TransferResult(false, 488, "the answer's SDP is missing or has no common codec"));
            }

            leg.Start(MediaEndpoint.From(negotiated));
            var bridge = MediaBridge.Connect(_media, leg);
            if (!bridged(new BridgedLeg(request.Destination, dialog, leg, bridge, local)))
            {
                // The caller hung up while the destination was answering.
                bridge.Dispose();
                await ByeQuietlyAsync(dialog).ConfigureAwait(false);
                throw new OperationCanceledException("The caller hung up before the bridge was up.", cancellationToken);
            }

            keepLeg = true;
            HostLog.BridgeStarted(_logger, CallId, request.Destination, dialog.CallId);
            return Report(request, new TransferResult(true, final.StatusCode, $"answered ({final.StatusCode}), bridged"));
        }
        finally
        {
            if (!keepLeg)
            {
                await leg.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Makes <paramref name="cancellationToken"/> also stop at <see cref="CallEnded"/>; null when that is unset.</summary>
    private CancellationTokenSource? LinkCallEnded(ref CancellationToken cancellationToken)
    {
        if (!CallEnded.CanBeCanceled)
        {
            return null;
        }

        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, CallEnded);
        cancellationToken = linked.Token;
        return linked;
    }

    private static bool TryReadAnswer(SessionDescription offer, SipResponse response, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SdpNegotiationResult? negotiated)
    {
        negotiated = null;
        var text = SipBody.FindPart(response, "application/sdp");
        return text is not null &&
            SessionDescription.TryParse(text, out var answer, out _) &&
            SdpNegotiator.TryReadAnswer(offer, answer!, out negotiated, out _) &&
            negotiated is not null;
    }

    /// <summary>
    /// Ends the call after a 481 or 408 to a request inside its dialog (RFC 3261 §12.2.1.2): the far end no longer
    /// knows the dialog, or cannot be reached, so the menu must not go on talking to nobody. After a 408 the far end
    /// still gets a BYE in case it is there after all; after a 481 there is nothing to send it to.
    /// </summary>
    private void EndDialogGone(SipDialog dialog, int status)
    {
        if (!_call.End(CallEndReason.IvrHangup, status))
        {
            return;
        }

        HostLog.DialogGone(_logger, CallId, status);
        if (status == 481)
        {
            _agent.RemoveDialog(dialog);
        }
        else
        {
            _ = ByeQuietlyAsync(dialog);
        }
    }

    private async Task ByeQuietlyAsync(SipDialog dialog)
    {
        try
        {
            await _agent.ByeAsync(dialog, CancellationToken.None).WaitAsync(ByeWait, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>The final status of the transfer from the NOTIFYs (RFC 3515 §2.4.5), or null when none came in time.</summary>
    private async Task<int?> WaitForReferOutcomeAsync(CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _call.HungUp);
        wait.CancelAfter(ReferNotifyWait);
        try
        {
            while (true)
            {
                var status = await _call.ReferNotifications.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                if (status >= 200)
                {
                    return status;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task DropFinishKeyAsync(char finishKey, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(FinishKeyWait);
        try
        {
            while (await _call.Keys.Reader.ReadAsync(wait.Token).ConfigureAwait(false) != finishKey)
            {
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    private TransferResult Report(TransferRequest request, TransferResult result)
    {
        HostLog.TransferResult(_logger, CallId, request.Destination, request.Mode, result.Detail);
        return result;
    }

    /// <summary>The caller's number: the user part of P-Asserted-Identity when present, else of From.</summary>
    public static string CallerOf(SipRequest request)
    {
        var asserted = request.GetAddresses("P-Asserted-Identity");
        foreach (var address in asserted)
        {
            if (address.Uri.UnescapedUser is { Length: > 0 } user)
            {
                return user;
            }
        }

        return request.From?.Uri.UnescapedUser ?? "";
    }

    internal static string SafeFileName(string callId)
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
