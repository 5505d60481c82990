using System.Globalization;

namespace IvrService.Flows.Simulation;

/// <summary>
/// A call port with a scripted caller and no audio: prompts are reported to <see cref="Heard"/>, keys come
/// from a <see cref="CallerScript"/>, one group per input the engine waits for. A silent caller lets time pass
/// through <c>letTimePass</c> (the virtual clock jumps to the engine's timeout), so runs take no real time.
/// When the script runs out the caller hangs up: <see cref="CallToken"/> is cancelled and the waiting call throws.
/// </summary>
public sealed class SimulatedCallPort : ICallPort, IDisposable
{
    /// <summary>How often a silent caller lets time pass before the wait counts as one with no timeout.</summary>
    private const int MaxSilenceSteps = 100_000;

    private readonly CallerScript _script;
    private readonly Func<bool> _letTimePass;
    private readonly CancellationTokenSource _hangUp = new();
    private readonly Queue<char> _keys = new();
    private readonly List<PromptClip> _played = [];
    private readonly List<RecordRequest> _recordings = [];
    private readonly List<TransferRequest> _transfers = [];
    private bool _groupOpen;

    /// <param name="script">The caller's keys.</param>
    /// <param name="letTimePass">Moves the engine's clock on (and fires due timers); false when nothing is pending.</param>
    /// <param name="callerNumber">The caller's number.</param>
    /// <param name="calledNumber">The number called.</param>
    /// <param name="callId">The call's id.</param>
    public SimulatedCallPort(CallerScript script, Func<bool> letTimePass, string callerNumber, string calledNumber, string callId = "simulated-call")
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(letTimePass);
        _script = script;
        _letTimePass = letTimePass;
        CallerNumber = callerNumber;
        CalledNumber = calledNumber;
        CallId = callId;
    }

    public string CallId { get; }

    public string CallerNumber { get; }

    public string CalledNumber { get; }

    /// <summary>Cancelled when the caller hangs up; give it to the engine as the call's token.</summary>
    public CancellationToken CallToken => _hangUp.Token;

    /// <summary>Told of each clip as it is played.</summary>
    public Action<PromptClip>? Heard { get; init; }

    /// <summary>How transfers go (accepted by default).</summary>
    public TransferResult TransferResult { get; init; } = new(true, 202, "Accepted");

    /// <summary>How long a caller who keys anything during a recording speaks.</summary>
    public TimeSpan SpokenMessageLength { get; init; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<PromptClip> Played => _played;

    public IReadOnlyList<RecordRequest> Recordings => _recordings;

    public IReadOnlyList<TransferRequest> Transfers => _transfers;

    /// <summary>Whether the flow hung up the call (a hangup node).</summary>
    public bool HungUpByFlow { get; private set; }

    /// <summary>Whether the caller hung up (the script ran out, or <see cref="HangUpCaller"/>).</summary>
    public bool HungUpByCaller => _hangUp.IsCancellationRequested;

    /// <summary>The caller hangs up now.</summary>
    public void HangUpCaller() => _hangUp.Cancel();

    public async Task<char?> PlayAsync(IReadOnlyList<PromptClip> clips, bool interruptible, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clips);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var clip in clips)
        {
            _played.Add(clip);
            Heard?.Invoke(clip);
        }

        if (!interruptible)
        {
            return null;
        }

        if (_keys.Count > 0)
        {
            return _keys.Dequeue();
        }

        await OpenGroupAsync(cancellationToken);
        return _keys.Count > 0 ? _keys.Dequeue() : null;
    }

    public async ValueTask<char> ReadDigitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_keys.Count > 0)
        {
            return _keys.Dequeue();
        }

        if (!_groupOpen)
        {
            await OpenGroupAsync(cancellationToken);
            if (_keys.Count > 0)
            {
                return _keys.Dequeue();
            }
        }

        // The caller keys nothing more for this input: the engine's timeout passes.
        _groupOpen = false;
        for (var step = 0; step < MaxSilenceSteps && !cancellationToken.IsCancellationRequested; step++)
        {
            if (!_letTimePass())
            {
                break;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException("The engine waits for a key with no timeout; a silent caller would wait for ever.");
    }

    public void ClearDigits()
    {
        _keys.Clear();
        _groupOpen = false;
    }

    public async Task<RecordedMessage> RecordAsync(RecordRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        _recordings.Add(request);
        _keys.Clear();
        var keys = await NextGroupAsync(cancellationToken);
        _groupOpen = false;
        var path = $"simulated/{CallId}-{_recordings.Count.ToString(CultureInfo.InvariantCulture)}.wav";
        if (keys.Length == 0)
        {
            var silence = request.SilenceTimeout is { } timeout && timeout < request.MaxLength ? timeout : request.MaxLength;
            return new RecordedMessage(path, silence, silence == request.MaxLength ? RecordingEnd.MaxLength : RecordingEnd.Silence, HeardSpeech: false);
        }

        if (SpokenMessageLength >= request.MaxLength)
        {
            return new RecordedMessage(path, request.MaxLength, RecordingEnd.MaxLength, HeardSpeech: true);
        }

        var finished = request.FinishKey is { } finish && keys.Contains(finish, StringComparison.Ordinal);
        return new RecordedMessage(path, SpokenMessageLength, finished ? RecordingEnd.FinishKey : RecordingEnd.Silence, HeardSpeech: true);
    }

    public Task<TransferResult> TransferAsync(TransferRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        _transfers.Add(request);
        return Task.FromResult(TransferResult);
    }

    public Task HangUpAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        HungUpByFlow = true;
        return Task.CompletedTask;
    }

    public void Dispose() => _hangUp.Dispose();

    private async Task OpenGroupAsync(CancellationToken cancellationToken)
    {
        _keys.Clear();
        foreach (var key in await NextGroupAsync(cancellationToken))
        {
            _keys.Enqueue(key);
        }

        _groupOpen = true;
    }

    private async Task<string> NextGroupAsync(CancellationToken cancellationToken)
    {
        var group = await _script.NextAsync(cancellationToken);
        if (group is null)
        {
            await _hangUp.CancelAsync();
            throw new OperationCanceledException("The caller hung up.", _hangUp.Token);
        }

        return group;
    }
}
