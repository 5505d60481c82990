using System.Globalization;
using System.Text;

namespace IvrService.Testing;

/// <summary>
/// Builds a SIPp caller (UAC) scenario from a list of steps — wait, press a key (RFC 4733 from the Debian captures),
/// play a voice capture, expect the callee's BYE, send BYE — and writes it, with the captures it plays, into a
/// folder of its own. SIPp reads the capture paths when it loads the scenario, hence one file per script.
/// The INVITE offers the payload types given (PCMU with telephone-event/8000 as 101 unless told otherwise) on
/// SIPp's media port (<c>-mi/-mp</c>), from <c>sip:&lt;caller&gt;@…</c>.
/// </summary>
public sealed class SippCallerScript
{
    /// <summary>Where Debian's sip-tester package puts its RTP captures.</summary>
    public const string CapturesDirectory = "/usr/share/sip-tester";

    /// <summary>The G.711 A-law speech capture of the sip-tester package (payload type 8).</summary>
    public static readonly string VoiceCapture = Path.Combine(CapturesDirectory, "g711a.pcap");

    private readonly List<Step> _steps = [];
    private readonly string _caller;
    private readonly int[] _payloadTypes;

    /// <param name="caller">The user part of From (the caller's number as the callee sees it).</param>
    /// <param name="payloadTypes">Audio payload types offered, in order of preference: 0 (PCMU) and/or 8 (PCMA).</param>
    public SippCallerScript(string caller = "09121234567", params int[] payloadTypes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caller);
        _caller = caller;
        _payloadTypes = payloadTypes.Length == 0 ? [0] : payloadTypes;
        foreach (var type in _payloadTypes)
        {
            if (type is not (0 or 8))
            {
                throw new ArgumentException($"payload type {type} is not 0 (PCMU) or 8 (PCMA)", nameof(payloadTypes));
            }
        }
    }

    /// <summary>How long the scenario runs at least (the sum of its waits and captures), to bound the test's wait.</summary>
    public TimeSpan MinimumLength { get; private set; }

    /// <summary>Waits (RTP keeps flowing from the callee; nothing is sent).</summary>
    public SippCallerScript Wait(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        _steps.Add(new Step(StepKind.Wait, duration, null));
        MinimumLength += duration;
        return this;
    }

    /// <summary>Presses each key in turn (0-9, *, #) as RFC 4733 events, <paramref name="gap"/> from the start of one to the next.</summary>
    public SippCallerScript Press(string keys, TimeSpan? gap = null)
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

            _steps.Add(new Step(StepKind.Play, step, capture));
            MinimumLength += step;
        }

        return this;
    }

    /// <summary>Plays an RTP capture (e.g. <see cref="VoiceCapture"/>) and waits until it has been sent.</summary>
    public SippCallerScript Play(string capturePath)
    {
        var capture = RtpCapture.Read(capturePath);
        _steps.Add(new Step(StepKind.Play, capture.Duration, capture));
        MinimumLength += capture.Duration;
        return this;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the callee's BYE and answers it 200; the call fails if it does not come.</summary>
    public SippCallerScript ExpectBye(TimeSpan timeout)
    {
        _steps.Add(new Step(StepKind.ExpectBye, timeout, null));
        return this;
    }

    /// <summary>Hangs up: BYE, then expects 200.</summary>
    public SippCallerScript SendBye()
    {
        _steps.Add(new Step(StepKind.SendBye, TimeSpan.Zero, null));
        return this;
    }

    /// <summary>Writes the scenario and the captures it plays into a new folder under the temp directory.</summary>
    public SippCallerScenario Write()
    {
        if (_steps.Count == 0 || _steps[^1].Kind is not (StepKind.ExpectBye or StepKind.SendBye))
        {
            throw new InvalidOperationException("a caller script must end with ExpectBye or SendBye");
        }

        var directory = Directory.CreateTempSubdirectory("sipp-caller-").FullName;
        var xml = new StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="generated caller">
              <send retrans="500">
                <![CDATA[

                  INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From: caller <sip:{_caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@[remote_ip]:[remote_port]>
                  Call-ID: [call_id]
                  CSeq: 1 INVITE
                  Contact: <sip:{_caller}@[local_ip]:[local_port];transport=[transport]>
                  Max-Forwards: 70
                  Allow: INVITE, ACK, CANCEL, BYE, OPTIONS
                  Content-Type: application/sdp
                  Content-Length: [len]

                  v=0
                  o=sipp 53655765 2353687637 IN IP[local_ip_type] [local_ip]
                  s=-
                  c=IN IP[media_ip_type] [media_ip]
                  t=0 0
                  m=audio [media_port] RTP/AVP {string.Join(' ', _payloadTypes)} 101

            """);
        foreach (var type in _payloadTypes)
        {
            xml.Append(CultureInfo.InvariantCulture, $"      a=rtpmap:{type} {(type == 0 ? "PCMU" : "PCMA")}/8000\n");
        }

        xml.Append(CultureInfo.InvariantCulture, $"""
                  a=rtpmap:101 telephone-event/8000
                  a=fmtp:101 0-16
                  a=ptime:20
                  a=sendrecv

                ]]>
              </send>
              <recv response="100" optional="true"/>
              <recv response="180" optional="true"/>
              <recv response="183" optional="true"/>
              <recv response="200" rtd="true" rrs="true"/>
              <send>
                <![CDATA[

                  ACK [next_url] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  [routes]
                  From: caller <sip:{_caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: 1 ACK
                  Contact: <sip:{_caller}@[local_ip]:[local_port];transport=[transport]>
                  Max-Forwards: 70
                  Content-Length: 0

                ]]>
              </send>

            """);

        // Every capture gets its own copy, numbered on from the one before: one RTP stream of rising sequence
        // numbers and timestamps, so each key press is a new telephone event.
        ushort sequence = 1000;
        uint timestamp = 16000;
        var index = 0;
        foreach (var step in _steps)
        {
            switch (step.Kind)
            {
                case StepKind.Wait:
                    xml.Append(CultureInfo.InvariantCulture, $"  <pause milliseconds=\"{Milliseconds(step.Duration)}\"/>\n");
                    break;
                case StepKind.Play:
                    var copy = Path.Combine(directory, $"{++index:D3}-{Path.GetFileName(step.Capture!.Path)}");
                    step.Capture.WriteRenumbered(copy, sequence, timestamp);
                    sequence += (ushort)(step.Capture.PacketCount + 10);
                    timestamp += (uint)Math.Ceiling(step.Duration.TotalSeconds * 8000) + 8000;
                    xml.Append(CultureInfo.InvariantCulture, $"""
                          <nop>
                            <action>
                              <exec play_pcap_audio="{copy}"/>
                            </action>
                          </nop>
                          <pause milliseconds="{Milliseconds(step.Duration)}"/>

                        """);
                    break;
                case StepKind.ExpectBye:
                    xml.Append(CultureInfo.InvariantCulture, $"""
                          <recv request="BYE" timeout="{Milliseconds(step.Duration)}"/>
                          <send>
                            <![CDATA[

                              SIP/2.0 200 OK
                              [last_Via:]
                              [last_From:]
                              [last_To:]
                              [last_Call-ID:]
                              [last_CSeq:]
                              Content-Length: 0

                            ]]>
                          </send>

                        """);
                    break;
                case StepKind.SendBye:
                    xml.Append(CultureInfo.InvariantCulture, $"""
                          <send retrans="500">
                            <![CDATA[

                              BYE [next_url] SIP/2.0
                              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                              [routes]
                              From: caller <sip:{_caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                              To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                              Call-ID: [call_id]
                              CSeq: 2 BYE
                              Max-Forwards: 70
                              Content-Length: 0

                            ]]>
                          </send>
                          <recv response="200" crlf="true"/>

                        """);
                    break;
            }
        }

        xml.Append("</scenario>\n");
        var path = Path.Combine(directory, "caller.xml");
        File.WriteAllText(path, xml.ToString(), Encoding.Latin1);
        return new SippCallerScenario(directory, path);
    }

    private static string Milliseconds(TimeSpan duration) => Math.Ceiling(duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private enum StepKind
    {
        Wait,
        Play,
        ExpectBye,
        SendBye,
    }

    private sealed record Step(StepKind Kind, TimeSpan Duration, RtpCapture? Capture);
}
