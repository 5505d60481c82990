using System.Globalization;
using IvrService.Flows;
using IvrService.IntegrationTests.Media;
using IvrService.Storage;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IvrService.IntegrationTests.Flows;

/// <summary>
/// SIPp callers on the bridge-test menu, whose operator is called on a new outbound leg (a SIPp callee) and
/// bridged to the caller: audio flows both ways through the IVR, either side's BYE ends the other, and a busy
/// or silent operator sends the flow to its failed branch.
/// </summary>
public sealed class BridgedTransferTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);
    private const string KeyZero = "/usr/share/sip-tester/dtmf_2833_0.pcap";
    private const string KeyOne = "/usr/share/sip-tester/dtmf_2833_1.pcap";

    private readonly IvrHostFixture _host = new();
    private readonly int _operatorPort = FreePorts.Next();

    private string OperatorUri => "sip:operator@127.0.0.1:" + _operatorPort.ToString(CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        _host.Settings["Flows:InboundMenu"] = "bridge-test";
        _host.Settings["Flows:TransferDestinations:operator"] = OperatorUri;
        await _host.InitializeAsync();
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task OperatorKey_BridgesAnsweredLegAndCarriesAudioBothWays_UntilCallerHangsUp()
    {
        // Arrange: the operator echoes every RTP packet back to where it came from.
        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var operatorPeer = SippProcess.Start(
            SippOptions.ForScenario(SippScenarios.UasAnswer) with { LocalPort = _operatorPort, ExtraArguments = ["-rtp_echo"] });
        await operatorPeer.WaitUntilListeningAsync(timeout.Token);
        var callerOptions = SippOptions.ForScenario("uac-menu-operator-bridge.xml").Calling("127.0.0.1", _host.SipPort)
            .WithKey("pause_ms", "1500").WithKey("key_pcap", KeyZero).WithKey("bridge_ms", "2000").WithKey("talk_ms", "8000");

        // Act
        await using var caller = SippProcess.Start(callerOptions);
        var callerResult = await caller.WaitForExitAsync(timeout.Token);
        var operatorResult = await operatorPeer.WaitForExitAsync(timeout.Token);

        // Assert: signalling on both legs.
        Assert.True(callerResult.Succeeded, callerResult.Describe());
        Assert.True(operatorResult.Succeeded, operatorResult.Describe());
        var operatorTrace = operatorPeer.ReadMessageTrace();
        Assert.Contains("INVITE " + OperatorUri + " SIP/2.0", operatorTrace, StringComparison.Ordinal);
        Assert.Contains("BYE sip:", operatorTrace, StringComparison.Ordinal);
        var callId = Sip.InboundCallTests.CallIdsIn(caller).Single();
        var record = await _host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(20)).WaitAsync(timeout.Token);
        Assert.Equal(CallEndReason.CallerHangup, record.EndReason);
        Assert.Equal(new CallFlowSummary("bridge-test", 1, "transferred", "fa"), await _host.WaitForFlowAsync(callId, timeout.Token));
        var steps = await StepsAsync(callId, timeout.Token);
        var transfer = Assert.Single(steps, s => s.Kind == FlowStepKind.Transfer);
        Assert.Contains($"operator {OperatorUri} by bridge: succeeded 200", transfer.Detail, StringComparison.Ordinal);

        // Assert: media. The caller's recording holds the caller on the left and, on the right, what the
        // operator sent back: the caller's own speech, echoed over the bridge a few frames later.
        Assert.NotNull(record.RecordingPath);
        var left = TestWav.ReadSamples(record.RecordingPath, 0, out var rate, out var channels);
        var right = TestWav.ReadSamples(record.RecordingPath, 1, out _, out _);
        Assert.Equal(2, channels);
        var (correlation, lag) = BestEchoCorrelation(LastFrames(AudioEnvelope.Of(left, rate), 400), LastFrames(AudioEnvelope.Of(right, rate), 400));
        output.WriteLine($"caller/echo envelope correlation {correlation:F3} at a lag of {lag} frames; {left.Length / rate} s recorded");
        Assert.True(correlation > 0.6, $"the right channel does not echo the caller (best correlation {correlation:F2} at {lag} frames)");
        Assert.InRange(lag, 1, 25);
    }

    [Fact]
    public async Task OperatorKey_GoesToFailedBranch_WhenOperatorIsBusy()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var operatorPeer = SippProcess.Start(SippOptions.ForScenario("uas-busy.xml") with { LocalPort = _operatorPort });
        await operatorPeer.WaitUntilListeningAsync(timeout.Token);
        var callerOptions = SippOptions.ForScenario("uac-menu-key-await-bye.xml").Calling("127.0.0.1", _host.SipPort)
            .WithKey("pause_ms", "1500").WithKey("key_pcap", KeyZero);

        // Act
        await using var caller = SippProcess.Start(callerOptions);
        var callerResult = await caller.WaitForExitAsync(timeout.Token);
        var operatorResult = await operatorPeer.WaitForExitAsync(timeout.Token);

        // Assert
        Assert.True(callerResult.Succeeded, callerResult.Describe());
        Assert.True(operatorResult.Succeeded, operatorResult.Describe());
        var callId = Sip.InboundCallTests.CallIdsIn(caller).Single();
        var record = await _host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(20)).WaitAsync(timeout.Token);
        Assert.Equal(CallEndReason.IvrHangup, record.EndReason);
        Assert.Equal(new CallFlowSummary("bridge-test", 1, "failed", "fa"), await _host.WaitForFlowAsync(callId, timeout.Token));
        var steps = await StepsAsync(callId, timeout.Token);
        Assert.Equal(["main", "operator", "transfer_failed"], steps.Where(s => s.Kind == FlowStepKind.NodeEntered).Select(s => s.NodeId));
        var transfer = Assert.Single(steps, s => s.Kind == FlowStepKind.Transfer);
        Assert.Contains($"operator {OperatorUri} by bridge: failed 486 486 Busy Here", transfer.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuickOperatorKey_CancelsTheLegAndGoesToFailedBranch_WhenNobodyAnswersInTheRingTimeout()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var operatorPeer = SippProcess.Start(SippOptions.ForScenario(SippScenarios.UasRingNoAnswer) with { LocalPort = _operatorPort });
        await operatorPeer.WaitUntilListeningAsync(timeout.Token);
        var callerOptions = SippOptions.ForScenario("uac-menu-key-await-bye.xml").Calling("127.0.0.1", _host.SipPort)
            .WithKey("pause_ms", "1500").WithKey("key_pcap", KeyOne);

        // Act
        await using var caller = SippProcess.Start(callerOptions);
        var callerResult = await caller.WaitForExitAsync(timeout.Token);
        var operatorResult = await operatorPeer.WaitForExitAsync(timeout.Token);

        // Assert
        Assert.True(callerResult.Succeeded, callerResult.Describe());
        Assert.True(operatorResult.Succeeded, operatorResult.Describe());
        Assert.Contains("CANCEL " + OperatorUri + " SIP/2.0", operatorPeer.ReadMessageTrace(), StringComparison.Ordinal);
        var callId = Sip.InboundCallTests.CallIdsIn(caller).Single();
        var steps = await StepsAsync(callId, timeout.Token);
        Assert.Equal(["main", "operator_quick", "transfer_failed"], steps.Where(s => s.Kind == FlowStepKind.NodeEntered).Select(s => s.NodeId));
        var transfer = Assert.Single(steps, s => s.Kind == FlowStepKind.Transfer);
        Assert.Contains($"operator {OperatorUri} by bridge: failed 487 no answer within 2 s", transfer.Detail, StringComparison.Ordinal);
    }

    /// <summary>The best Pearson correlation of two frame envelopes with the second delayed 0..50 frames, over frames where the first has sound.</summary>
    private static (double Correlation, int LagFrames) BestEchoCorrelation(double[] first, double[] second)
    {
        var best = (Correlation: double.MinValue, LagFrames: 0);
        for (var lag = 0; lag <= 50; lag++)
        {
            var count = Math.Min(first.Length, second.Length - lag);
            if (count < 100)
            {
                break;
            }

            var a = first.AsSpan(0, count);
            var b = second.AsSpan(lag, count);
            var correlation = Pearson(a, b);
            if (correlation > best.Correlation)
            {
                best = (correlation, lag);
            }
        }

        return best;
    }

    /// <summary>The end of an envelope: the last eight seconds of the call are the bridged conversation.</summary>
    private static double[] LastFrames(double[] envelope, int count) => envelope[Math.Max(0, envelope.Length - count)..];

    private static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double meanA = 0, meanB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            meanA += a[i];
            meanB += b[i];
        }

        meanA /= a.Length;
        meanB /= b.Length;
        double covariance = 0, varianceA = 0, varianceB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }

        return varianceA == 0 || varianceB == 0 ? 0 : covariance / Math.Sqrt(varianceA * varianceB);
    }


    private Task<IReadOnlyList<CallStep>> StepsAsync(string callId, CancellationToken cancellationToken) =>
        _host.Services.GetRequiredService<ICallStepStore>().GetStepsAsync(callId, cancellationToken);
}
