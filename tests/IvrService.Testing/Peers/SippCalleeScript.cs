using System.Globalization;
using IvrService.Testing.Internal;

namespace IvrService.Testing;

/// <summary>
/// Builds a SIPp callee (UAS) scenario for the product's outbound calls and writes it, with the captures it plays,
/// into a folder of its own. A script says how the callee takes one call:
/// <list type="bullet">
/// <item>optionally <see cref="Ring"/> (180) or <see cref="RingWithEarlyMedia"/> (183 with SDP, optionally playing a
/// capture) for a while — a CANCEL that comes while it rings is answered 200, the INVITE 487, the ACK taken;</item>
/// <item>then exactly one outcome: <see cref="Answer"/> (200 with SDP, ACK), <see cref="Busy"/> (486 before any
/// ringing), <see cref="Decline"/> (603 or 486 after ringing), <see cref="NoAnswer"/> (rings until the caller
/// CANCELs) or <see cref="Fail"/> (any 4xx–6xx);</item>
/// <item>after <see cref="Answer"/>: <see cref="Wait"/>, <see cref="Press"/> (RFC 4733 events from the Debian
/// captures, sent to the media address of the INVITE's SDP), <see cref="Play"/>, and finally
/// <see cref="ExpectBye"/> or <see cref="SendBye"/>.</item>
/// </list>
/// Every call starts with 100 Trying. The SDP (in 183 and 200) answers the audio payload types given to the
/// constructor with telephone-event/8000 as 101 on SIPp's media port (<c>-mi/-mp</c>).
/// <para>
/// SIPp runs one scenario for every call (<c>-m N</c>, see <see cref="SippCalleeScenario.Answering"/>).
/// <see cref="WriteSequence"/> gives successive calls different behaviour in that one scenario: the INVITE's
/// <c>[call_number]</c> is compared with <c>&lt;test&gt;</c> and the call jumps to its script's label, so call n
/// runs script n and calls past the last run the last one (busy, then answered on the retry, then answered again).
/// </para>
/// <para>
/// The scenario writes what each call did to the <c>-trace_logs</c> file (<see cref="SippProcess.ReadLogLines"/>):
/// "call 1: script 2", "call 1: ringing", "call 1: answered", "call 1: busy 486", "call 1: declined 603",
/// "call 1: failed 480", "call 1: cancelled", "call 1: bye received", "call 1: bye sent", "call 1: ended".
/// What SIPp received (Request-URI, From, headers, SDP) is in its message trace
/// (<see cref="SippProcess.ReadMessages"/>); the RTP sent to it can be captured with <see cref="RtpWireCapture"/>.
/// </para>
/// </summary>
public sealed class SippCalleeScript
{
    private readonly SippCallSteps _steps = new();
    private readonly int[] _payloadTypes;
    private RingKind _ring;
    private TimeSpan _ringLength;
    private RtpCapture? _earlyMedia;
    private Outcome _outcome;
    private int _code;

    /// <param name="payloadTypes">Audio payload types answered, in order of preference: 0 (PCMU) and/or 8 (PCMA); PCMU when none.</param>
    public SippCalleeScript(params int[] payloadTypes)
    {
        _payloadTypes = SippScriptWriter.AudioPayloadTypes(payloadTypes, nameof(payloadTypes));
    }

    /// <summary>How long a call runs at least (ringing, waits and captures), to bound the test's wait.</summary>
    public TimeSpan MinimumLength => _ringLength + _steps.MinimumLength;

    /// <summary>Sends 180 Ringing and rings for <paramref name="duration"/> before the outcome.</summary>
    public SippCalleeScript Ring(TimeSpan duration) => SetRing(RingKind.Ringing, duration, null);

    /// <summary>
    /// Sends 183 Session Progress with the SDP answer and rings for <paramref name="duration"/> before the outcome,
    /// playing <paramref name="capturePath"/> (e.g. an announcement) meanwhile when given.
    /// </summary>
    public SippCalleeScript RingWithEarlyMedia(TimeSpan duration, string? capturePath = null) =>
        SetRing(RingKind.EarlyMedia, duration, capturePath is null ? null : AudioCapture(capturePath));

