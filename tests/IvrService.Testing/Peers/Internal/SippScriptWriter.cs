using System.Globalization;
using System.Text;

namespace IvrService.Testing.Internal;

/// <summary>
/// Writes a generated SIPp scenario and the captures it plays into a new folder of its own. Every capture gets its own
/// copy, numbered on from the one before: one RTP stream of rising sequence numbers and timestamps, so each key press
/// is a new telephone event even when the same key is pressed twice. SIPp reads the capture paths when it loads the
/// scenario, hence the copies live next to the scenario file.
/// </summary>
internal sealed class SippScriptWriter
{
    private readonly StringBuilder _xml = new();
    private ushort _sequence = 1000;
    private uint _timestamp = 16000;
    private int _copies;

    /// <param name="folderPrefix">Prefix of the folder made under the temp directory.</param>
    public SippScriptWriter(string folderPrefix)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory(folderPrefix).FullName;
    }

    /// <summary>The folder holding the scenario and its captures.</summary>
    public string Directory { get; }

    /// <summary>Checks that every type is 0 (PCMU) or 8 (PCMA); none means PCMU.</summary>
    public static int[] AudioPayloadTypes(int[] payloadTypes, string parameterName)
    {
        foreach (var type in payloadTypes)
        {
            if (type is not (0 or 8))
            {
                throw new ArgumentException($"payload type {type} is not 0 (PCMU) or 8 (PCMA)", parameterName);
            }
        }

        return payloadTypes.Length == 0 ? [0] : payloadTypes;
    }

    /// <summary>An SDP body on SIPp's media address and port with the audio types given and telephone-event/8000 as 101.</summary>
    public static string Sdp(IReadOnlyList<int> payloadTypes)
    {
        var sdp = new StringBuilder()
            .Append("      v=0\n")
            .Append("      o=sipp 53655765 2353687637 IN IP[local_ip_type] [local_ip]\n")
            .Append("      s=-\n")
            .Append("      c=IN IP[media_ip_type] [media_ip]\n")
            .Append("      t=0 0\n")
            .Append(CultureInfo.InvariantCulture, $"      m=audio [media_port] RTP/AVP {string.Join(' ', payloadTypes)} 101\n");
        foreach (var type in payloadTypes)
        {
            sdp.Append(CultureInfo.InvariantCulture, $"      a=rtpmap:{type} {(type == 0 ? "PCMU" : "PCMA")}/8000\n");
        }

        return sdp.Append("      a=rtpmap:101 telephone-event/8000\n")
            .Append("      a=fmtp:101 0-16\n")
            .Append("      a=ptime:20\n")
            .Append("      a=sendrecv\n")
            .ToString();
    }

    /// <summary>Milliseconds as SIPp attributes take them (rounded up).</summary>
    public static string Milliseconds(TimeSpan duration) => Math.Ceiling(duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>Appends scenario text as it is.</summary>
    public SippScriptWriter Append(string text)
    {
        _xml.Append(text);
        return this;
    }

    /// <summary>A &lt;log&gt; line in the <c>-trace_logs</c> file, prefixed with the call's number: "call 3: answered".</summary>
    public SippScriptWriter Log(string message) =>
        Append($"  <nop>\n    <action>\n      <log message=\"call [call_number]: {message}\"/>\n    </action>\n  </nop>\n");

    /// <summary>
    /// Answers the last request received with <paramref name="status"/> ("200 OK") and no body; with
    /// <paramref name="toTag"/> the To gets the tag this side gives its responses to the call's INVITE.
    /// </summary>
    public SippScriptWriter Reply(string status, bool toTag = false) => Append($"""
          <send>
            <![CDATA[

              SIP/2.0 {status}
              [last_Via:]
              [last_From:]
              [last_To:]{(toTag ? ";tag=[pid]SIPpTag01[call_number]" : string.Empty)}
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0

            ]]>
          </send>

        """);

    /// <summary>A jump to a label.</summary>
    public SippScriptWriter JumpTo(string label) => Append($"  <nop next=\"{label}\"/>\n");

    /// <summary>A label to jump to.</summary>
    public SippScriptWriter Label(string label) => Append($"  <label id=\"{label}\"/>\n");

    /// <summary>Starts sending a capture (renumbered copy) to the remote media address without waiting for it.</summary>
    public SippScriptWriter StartPlaying(RtpCapture capture)
    {
        var copy = Path.Combine(Directory, $"{++_copies:D3}-{Path.GetFileName(capture.Path)}");
        capture.WriteRenumbered(copy, _sequence, _timestamp);
        _sequence += (ushort)(capture.PacketCount + 10);
        _timestamp += (uint)Math.Ceiling(capture.Duration.TotalSeconds * 8000) + 8000;
        return Append($"  <nop>\n    <action>\n      <exec play_pcap_audio=\"{copy}\"/>\n    </action>\n  </nop>\n");
    }

    /// <summary>
    /// The steps of an established call. <paramref name="byeRequest"/> is the BYE this side sends (its From and To
    /// depend on which side it is); <paramref name="log"/> writes "bye received"/"bye sent" lines.
    /// </summary>
    public SippScriptWriter Steps(IReadOnlyList<SippStep> steps, string byeRequest, bool log)
    {
        // A capture played last, right before the other side's BYE is expected, is not waited out: the BYE may come
        // as soon as its last packet arrived (a BYE during a pause would be an unexpected message to SIPp), so its
        // length is added to the BYE's timeout instead.
        var byeLead = TimeSpan.Zero;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            switch (step.Kind)
            {
                case SippStepKind.Wait:
                    Pause(step.Duration);
                    break;
                case SippStepKind.Play when i + 1 < steps.Count && steps[i + 1].Kind == SippStepKind.ExpectBye:
                    StartPlaying(step.Capture!);
                    byeLead = step.Duration;
                    break;
                case SippStepKind.Play:
                    StartPlaying(step.Capture!).Pause(step.Duration);
                    break;
                case SippStepKind.ExpectBye:
                    Append($"  <recv request=\"BYE\" timeout=\"{Milliseconds(byeLead + step.Duration)}\"/>\n").Reply("200 OK");
                    if (log)
                    {
                        Log("bye received");
                    }

                    break;
                case SippStepKind.SendBye:
                    Append($"""
                          <send retrans="500">
                            <![CDATA[

                        {byeRequest}
                            ]]>
                          </send>
                          <recv response="200" crlf="true"/>

                        """);
                    if (log)
                    {
                        Log("bye sent");
                    }

                    break;
            }
        }

        return this;
    }

    /// <summary>Writes the scenario file (ISO-8859-1, as its declaration says) into <see cref="Directory"/>.</summary>
    public string Save(string fileName)
    {
        var path = Path.Combine(Directory, fileName);
        File.WriteAllText(path, _xml.ToString(), Encoding.Latin1);
        return path;
    }

    private SippScriptWriter Pause(TimeSpan duration) => Append($"  <pause milliseconds=\"{Milliseconds(duration)}\"/>\n");
}
