namespace IvrService.Testing.Internal;

/// <summary>What one in-call step of a generated SIPp scenario does.</summary>
internal enum SippStepKind
{
    /// <summary>Pause; nothing is sent.</summary>
    Wait,

    /// <summary>Play an RTP capture and pause while it is sent.</summary>
    Play,

    /// <summary>Wait (at most the duration) for the other side's BYE and answer it 200.</summary>
    ExpectBye,

    /// <summary>Hang up: BYE, then 200 expected.</summary>
    SendBye,
}

/// <summary>One in-call step: its kind, how long it lasts (or may wait), and the capture it plays.</summary>
internal sealed record SippStep(SippStepKind Kind, TimeSpan Duration, RtpCapture? Capture);