    /// <summary>Answers 200 OK with the SDP answer and takes the ACK; in-call steps follow.</summary>
    public SippCalleeScript Answer() => SetOutcome(Outcome.Answer, 200);

    /// <summary>Answers 486 Busy Here at once, without ringing.</summary>
    public SippCalleeScript Busy()
    {
        if (_ring != RingKind.None)
        {
            throw new InvalidOperationException("Busy answers 486 before any ringing; after Ring use Decline(486)");
        }

        return SetOutcome(Outcome.Busy, 486);
    }

    /// <summary>Rejects the call after ringing (180 first unless <see cref="Ring"/> came before): 603 Decline or 486 Busy Here.</summary>
    public SippCalleeScript Decline(int code = 603)
    {
        if (code is not (603 or 486))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "a callee declines with 603 or 486");
        }

        return SetOutcome(Outcome.Decline, code);
    }

    /// <summary>Rings (180 unless <see cref="Ring"/> came before) until the caller CANCELs: 200 to the CANCEL, 487 to the INVITE, ACK.</summary>
    public SippCalleeScript NoAnswer() => SetOutcome(Outcome.NoAnswer, 487);

    /// <summary>Ends the call with a final failure <paramref name="code"/> (400–699), after the ringing if any.</summary>
    public SippCalleeScript Fail(int code)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 699);
        return SetOutcome(Outcome.Fail, code);
    }

    /// <summary>Waits in the answered call (nothing is sent; a BYE that comes meanwhile fails the call).</summary>
    public SippCalleeScript Wait(TimeSpan duration)
    {
        RequireAnswered();
        _steps.Wait(duration);
        return this;
    }

    /// <summary>Presses each key in turn (0-9, *, #) as RFC 4733 events, <paramref name="gap"/> from the start of one to the next.</summary>
    public SippCalleeScript Press(string keys, TimeSpan? gap = null)
    {
        RequireAnswered();
        _steps.Press(keys, gap);
        return this;
    }

    /// <summary>
    /// Plays an RTP capture (e.g. <see cref="SippCallerScript.VoiceCapture"/>, speech in PCMA, as an answering
    /// machine's greeting) and waits until it has been sent. Its payload type must be one the constructor answered.
    /// </summary>
    public SippCalleeScript Play(string capturePath)
    {
        RequireAnswered();
        _steps.Play(capturePath, _payloadTypes);
        return this;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the caller's BYE and answers it 200; the call fails if it does not
    /// come. A capture played right before is not waited out: the BYE may come once its last packet has arrived.
    /// </summary>
    public SippCalleeScript ExpectBye(TimeSpan timeout)
    {
        RequireAnswered();
        _steps.ExpectBye(timeout);
        return this;
    }

    /// <summary>Hangs up: BYE to the caller's Contact, then expects 200.</summary>
    public SippCalleeScript SendBye()
    {
        RequireAnswered();
        _steps.SendBye();
        return this;
    }

    /// <summary>Writes this script as the behaviour of every call into a new folder under the temp directory.</summary>
    public SippCalleeScenario Write() => WriteSequence(this);

    /// <summary>Writes one scenario in which call n runs <paramref name="calls"/>[n - 1] and later calls the last script.</summary>
    public static SippCalleeScenario WriteSequence(params SippCalleeScript[] calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Length == 0)
        {
            throw new ArgumentException("give at least one script", nameof(calls));
        }

        for (var i = 0; i < calls.Length; i++)
        {
            calls[i].CheckComplete(i + 1);
        }

        // SIPp refuses a scenario that sets a variable it never reads: the INVITE's From and To are kept only for a
        // BYE of ours, the call number only to choose among several scripts.
        var writer = new SippScriptWriter("sipp-callee-");
        writer.Append("""
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="generated callee">
              <recv request="INVITE" rrs="true">
                <action>

            """);
        if (Array.Exists(calls, c => c._steps.Steps.Any(s => s.Kind == SippStepKind.SendBye)))
        {
            writer.Append("""
                      <ereg regexp="[^ ].*" search_in="hdr" header="From:" check_it="true" assign_to="caller_from"/>
                      <ereg regexp="[^ ].*" search_in="hdr" header="To:" check_it="true" assign_to="callee_to"/>

                """);
        }

        if (calls.Length > 1)
        {
            writer.Append("""
                      <assignstr assign_to="call_text" value="[call_number]"/>
                      <todouble assign_to="call_n" variable="call_text"/>

                """);
        }

        for (var i = 1; i < calls.Length; i++)
        {
            writer.Append(Invariant($"      <test assign_to=\"up_to_{i}\" variable=\"call_n\" compare=\"less_than_equal\" value=\"{i}\"/>\n"));
        }

        writer.Append("    </action>\n  </recv>\n").Reply("100 Trying");
        for (var i = 1; i < calls.Length; i++)
        {
            writer.Append(Invariant($"  <nop test=\"up_to_{i}\" next=\"script_{i}\"/>\n"));
        }

        if (calls.Length > 1)
        {
            writer.JumpTo(Invariant($"script_{calls.Length}"));
        }

        for (var i = 0; i < calls.Length; i++)
        {
            calls[i].WriteBranch(writer, i + 1);
        }

        writer.Label("done").Log("ended").Append("</scenario>\n");
        return new SippCalleeScenario(writer.Directory, writer.Save("callee.xml"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string ReasonPhrase(int code) => code switch
    {
        180 => "Ringing",
        183 => "Session Progress",
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        410 => "Gone",
        480 => "Temporarily Unavailable",
        484 => "Address Incomplete",
        486 => "Busy Here",
        487 => "Request Terminated",
        488 => "Not Acceptable Here",
        500 => "Server Internal Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Server Time-out",
        600 => "Busy Everywhere",
        603 => "Decline",
        604 => "Does Not Exist Anywhere",
        _ => "Failed",
    };

    private static string Response(int code, bool withSdp, IReadOnlyList<int> payloadTypes, string cseq = "[last_CSeq:]")
    {
        var body = withSdp
            ? "Content-Type: application/sdp\n      Content-Length: [len]\n\n" + SippScriptWriter.Sdp(payloadTypes)
            : "Content-Length: 0\n";
        var retransmit = code >= 200 ? " retrans=\"500\"" : string.Empty;
        return Invariant($"""
              <send{retransmit}>
                <![CDATA[

                  SIP/2.0 {code} {ReasonPhrase(code)}
                  [last_Via:]
                  [last_From:]
                  [last_To:];tag=[pid]SIPpTag01[call_number]
                  [last_Call-ID:]
                  {cseq}
                  Contact: <sip:[service]@[local_ip]:[local_port];transport=[transport]>
                  Allow: INVITE, ACK, CANCEL, BYE, OPTIONS
                  {body}
                ]]>
              </send>

            """);
    }

    private SippCalleeScript SetRing(RingKind kind, TimeSpan duration, RtpCapture? earlyMedia)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        if (_ring != RingKind.None || _outcome != Outcome.None)
        {
            throw new InvalidOperationException("a call rings once, before its outcome (Answer, Busy, Decline, NoAnswer, Fail)");
        }

        _ring = kind;
        _ringLength = duration;
        _earlyMedia = earlyMedia;
        return this;
    }

    private SippCalleeScript SetOutcome(Outcome outcome, int code)
    {
        if (_outcome != Outcome.None)
        {
            throw new InvalidOperationException($"the call already has its outcome ({_outcome}); a script has exactly one");
        }

        _outcome = outcome;
        _code = code;
        return this;
    }

    private void RequireAnswered()
    {
        if (_outcome != Outcome.Answer)
        {
            throw new InvalidOperationException("in-call steps (Wait, Press, Play, ExpectBye, SendBye) come after Answer()");
        }
    }

    private RtpCapture AudioCapture(string capturePath)
    {
        var capture = RtpCapture.Read(capturePath);
        return Array.IndexOf(_payloadTypes, capture.PayloadType) >= 0
            ? capture
            : throw new ArgumentException($"{capturePath} carries payload type {capture.PayloadType}, which the SDP ({string.Join(' ', _payloadTypes)}) does not list", nameof(capturePath));
    }

    private void CheckComplete(int number)
    {
        if (_outcome == Outcome.None)
        {
            throw new InvalidOperationException($"callee script {number} has no outcome: end it with Answer, Busy, Decline, NoAnswer or Fail");
        }

        if (_outcome == Outcome.Answer && !_steps.EndsCall)
        {
            throw new InvalidOperationException($"callee script {number} answers but never ends the call: end it with ExpectBye or SendBye");
        }
    }

    private void WriteBranch(SippScriptWriter writer, int number)
    {
        var prefix = Invariant($"script_{number}");
        writer.Label(prefix).Log(Invariant($"script {number}"));
        var ringing = _ring != RingKind.None || _outcome is Outcome.Decline or Outcome.NoAnswer;
        if (ringing)
        {
            writer.Append(Response(_ring == RingKind.EarlyMedia ? 183 : 180, withSdp: _ring == RingKind.EarlyMedia, _payloadTypes)).Log("ringing");
            if (_earlyMedia is not null)
            {
                writer.StartPlaying(_earlyMedia);
            }

            if (_ringLength > TimeSpan.Zero)
            {
                writer.Append(Invariant($"  <recv request=\"CANCEL\" timeout=\"{SippScriptWriter.Milliseconds(_ringLength)}\" ontimeout=\"{prefix}_rung\" next=\"{prefix}_cancelled\"/>\n"))
                    .Label(prefix + "_rung");
            }
        }

        switch (_outcome)
        {
            case Outcome.Answer:
                writer.Append(Response(200, withSdp: true, _payloadTypes))
                    .Append("  <recv request=\"ACK\" rtd=\"true\" crlf=\"true\"/>\n")
                    .Log("answered")
                    .Steps(
                        _steps.Steps,
                        """
                              BYE [next_url] SIP/2.0
                              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                              [routes]
                              From: [$callee_to];tag=[pid]SIPpTag01[call_number]
                              To: [$caller_from]
                              Call-ID: [call_id]
                              CSeq: 1 BYE
                              Contact: <sip:[service]@[local_ip]:[local_port];transport=[transport]>
                              Max-Forwards: 70
                              Content-Length: 0

                        """,
                        log: true);
                break;
            case Outcome.NoAnswer:
                // Falls through into the CANCEL's answer below.
                writer.Append("  <recv request=\"CANCEL\"/>\n");
                break;
            default:
                writer.Append(Response(_code, withSdp: false, _payloadTypes))
                    .Append("  <recv request=\"ACK\" crlf=\"true\"/>\n")
                    .Log(Invariant($"{_outcome switch { Outcome.Busy => "busy", Outcome.Decline => "declined", _ => "failed" }} {_code}"));
                break;
        }

        if (_outcome != Outcome.NoAnswer)
        {
            writer.JumpTo("done");
        }

        if (ringing)
        {
            writer.Label(prefix + "_cancelled").Reply("200 OK", toTag: true).Append(Response(487, withSdp: false, _payloadTypes, "CSeq: [last_cseq_number] INVITE"))
                .Append("  <recv request=\"ACK\" crlf=\"true\"/>\n")
                .Log("cancelled")
                .JumpTo("done");
        }
    }

    private enum RingKind
    {
        None,
        Ringing,
        EarlyMedia,
    }

    private enum Outcome
    {
        None,
        Answer,
        Busy,
        Decline,
        NoAnswer,
        Fail,
    }
}
