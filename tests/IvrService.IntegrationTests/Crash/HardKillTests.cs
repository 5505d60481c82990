using IvrService.Media.Audio;
using IvrService.Sip;
using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Crash;

/// <summary>kill -9 in the middle of a call: nothing the call produced so far may be lost.</summary>
public sealed class HardKillTests : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();
    private readonly string _recordings = Path.Combine(Path.GetTempPath(), "ivr-crash-" + Guid.NewGuid().ToString("N")[..8]);
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _connectionString = await _postgres.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        if (Directory.Exists(_recordings))
        {
            Directory.Delete(_recordings, recursive: true);
        }
    }

    [Fact]
    public async Task KillDuringCall_KeepsTheRecordTheDigitsAndAPlayableRecording_AndTheNextStartClosesTheCall()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var sipPort = FreePorts.Next();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Ivr"] = _connectionString,
            ["Sip:ListenAddress"] = "127.0.0.1",
            ["Sip:Port"] = sipPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Calls:InstanceId"] = "crash-test",
            ["Media:RecordingDirectory"] = _recordings,
            // Port 0: the API and /healthz on free ports, so runs beside another host never collide.
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
        };
        await using var probe = await CallRecordProbe.OpenAsync(_connectionString, timeout.Token);
        await using var caller = new SipUserAgent(new SipOptions { ListenAddress = "127.0.0.1", Port = FreePorts.Next() });
        caller.Start();

        var host = HostProcess.Start(settings);
        await host.WaitUntilAnsweringAsync(sipPort, timeout.Token);
        var call = await caller.InviteAsync(
            new SipOutgoingCall(SipUri.Create("sip", "ivr", "127.0.0.1", sipPort), new SipNameAddress(SipUri.Create("sip", "customer", "127.0.0.1")))
            {
                SdpOffer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40004 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n",
            },
            timeout.Token);
        Assert.True(call.Answered, $"{call.FinalResponse.StatusCode} {call.FinalResponse.ReasonPhrase}\n{host.Output}");
        var info = call.Dialog!.CreateRequest(SipMethods.Info);
        info.SetBody("application/dtmf-relay", "Signal=4\r\nDuration=160\r\n");
        var infoAnswer = await (await caller.SendInDialogAsync(call.Dialog, info, timeout.Token)).Completion.WaitAsync(timeout.Token);
        Assert.Equal(200, infoAnswer.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2.5), timeout.Token);

        await host.KillHardAsync();
        var orphan = await probe.Records.GetByCallIdAsync(call.Dialog.CallId, timeout.Token);
        await using var restarted = HostProcess.Start(settings);
        await restarted.WaitUntilAnsweringAsync(sipPort, timeout.Token);
        var closed = await probe.WaitForEndedCallAsync(call.Dialog.CallId, TimeSpan.FromSeconds(30));

        Assert.NotNull(orphan);
        Assert.Null(orphan.EndedAt);
        Assert.NotNull(orphan.AnsweredAt);
        Assert.Equal(CallEndReason.Interrupted, closed.EndReason);
        var digits = await probe.Records.GetDigitsAsync(orphan.Id, timeout.Token);
        Assert.Equal('4', Assert.Single(digits).Digit);
        Assert.NotNull(orphan.RecordingPath);
        Assert.True(WavReader.TryRead(await File.ReadAllBytesAsync(orphan.RecordingPath, timeout.Token), out var wav, out var error), error);
        Assert.InRange(wav!.Duration.TotalSeconds, 1.0, 4.0);
        Assert.Equal(2, wav.SourceChannels);
    }
}
