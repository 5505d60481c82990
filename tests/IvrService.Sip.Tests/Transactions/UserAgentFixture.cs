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

    /// <summary>Moves the fake clock on in half-second steps, letting the timers' continuations run between them.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        for (var step = TimeSpan.Zero; step < by; step += TimeSpan.FromMilliseconds(500))
        {
            Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(5);
        }
    }

    public ValueTask DisposeAsync() => Agent.DisposeAsync();
}
