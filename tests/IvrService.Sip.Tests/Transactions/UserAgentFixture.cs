using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Sip.Tests.Transactions;

/// <summary>A user agent on a free loopback UDP port whose timers run on a fake clock.</summary>
internal sealed class UserAgentFixture : IAsyncDisposable
{
    public UserAgentFixture()
    {
        Agent = new SipUserAgent(new SipOptions { ListenAddress = "127.0.0.1", Port = 0, EnableTcp = false }, Time);
        Agent.Start();
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public SipUserAgent Agent { get; }

    public IPEndPoint EndPoint => Agent.UdpEndPoint!;

    public ValueTask DisposeAsync() => Agent.DisposeAsync();
}
