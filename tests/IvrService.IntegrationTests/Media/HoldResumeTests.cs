using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Media;

/// <summary>Re-INVITEs that put the call on hold and take it back are answered with the mirrored direction.</summary>
[Collection(MediaHostCollection.Name)]
public sealed class HoldResumeTests
{
    private readonly IvrHostFixture _host;

    public HoldResumeTests(IvrHostFixture host)
    {
        _host = host;
    }

    [Fact]
    public async Task Reinvites_AreAnsweredWithTheMirroredDirection_WhenSippHoldsAndResumes()
    {
        // Arrange: the scenario fails the call unless sendonly → recvonly, inactive → inactive, sendrecv → sendrecv.
        using var timeout = new CancellationTokenSource(MediaCalls.RunTimeout);
        var options = SippOptions.ForScenario(SippScenarios.UacHoldResume).Calling("127.0.0.1", _host.SipPort);
        await using var sipp = SippProcess.Start(options);

        // Act
        var result = await sipp.WaitForExitAsync(timeout.Token);

        // Assert
        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal(
            ["sendonly answered a=recvonly", "inactive answered a=inactive", "sendrecv answered a=sendrecv"],
            sipp.ReadLogLines().Where(l => l.Contains(" answered ", StringComparison.Ordinal)).Select(Strip));
        var record = await MediaCalls.WaitForMediaClosedAsync(_host, MediaCalls.CallIdOf(sipp), timeout.Token);
        Assert.Equal(CallEndReason.CallerHangup, record.EndReason);
    }

    /// <summary>A log line without anything SIPp may put before the message.</summary>
    private static string Strip(string line)
    {
        var start = line.IndexOf("send", StringComparison.Ordinal);
        var inactive = line.IndexOf("inactive answered", StringComparison.Ordinal);
        if (inactive >= 0 && (start < 0 || inactive < start))
        {
            start = inactive;
        }

        return start < 0 ? line : line[start..].Trim();
    }
}
