namespace IvrService.Media;

/// <summary>Media configuration, bound from the "Media" section.</summary>
public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>First port of the RTP range; must be even (RTP even, RTCP the odd port above).</summary>
    public int RtpPortStart { get; set; } = 10000;

    /// <summary>Last port of the RTP range, inclusive; the last RTCP port must fit inside it.</summary>
    public int RtpPortEnd { get; set; } = 20000;

    /// <summary>Seconds without any RTP from the peer before the call is considered dead.</summary>
    public int MediaTimeoutSeconds { get; set; } = 30;

    /// <summary>Number of shared pacing loops that send every call's media.</summary>
    public int ClockLoops { get; set; } = Environment.ProcessorCount;

    /// <summary>Record every answered call to a WAV file.</summary>
    public bool RecordCalls { get; set; } = true;

    /// <summary>Call recordings as <c>stereo</c> (caller left, IVR right) or <c>mono</c> (both mixed).</summary>
    public string RecordingLayout { get; set; } = "stereo";

    /// <summary>Where recordings go; unset: a <c>recordings</c> folder in the data directory.</summary>
    public string? RecordingDirectory { get; set; }

    /// <summary>Level of the comfort noise sent between prompts, in dBov (RMS against full scale), from -90 (practically silence) to 0.</summary>
    public double ComfortNoiseLevelDbov { get; set; } = -65;

    /// <summary>Every problem with the values, each naming its configuration key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (RtpPortStart is < 1 or > 65534)
        {
            problems.Add($"{SectionName}:{nameof(RtpPortStart)}: {RtpPortStart} must be between 1 and 65534");
        }
        else if (RtpPortStart % 2 != 0)
        {
            problems.Add($"{SectionName}:{nameof(RtpPortStart)}: {RtpPortStart} must be even");
        }

        if (RtpPortEnd is < 2 or > 65535)
        {
            problems.Add($"{SectionName}:{nameof(RtpPortEnd)}: {RtpPortEnd} must be between 2 and 65535");
        }
        else if (RtpPortEnd < RtpPortStart + 1)
        {
            problems.Add($"{SectionName}:{nameof(RtpPortEnd)}: {RtpPortEnd} must be at least {SectionName}:{nameof(RtpPortStart)} + 1 ({RtpPortStart + 1}) to hold one RTP/RTCP pair");
        }

        if (MediaTimeoutSeconds <= 0)
        {
            problems.Add($"{SectionName}:{nameof(MediaTimeoutSeconds)}: {MediaTimeoutSeconds} must be positive");
        }

        if (ClockLoops <= 0)
        {
            problems.Add($"{SectionName}:{nameof(ClockLoops)}: {ClockLoops} must be positive");
        }

        if (RecordingLayout is not ("stereo" or "mono"))
        {
            problems.Add($"{SectionName}:{nameof(RecordingLayout)}: '{RecordingLayout}' is not stereo or mono");
        }

        if (ComfortNoiseLevelDbov > 0 || ComfortNoiseLevelDbov < -90)
        {
            problems.Add($"{SectionName}:{nameof(ComfortNoiseLevelDbov)}: {ComfortNoiseLevelDbov} is not from -90 to 0");
        }

        return problems;
    }
}
