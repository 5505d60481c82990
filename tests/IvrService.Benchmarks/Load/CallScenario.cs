using System.Globalization;
using System.Text;

namespace IvrService.Benchmarks.Load;

/// <summary>
/// The SIPp caller of the load and setup benchmarks, written per run because the keys and the hold time vary:
/// INVITE offering PCMU and telephone-event on SIPp's media port, ACK, then (with keys) half a second and one
/// RFC 4733 key after another from Debian's dtmf_2833 captures (each ~140 ms, started every 400 ms), the hold,
/// BYE. SIPp's response time 1 runs from sending the INVITE to receiving its 200 (<c>start_rtd</c>/<c>rtd</c>);
/// with <c>-trace_rtt -rtt_freq 1</c> every call's value lands in SIPp's <c>_rtt.csv</c>.
/// </summary>
internal static class CallScenario
{
    public const string PcapDirectory = "/usr/share/sip-tester";
    public const string KeyOrder = "1234567890";
    public static readonly TimeSpan AfterAnswer = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan PerDigit = TimeSpan.FromMilliseconds(400);

    /// <summary>The keys each call sends, in order.</summary>
    public static string Keys(int count) => KeyOrder[..count];

    /// <summary>Time from the ACK until the last key has been sent (none without keys).</summary>
    public static TimeSpan DigitsTime(int count) => count == 0 ? TimeSpan.Zero : AfterAnswer + (PerDigit * count);

    public static string Write(string directory, int digits, TimeSpan hold)
    {
        var steps = new StringBuilder();
        foreach (var key in Keys(digits))
        {
            var pcap = Path.Combine(PcapDirectory, $"dtmf_2833_{key}.pcap");
            if (!File.Exists(pcap))
            {
                throw new FileNotFoundException($"{pcap} missing (Debian package sip-tester)", pcap);
            }

            steps.Append(CultureInfo.InvariantCulture, $"""
                  <nop><action><exec play_pcap_audio="{pcap}"/></action></nop>
                  <pause milliseconds="{(long)PerDigit.TotalMilliseconds}"/>

                """);
        }

        var xml = $$"""
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <!-- Load benchmark caller: INVITE (PCMU + telephone-event), ACK, {{digits}} RFC 4733 keys, hold, BYE. -->
            <scenario name="bench-ivr-call">
              <send retrans="500" start_rtd="1">
                <![CDATA[

                  INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@[remote_ip]:[remote_port]>
                  Call-ID: [call_id]
                  CSeq: 1 INVITE
                  Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
                  Max-Forwards: 70
                  Content-Type: application/sdp
                  Content-Length: [len]

                  v=0
                  o=sipp 53655765 2353687637 IN IP[local_ip_type] [local_ip]
                  s=-
                  c=IN IP[media_ip_type] [media_ip]
                  t=0 0
                  m=audio [media_port] RTP/AVP 0 101
                  a=rtpmap:0 PCMU/8000
                  a=rtpmap:101 telephone-event/8000
                  a=fmtp:101 0-16
                  a=ptime:20
                  a=sendrecv

                ]]>
              </send>
              <recv response="100" optional="true"/>
              <recv response="180" optional="true"/>
              <recv response="183" optional="true"/>
              <recv response="200" rtd="1" rrs="true"/>
              <send>
                <![CDATA[

                  ACK [next_url] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  [routes]
                  From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: 1 ACK
                  Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
                  Max-Forwards: 70
                  Content-Length: 0

                ]]>
              </send>
            {{(digits == 0 ? "" : $"  <pause milliseconds=\"{(long)AfterAnswer.TotalMilliseconds}\"/>\n")}}{{steps}}  <pause milliseconds="{{(long)hold.TotalMilliseconds}}"/>
              <send retrans="500">
                <![CDATA[

                  BYE [next_url] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  [routes]
                  From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: 2 BYE
                  Max-Forwards: 70
                  Content-Length: 0

                ]]>
              </send>
              <recv response="200" crlf="true"/>
              <ResponseTimeRepartition value="10, 20, 50, 100, 200, 500, 1000"/>
            </scenario>

            """;
        var path = Path.Combine(directory, "bench-ivr-call.xml");
        File.WriteAllText(path, xml, Encoding.Latin1);
        return path;
    }
}
