namespace IvrService.Testing.Tests;

public sealed class SippCallerScriptTests
{
    [Fact]
    public void Write_PlaysOneRisingCopyPerKeyPress_WhenSameKeyIsPressedTwice()
    {
        using var scenario = new SippCallerScript("0912", 8, 0).Wait(TimeSpan.FromSeconds(1)).Press("11#").ExpectBye(TimeSpan.FromSeconds(5)).Write();

        var xml = System.Xml.Linq.XDocument.Load(scenario.Path);
        var plays = xml.Descendants("exec").Select(e => (string)e.Attribute("play_pcap_audio")!).ToList();
        var invite = xml.Descendants("send").First().Value;

        Assert.Equal(3, plays.Count);
        Assert.All(plays, p => Assert.True(File.Exists(p), p));
        var copies = plays.Select(RtpCapture.Read).ToList();
        Assert.Contains("m=audio [media_port] RTP/AVP 8 0 101", invite, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:8 PCMA/8000", invite, StringComparison.Ordinal);
        Assert.Contains("From: caller <sip:0912@", invite, StringComparison.Ordinal);
        Assert.Single(xml.Descendants("recv"), r => (string?)r.Attribute("request") == "BYE");
        Assert.True(copies[0].FirstTimestamp < copies[1].FirstTimestamp && copies[1].FirstTimestamp < copies[2].FirstTimestamp, "key presses must carry rising timestamps");
        Assert.True(copies[0].FirstSequence < copies[1].FirstSequence && copies[1].FirstSequence < copies[2].FirstSequence, "key presses must carry rising sequence numbers");
    }

    [Fact]
    public void Write_NamesTheGivenAddressInEveryContact_WhenContactAtIsSet()
    {
        using var scenario = new SippCallerScript("0912").ContactAt("192.0.2.55", 5060).SendBye().Write();

        var contacts = System.Xml.Linq.XDocument.Load(scenario.Path).Descendants("send")
            .SelectMany(s => s.Value.Split('\n'))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("Contact:", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(2, contacts.Count);
        Assert.All(contacts, c => Assert.Equal("Contact: <sip:0912@192.0.2.55:5060;transport=[transport]>", c));
    }

    [Fact]
    public void ContactAt_Throws_WhenPortIsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SippCallerScript().ContactAt("192.0.2.55", 70000));
    }

    [Fact]
    public void Write_Throws_WhenScriptDoesNotEndTheCall()
    {
        var script = new SippCallerScript().Press("1");

        var error = Assert.Throws<InvalidOperationException>(() => script.Write());

        Assert.Contains("ExpectBye or SendBye", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Press_ThrowsNamingTheKey_WhenKeyHasNoCapture()
    {
        var error = Assert.Throws<ArgumentException>(() => new SippCallerScript().Press("1A"));

        Assert.Contains("'A'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_Throws_WhenPayloadTypeIsNotG711()
    {
        var error = Assert.Throws<ArgumentException>(() => new SippCallerScript("0912", 18));

        Assert.Contains("18", error.Message, StringComparison.Ordinal);
    }
}
