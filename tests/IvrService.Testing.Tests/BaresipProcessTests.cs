namespace IvrService.Testing.Tests;

public sealed class BaresipProcessTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Dial_EstablishesAndClosesOneCall_WhenBuiltInSippUasAnswers()
    {
        await using var sipp = SippProcess.Start(SippOptions.BuiltIn("uas"));
        using var timeout = new CancellationTokenSource(StepTimeout);
        await sipp.WaitUntilListeningAsync(timeout.Token);
        await using var baresip = await BaresipProcess.StartAsync(null, timeout.Token);

        var dialed = await baresip.DialAsync($"sip:service@{sipp.LocalEndPoint}", timeout.Token);
        var established = await baresip.WaitForEventAsync("CALL_ESTABLISHED", timeout.Token);
        await baresip.HangupAsync(timeout.Token);
        var closed = await baresip.WaitForEventAsync("CALL_CLOSED", timeout.Token);
        var result = await sipp.WaitForExitAsync(timeout.Token);

        Assert.True(dialed.Ok, dialed.Data);
        Assert.Equal($"sip:service@{sipp.LocalEndPoint}", established.PeerUri);
        Assert.Equal(established.CallId, closed.CallId);
        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal(1, result.SuccessfulCalls);
        Assert.Contains("c=IN IP4 127.0.0.1", sipp.ReadMessageTrace(), StringComparison.Ordinal);
        Assert.DoesNotMatch(@"c=IN IP4 (?!127\.)", sipp.ReadMessageTrace());
    }

    [Fact]
    public async Task Dial_RecordsItsOwnToneEchoedBack_WhenSippUasAnswerEchoesRtp()
    {
        await using var sipp = SippProcess.Start(SippOptions.ForScenario(SippScenarios.UasAnswer) with { ExtraArguments = ["-rtp_echo"] });
        using var timeout = new CancellationTokenSource(StepTimeout);
        await sipp.WaitUntilListeningAsync(timeout.Token);
        await using var baresip = await BaresipProcess.StartAsync(new BaresipOptions { ToneFrequency = 1000 }, timeout.Token);

        await baresip.DialAsync($"sip:service@{sipp.LocalEndPoint}", timeout.Token);
        await baresip.WaitForEventAsync("CALL_ESTABLISHED", timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(1.5), timeout.Token);
        await baresip.HangupAsync(timeout.Token);
        await baresip.WaitForEventAsync("CALL_CLOSED", timeout.Token);
        var result = await sipp.WaitForExitAsync(timeout.Token);
        await baresip.QuitAsync(timeout.Token);

        Assert.True(result.Succeeded, result.Describe());
        var received = baresip.ReceivedAudioPath;
        Assert.NotNull(received);
        var samples = TestWav.ReadSamples(received, out var rate);
        Assert.Equal(8000, rate);
        Assert.True(samples.Length > 4000, $"only {samples.Length} samples received");
        Assert.True(TestWav.Rms(samples) > 0.05, $"received audio is near silence (rms {TestWav.Rms(samples):F3})");
    }

    [Fact]
    public async Task AutoAnswer_EstablishesAndClosesTheCall_WhenSippCallsIn()
    {
        using var timeout = new CancellationTokenSource(StepTimeout);
        await using var baresip = await BaresipProcess.StartAsync(new BaresipOptions { AutoAnswer = true }, timeout.Token);
        await using var sipp = SippProcess.Start(
            SippOptions.ForScenario(SippScenarios.UacInviteBye).WithKey("pause_ms", "500").Calling("127.0.0.1", baresip.SipPort) with { Service = "test" });

        var established = await baresip.WaitForEventAsync("CALL_ESTABLISHED", timeout.Token);
        var closed = await baresip.WaitForEventAsync("CALL_CLOSED", timeout.Token);
        var result = await sipp.WaitForExitAsync(timeout.Token);

        Assert.Equal(established.CallId, closed.CallId);
        Assert.True(result.Succeeded, result.Describe());
    }

    [Fact]
    public async Task DisposeAsync_EndsBaresip_WhenItIsIdle()
    {
        using var timeout = new CancellationTokenSource(StepTimeout);
        var baresip = await BaresipProcess.StartAsync(null, timeout.Token);
        var pid = baresip.ProcessId;

        await baresip.DisposeAsync();

        Assert.False(Directory.Exists($"/proc/{pid}"), $"baresip {pid} still running");
        Assert.False(Directory.Exists(baresip.Directory));
    }
}
