using System.Net;
using IvrService.Sip;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Sip;

/// <summary>Our user agent as the caller and as a registering client, against SIPp callees and a SIPp registrar.</summary>
public sealed class OutboundSignalingTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("MD5")]
    [InlineData("SHA-256")]
    public async Task Invite_AuthenticatesAndIsAnswered_WhenCalleeChallengesWithDigest(string algorithm)
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var callee = SippProcess.Start(SippOptions.ForScenario(SippScenarios.UasAuthChallenge).WithKey("algorithm", algorithm));
        await callee.WaitUntilListeningAsync(timeout.Token);
        await using var agent = StartAgent();
        var from = new SipNameAddress(SipUri.Create("sip", "ivr", "127.0.0.1"));

        var result = await agent.InviteAsync(
            new SipOutgoingCall(SipUri.Create("sip", "service", "127.0.0.1", callee.LocalPort), from)
            {
                SdpOffer = OfferSdp(),
                Credentials = new SipCredentials("service", "password"),
                RingTimeout = TimeSpan.FromSeconds(20),
            },
            timeout.Token);
        Assert.True(result.Answered, $"final {result.FinalResponse.StatusCode} {result.FinalResponse.ReasonPhrase}");
        var bye = await agent.ByeAsync(result.Dialog!, timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        Assert.Equal(200, bye.StatusCode);
        Assert.True(sipp.Succeeded, sipp.Describe());
        var logged = Assert.Single(callee.ReadLogLines(), l => l.StartsWith("authorization=", StringComparison.Ordinal));
        Assert.Contains("algorithm=" + algorithm, logged, StringComparison.Ordinal);
        Assert.Contains("qop=auth", logged, StringComparison.Ordinal);
        Assert.Contains("nc=00000001", logged, StringComparison.Ordinal);
        AssertDigestIsRight(logged["authorization=".Length..], "INVITE", "service", "password");
    }

    [Fact]
    public async Task Invite_ReportsTheFailure_WhenCalleeIsBusy()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var callee = SippProcess.Start(SippOptions.ForScenario(SippScenarios.UasRingNoAnswer));
        await callee.WaitUntilListeningAsync(timeout.Token);
        await using var agent = StartAgent();
        var from = new SipNameAddress(SipUri.Create("sip", "ivr", "127.0.0.1"));

        var result = await agent.InviteAsync(
            new SipOutgoingCall(SipUri.Create("sip", "service", "127.0.0.1", callee.LocalPort), from)
            {
                SdpOffer = OfferSdp(),
                RingTimeout = TimeSpan.FromSeconds(1),
            },
            timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        Assert.False(result.Answered);
        Assert.True(result.CancelledByUs);
        Assert.Equal(487, result.FinalResponse.StatusCode);
        Assert.True(sipp.Succeeded, sipp.Describe());
    }

    [Fact]
    public async Task Registration_AuthenticatesAndRefreshesBeforeExpiry()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var registrar = SippProcess.Start(SippOptions.ForScenario(SippScenarios.UasRegistrar).WithKey("expires", "4"));
        await registrar.WaitUntilListeningAsync(timeout.Token);
        await using var agent = StartAgent();
        var trunk = new SipTrunkOptions
        {
            Name = "test",
            Host = "127.0.0.1",
            Port = registrar.LocalPort,
            Username = "service",
            Password = "password",
            Register = true,
            RegisterExpirySeconds = 60,
        };
        var registered = 0;
        await using var registration = new SipRegistration(agent, trunk, new SipEndPoint(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, registrar.LocalPort)));
        var twice = new TaskCompletionSource();
        registration.Registered += _ =>
        {
            if (Interlocked.Increment(ref registered) == 2)
            {
                twice.TrySetResult();
            }
        };

        registration.Start();
        await twice.Task.WaitAsync(timeout.Token);
        var sipp = await registrar.WaitForExitAsync(timeout.Token);

        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.True(registration.IsRegistered);
        var lines = registrar.ReadLogLines();
        Assert.Contains(lines, l => l.StartsWith("register ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("refresh ", StringComparison.Ordinal));
    }

    private static SipUserAgent StartAgent()
    {
        var agent = new SipUserAgent(new SipOptions { ListenAddress = "127.0.0.1", Port = FreePorts.Next() });
        agent.Start();
        return agent;
    }

    private static string OfferSdp() =>
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 40000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n";

    /// <summary>Recomputes the digest from the logged header with the harness's own implementation.</summary>
    private static void AssertDigestIsRight(string header, string method, string user, string password) =>
        Assert.True(DigestAuth.Verify(header, method, password), $"wrong digest for {user}: {header}");
}
