namespace IvrService.Testing.Internal;

/// <summary>
/// The steps of an established call shared by the caller and the callee scripts: wait, press keys (RFC 4733 from
/// the Debian captures), play a capture, expect the other side's BYE or send one. Checks each step as it is added.
/// </summary>
internal sealed class SippCallSteps
{
    /// <summary>Where Debian's sip-tester package puts its RTP captures.</summary>
    public const string CapturesDirectory = "/usr/share/sip-tester";

    private readonly List<SippStep> _steps = [];

    public IReadOnlyList<SippStep> Steps => _steps;

    /// <summary>The sum of the waits and captures: how long the call lasts at least.</summary>
    public TimeSpan MinimumLength { get; private set; }

    /// <summary>True when the last step ends the call (ExpectBye or SendBye).</summary>
    public bool EndsCall => _steps.Count > 0 && _steps[^1].Kind is SippStepKind.ExpectBye or SippStepKind.SendBye;

    public void Wait(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        Add(new SippStep(SippStepKind.Wait, duration, null));
    }

    public void Press(string keys, TimeSpan? gap)
    {
        ArgumentException.ThrowIfNullOrEmpty(keys);
        var step = gap ?? TimeSpan.FromMilliseconds(400);
        foreach (var key in keys)
        {
            var name = key switch
            {
                >= '0' and <= '9' => key.ToString(),
                '#' => "pound",
                '*' => "star",
                _ => throw new ArgumentException($"key '{key}' in \"{keys}\" has no RFC 4733 capture (0-9, *, #)", nameof(keys)),
            };
            var capture = RtpCapture.Read(Path.Combine(CapturesDirectory, $"dtmf_2833_{name}.pcap"));
            if (step < capture.Duration)
            {
                throw new ArgumentOutOfRangeException(nameof(gap), $"the gap between keys ({step.TotalMilliseconds} ms) is shorter than a key press ({capture.Duration.TotalMilliseconds} ms)");
            }

            Add(new SippStep(SippStepKind.Play, step, capture));
        }
    }

    /// <summary>Plays a capture; when <paramref name="payloadTypes"/> is given, its audio must be one of them.</summary>
    public void Play(string capturePath, IReadOnlyCollection<int>? payloadTypes = null)
    {
        var capture = RtpCapture.Read(capturePath);
        if (payloadTypes is not null && !payloadTypes.Contains(capture.PayloadType))
        {
            throw new ArgumentException(
                $"{capturePath} carries payload type {capture.PayloadType}, which the SDP ({string.Join(' ', payloadTypes)}) does not list",
                nameof(capturePath));
        }

        Add(new SippStep(SippStepKind.Play, capture.Duration, capture));
    }

    public void ExpectBye(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Add(new SippStep(SippStepKind.ExpectBye, timeout, null));
    }

    public void SendBye() => Add(new SippStep(SippStepKind.SendBye, TimeSpan.Zero, null));

    private void Add(SippStep step)
    {
        if (EndsCall)
        {
            throw new InvalidOperationException($"the call has already ended ({_steps[^1].Kind}); nothing can follow it");
        }

        _steps.Add(step);
        if (step.Kind is SippStepKind.Wait or SippStepKind.Play)
        {
            MinimumLength += step.Duration;
        }
    }
}
