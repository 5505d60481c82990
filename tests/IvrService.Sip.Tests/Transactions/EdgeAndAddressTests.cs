using System.Net;
using System.Net.Sockets;
using System.Text;
using IvrService.Sip.Security;

namespace IvrService.Sip.Tests.Transactions;

public sealed class EdgeAndAddressTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Options_IsAnsweredOverIPv6_WhenListeningOnTheIPv6Loopback()
    {
        await using var agent = new SipUserAgent(new SipOptions { ListenAddress = "::1", Port = 0, EnableTcp = false });
        agent.Start();
        using var peer = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        var port = ((IPEndPoint)peer.LocalEndPoint!).Port;
        var options = RawSipPeer.Request("OPTIONS", port, "v6-options", "z9hG4bKv6").Replace("127.0.0.1", "[::1]", StringComparison.Ordinal);

        await peer.SendToAsync(Encoding.UTF8.GetBytes(options), SocketFlags.None, agent.UdpEndPoint!);
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(Wait);
        var received = await peer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.IPv6Any, 0), cts.Token);
        var response = Assert.IsType<SipResponse>(SipMessageParser.Parse(buffer.AsSpan(0, received.ReceivedBytes)).Message);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("[::1]", response.TopVia!.Host);
    }

    [Fact]
    public async Task Options_IsAnsweredFromIPv4_WhenListeningOnTheWildcard()
    {
        await using var agent = new SipUserAgent(new SipOptions { ListenAddress = "0.0.0.0", Port = 0, EnableTcp = false });
        agent.Start();
        using var peer = new RawSipPeer();

        peer.Send(RawSipPeer.Request("OPTIONS", peer.Port, "dual", "z9hG4bKdual"), new IPEndPoint(IPAddress.Loopback, agent.UdpEndPoint!.Port));
        var response = await peer.ExpectResponseAsync(Wait);

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task ScannerRequest_GetsNoResponse_WhenEdgeProtectionIsOn()
    {
        await using var ua = new UserAgentFixture();
        using var edge = new SipEdgeProtection(new SipSecurityOptions(), [], TimeProvider.System);
        edge.Attach(ua.Agent);
        using var peer = new RawSipPeer();

        peer.Send(RawSipPeer.Request("OPTIONS", peer.Port, "scan", "z9hG4bKscan", extraHeaders: "User-Agent: friendly-scanner\r\n"), ua.EndPoint);
        var scannerAnswer = await peer.ReceiveAsync(TimeSpan.FromMilliseconds(500));
        peer.Send(RawSipPeer.Request("OPTIONS", peer.Port, "phone", "z9hG4bKphone", extraHeaders: "User-Agent: Yealink SIP-T46S\r\n"), ua.EndPoint);
        var phoneAnswer = await peer.ExpectResponseAsync(Wait);

        Assert.Null(scannerAnswer);
        Assert.Equal(200, phoneAnswer.StatusCode);
    }

    [Fact]
    public async Task Request_GetsNoResponse_WhenSourceIsOutsideTheAllowList()
    {
        await using var ua = new UserAgentFixture();
        using var edge = new SipEdgeProtection(new SipSecurityOptions { AllowedSources = ["192.0.2.0/24"] }, [], TimeProvider.System);
        edge.Attach(ua.Agent);
        using var peer = new RawSipPeer();

        peer.Send(RawSipPeer.Request("INVITE", peer.Port, "outsider", "z9hG4bKout"), ua.EndPoint);
        var answer = await peer.ReceiveAsync(TimeSpan.FromMilliseconds(500));

        Assert.Null(answer);
    }
}
