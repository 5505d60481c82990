using System.Globalization;
using IvrService.Testing.Internal;

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
    public const string CapturesDirectory = SippCallSteps.CapturesDirectory;

    /// <summary>The G.711 A-law speech capture of the sip-tester package (payload type 8).</summary>
    public static readonly string VoiceCapture = Path.Combine(CapturesDirectory, "g711a.pcap");

    private readonly SippCallSteps _steps = new();
    private readonly string _caller;
    private readonly int[] _payloadTypes;
    private string _contact = "[local_ip]:[local_port]";

    /// <param name="caller">The user part of From (the caller's number as the callee sees it).</param>
    /// <param name="payloadTypes">Audio payload types offered, in order of preference: 0 (PCMU) and/or 8 (PCMA).</param>
    public SippCallerScript(string caller = "09121234567", params int[] payloadTypes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caller);
        _caller = caller;
        _payloadTypes = SippScriptWriter.AudioPayloadTypes(payloadTypes, nameof(payloadTypes));
    }

    /// <summary>How long the scenario runs at least (the sum of its waits and captures), to bound the test's wait.</summary>
    public TimeSpan MinimumLength => _steps.MinimumLength;

    /// <summary>
    /// Puts <paramref name="host"/>:<paramref name="port"/> in the Contact of the INVITE and ACK instead of SIPp's own
    /// address, as a phone behind NAT does (its private address) or a TCP client whose connection comes from another
    /// port than the one it names: a request to the caller then only arrives when it is sent down the connection the
    /// caller opened (SIPp over TCP), not to the Contact.
    /// </summary>
    public SippCallerScript ContactAt(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _contact = $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
        return this;
    }

    /// <summary>Waits (RTP keeps flowing from the callee; nothing is sent).</summary>
    public SippCallerScript Wait(TimeSpan duration)
    {
        _steps.Wait(duration);
        return this;
    }

    /// <summary>Presses each key in turn (0-9, *, #) as RFC 4733 events, <paramref name="gap"/> from the start of one to the next.</summary>
    public SippCallerScript Press(string keys, TimeSpan? gap = null)
    {
        _steps.Press(keys, gap);
        return this;
    }

    /// <summary>Plays an RTP capture (e.g. <see cref="VoiceCapture"/>) and waits until it has been sent.</summary>
    public SippCallerScript Play(string capturePath)
    {
        _steps.Play(capturePath);
        return this;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the callee's BYE and answers it 200; the call fails if it does not
    /// come. A capture played right before is not waited out: the BYE may come once its last packet has arrived.
    /// </summary>
    public SippCallerScript ExpectBye(TimeSpan timeout)
    {
        _steps.ExpectBye(timeout);
        return this;
    }

    /// <summary>Hangs up: BYE, then expects 200.</summary>
    public SippCallerScript SendBye()
    {
        _steps.SendBye();
        return this;
    }

    /// <summary>Writes the scenario and the captures it plays into a new folder under the temp directory.</summary>
    public SippCallerScenario Write()
    {
        if (!_steps.EndsCall)
        {
            throw new InvalidOperationException("a caller script must end with ExpectBye or SendBye");
        }

        var writer = new SippScriptWriter("sipp-caller-");
        writer.Append($"""
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
                  Contact: <sip:{_caller}@{_contact};transport=[transport]>
                  Max-Forwards: 70
                  Allow: INVITE, ACK, CANCEL, BYE, OPTIONS
                  Content-Type: application/sdp
                  Content-Length: [len]

            {SippScriptWriter.Sdp(_payloadTypes)}
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
                  Contact: <sip:{_caller}@{_contact};transport=[transport]>
                  Max-Forwards: 70
                  Content-Length: 0

                ]]>
              </send>

            """);
        writer.Steps(
            _steps.Steps,
            $"""
                  BYE [next_url] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  [routes]
                  From: caller <sip:{_caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: 2 BYE
                  Max-Forwards: 70
                  Content-Length: 0

            """,
            log: false);
        writer.Append("</scenario>\n");
        return new SippCallerScenario(writer.Directory, writer.Save("caller.xml"));
    }
}
