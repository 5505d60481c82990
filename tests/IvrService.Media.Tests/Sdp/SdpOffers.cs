namespace IvrService.Media.Tests.Sdp;

/// <summary>Offers shaped like what the peers an IVR meets send (addresses from documentation ranges).</summary>
internal static class SdpOffers
{
    public static string Crlf(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    /// <summary>SIPp's built-in uac scenario: one PCMU stream.</summary>
    public static readonly string Sipp = Crlf(
        "v=0",
        "o=user1 53655765 2353687637 IN IP4 192.0.2.10",
        "s=-",
        "c=IN IP4 192.0.2.10",
        "t=0 0",
        "m=audio 6000 RTP/AVP 0",
        "a=rtpmap:0 PCMU/8000");

    /// <summary>baresip: PCMU, PCMA, telephone-event, ptime, rtcp-mux; LF-only line ends.</summary>
    public static readonly string Baresip = string.Join("\n",
        "v=0",
        "o=- 1916376432 3526472069 IN IP4 192.0.2.20",
        "s=-",
        "c=IN IP4 192.0.2.20",
        "t=0 0",
        "m=audio 10078 RTP/AVP 0 8 101",
        "b=AS:64",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-15",
        "a=rtcp-mux",
        "a=ptime:20",
        "a=sendrecv",
        "a=label:1") + "\n";

    /// <summary>Linphone: wideband codecs first, G.711 later, AVPF with rtcp-fb.</summary>
    public static readonly string Linphone = Crlf(
        "v=0",
        "o=alice 3213 1054 IN IP4 192.0.2.30",
        "s=Talk",
        "c=IN IP4 192.0.2.30",
        "t=0 0",
        "a=ice-pwd:31ec21eb38b2ec6d36e8dc7b",
        "m=audio 7078 RTP/AVPF 96 97 98 0 8 101 99 100",
        "a=rtpmap:96 opus/48000/2",
        "a=fmtp:96 useinbandfec=1",
        "a=rtpmap:97 speex/16000",
        "a=fmtp:97 vbr=on",
        "a=rtpmap:98 speex/8000",
        "a=fmtp:98 vbr=on",
        "a=rtpmap:101 telephone-event/48000",
        "a=rtpmap:99 telephone-event/16000",
        "a=rtpmap:100 telephone-event/8000",
        "a=rtcp-fb:* trr-int 1000",
        "a=rtcp-fb:* ccm tmmbr");

    /// <summary>An Asterisk trunk: 0 8 101 and an explicit sendrecv.</summary>
    public static readonly string AsteriskTrunk = Crlf(
        "v=0",
        "o=root 1821233311 1821233311 IN IP4 198.51.100.5",
        "s=Asterisk PBX 18.10.0",
        "c=IN IP4 198.51.100.5",
        "t=0 0",
        "m=audio 14552 RTP/AVP 0 8 101",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-16",
        "a=ptime:20",
        "a=maxptime:150",
        "a=sendrecv");

    /// <summary>A Cisco/Polycom desk phone: G729 first, static payload types without rtpmap lines.</summary>
    public static readonly string DeskPhone = Crlf(
        "v=0",
        "o=CiscoSystemsSIP-IPPhone-UserAgent 18123 2213 IN IP4 192.0.2.40",
        "s=SIP Call",
        "c=IN IP4 192.0.2.40",
        "t=0 0",
        "m=audio 16384 RTP/AVP 18 8 0 101",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-15",
        "a=sendrecv");

    /// <summary>An SBC offering PCMA only at 30 ms, events on a dynamic payload type.</summary>
    public static readonly string SbcPcmaPtime30 = Crlf(
        "v=0",
        "o=- 191 1228500736 IN IP4 203.0.113.7",
        "s=SBC",
        "c=IN IP4 203.0.113.7",
        "t=0 0",
        "m=audio 15580 RTP/AVP 8 102",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:102 telephone-event/8000/1",
        "a=fmtp:102 0-15",
        "a=ptime:30");

    /// <summary>A WebRTC-style offer bridged to plain RTP: opus first, telephone-event at 16 kHz (103) and 8 kHz (101).</summary>
    public static readonly string WebRtcStyle = Crlf(
        "v=0",
        "o=- 4611731400430051336 2 IN IP4 192.0.2.50",
        "s=-",
        "c=IN IP4 192.0.2.50",
        "t=0 0",
        "m=audio 50232 RTP/AVP 111 103 8 0 101",
        "a=rtpmap:111 opus/48000/2",
        "a=fmtp:111 minptime=10;useinbandfec=1",
        "a=rtpmap:103 telephone-event/16000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:103 0-15",
        "a=fmtp:101 0-15",
        "a=rtcp-fb:111 transport-cc",
        "a=ssrc:2348060575 cname:abcdEFGH");

    /// <summary>A video phone: video first, then audio.</summary>
    public static readonly string VideoAndAudio = Crlf(
        "v=0",
        "o=- 781 780 IN IP4 192.0.2.60",
        "s=SDP data",
        "c=IN IP4 192.0.2.60",
        "t=0 0",
        "m=video 12150 RTP/AVP 96 97",
        "b=AS:2048",
        "a=rtpmap:96 H264/90000",
        "a=fmtp:96 packetization-mode=1",
        "a=rtpmap:97 VP8/90000",
        "m=audio 12100 RTP/AVP 8 0 101",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-11,16",
        "a=sendrecv");

    /// <summary>A fax gateway switching to T.38.</summary>
    public static readonly string T38Only = Crlf(
        "v=0",
        "o=- 191 1228500780 IN IP4 203.0.113.7",
        "s=-",
        "c=IN IP4 203.0.113.7",
        "t=0 0",
        "m=image 15580 udptl t38",
        "a=T38FaxVersion:0",
        "a=T38FaxRateManagement:transferredTCF");

    /// <summary>An IMS offer with AMR-WB only.</summary>
    public static readonly string AmrWbOnly = Crlf(
        "v=0",
        "o=ue 53655765 2353687637 IN IP6 2001:db8::1",
        "s=-",
        "c=IN IP6 2001:db8::2",
        "t=0 0",
        "m=audio 30002 RTP/AVP 100 101 120",
        "a=rtpmap:100 AMR-WB/16000",
        "a=fmtp:100 mode-set=\"0,1,2\";octet-align=0",
        "a=rtpmap:101 AMR-WB/16000",
        "a=fmtp:101 mode-set=\"0,1,2\";octet-align=1",
        "a=rtpmap:120 telephone-event/16000");

    /// <summary>A WebRTC client straight to us: SRTP only.</summary>
    public static readonly string SrtpOnly = Crlf(
        "v=0",
        "o=- 5677966312555193038 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "m=audio 53026 RTP/SAVPF 111 0 8 126",
        "c=IN IP4 192.0.2.70",
        "a=rtpmap:111 opus/48000/2",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:126 telephone-event/8000",
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

    /// <summary>A phone's hold re-offer, the RFC 2543 and the RFC 3264 way at once.</summary>
    public static readonly string Hold = Crlf(
        "v=0",
        "o=- 791 792 IN IP4 192.0.2.80",
        "s=-",
        "c=IN IP4 0.0.0.0",
        "t=0 0",
        "m=audio 12100 RTP/AVP 0 8 101",
        "a=rtpmap:101 telephone-event/8000",
        "a=sendonly");

    /// <summary>The same phone resuming.</summary>
    public static readonly string Resume = Crlf(
        "v=0",
        "o=- 791 793 IN IP4 192.0.2.80",
        "s=-",
        "c=IN IP4 192.0.2.80",
        "t=0 0",
        "m=audio 12100 RTP/AVP 0 8 101",
        "a=rtpmap:101 telephone-event/8000",
        "a=sendrecv");
}
