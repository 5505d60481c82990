using System.Globalization;
using IvrService.Flows;
using IvrService.Media.Audio;
using IvrService.Speech;
using IvrService.Storage;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IvrService.IntegrationTests.Flows;

/// <summary>
/// SIPp callers walk the shipped after-sales menu in business hours by RFC 4733 keys: each branch's path lands in
/// call_steps, and what it stores (service request, voice message) or does (REFER) is checked where it ends up.
/// The callers wait for the prompts that cannot be interrupted by their real length, read from the prompt files.
/// </summary>
[Collection(AfterSalesCollection.Name)]
public sealed class AfterSalesMenuTests : IClassFixture<AfterSalesOpenHost>
{
    /// <summary>The caller's number (user part of From) in every call here.</summary>
    private const string Caller = "09121234567";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(150);

    /// <summary>
    /// Slack after a prompt that cannot be interrupted, before the next key. A key pressed early is dropped (each
    /// question clears keys typed ahead); one pressed late is still taken by the next prompt or its timeout window.
    /// </summary>
    private static readonly TimeSpan AfterPrompt = TimeSpan.FromMilliseconds(2500);

    private readonly AfterSalesOpenHost _menu;
    private readonly IvrHostFixture _host;
    private readonly ITestOutputHelper _output;

    public AfterSalesMenuTests(AfterSalesOpenHost menu, ITestOutputHelper output)
    {
        _menu = menu;
        _host = menu.Host;
        _output = output;
    }

    [Fact]
    public async Task ReportFault_StoresServiceRequestWithProductCodeAndCaller_WhenCallerKeysCodeAndConfirmsNumber()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        var greeting = await _menu.PromptLengthAsync("fa", timeout.Token, "welcome");
        var callerNumber = await _menu.PromptLengthAsync("fa", timeout.Token, ["your_number_is", .. Caller.Select(d => "digit." + d)]);
        using var scenario = new SippCallerScript(Caller)
            .Wait(greeting + AfterPrompt).Press("1")
            .Wait(TimeSpan.FromSeconds(1.5)).Press("4567#")
            .Wait(callerNumber + AfterPrompt).Press("1")
            .ExpectBye(TimeSpan.FromSeconds(60))
            .Write();

        // Act
        var callId = await RunCallerAsync(scenario, timeout.Token);

        // Assert
        var flow = await _host.WaitForFlowAsync(callId, timeout.Token);
        Assert.Equal(new CallFlowSummary("after-sales", 1, "completed", "fa"), flow);
        var steps = await StepsAsync(callId, timeout.Token);
        Assert.Equal(
            ["greeting", "opening_hours", "main", "report_fault", "say_caller_number", "confirm_number", "create_request", "request_created", "goodbye"],
            NodePath(steps));
        Assert.Contains(steps, s => s is { NodeId: "report_fault", Kind: FlowStepKind.VariableSet } && s.Detail!.Contains("4567", StringComparison.Ordinal));
        var created = Assert.Single(steps, s => s.Kind == FlowStepKind.ServiceRequestCreated);
        var number = created.Detail!;
        var stored = await _host.Services.GetRequiredService<IServiceRequestStore>().GetServiceRequestAsync(number, timeout.Token);
        Assert.NotNull(stored);
        Assert.Equal("4567", stored.ProductCode);
        Assert.Equal(Caller, stored.CustomerPhone);
        Assert.Equal(callId, stored.CreatedByCall);
        Assert.Equal(CallEndReason.IvrHangup, (await _host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(20)).WaitAsync(timeout.Token)).EndReason);
    }

    [Fact]
    public async Task FollowUp_SpeaksStoredStatus_WhenCallerKeysKnownRequestNumber()
    {
        // Arrange: a request the back office moved to "waiting for parts".
        using var timeout = new CancellationTokenSource(RunTimeout);
        var now = DateTimeOffset.UtcNow;
        await _host.Services.GetRequiredService<IServiceRequestStore>().SaveServiceRequestAsync(
            new ServiceRequestRecord("73915", "waiting_parts", new DateOnly(2026, 11, 20), new DateOnly(2026, 12, 1), "Rezaei", "4321", "09350000000", null, now, now, null),
            timeout.Token);
        var greeting = await _menu.PromptLengthAsync("fa", timeout.Token, "welcome");
        using var scenario = new SippCallerScript(Caller)
            .Wait(greeting + AfterPrompt).Press("2")
            .Wait(TimeSpan.FromSeconds(1.5)).Press("73915#")
            .ExpectBye(TimeSpan.FromSeconds(60))
            .Write();

        // Act
        var callId = await RunCallerAsync(scenario, timeout.Token);

        // Assert
        Assert.Equal(new CallFlowSummary("after-sales", 1, "completed", "fa"), await _host.WaitForFlowAsync(callId, timeout.Token));
        var steps = await StepsAsync(callId, timeout.Token);
        Assert.Equal(["greeting", "opening_hours", "main", "follow_up", "find_request", "request_status", "goodbye"], NodePath(steps));
        var spoken = Assert.Single(steps, s => s is { NodeId: "request_status", Kind: FlowStepKind.PromptPlayed });
        _output.WriteLine($"request_status played: {spoken.Detail}");
        Assert.Contains("status.waiting_parts", spoken.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(spoken.Detail!.Split(' '), key => key.StartsWith("status.", StringComparison.Ordinal) && key != "status.waiting_parts");
    }

    [Fact]
    public async Task FollowUp_OffersRetryOrMainMenu_WhenRequestNumberIsUnknown()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        var greeting = await _menu.PromptLengthAsync("fa", timeout.Token, "welcome");
        using var scenario = new SippCallerScript(Caller)
            .Wait(greeting + AfterPrompt).Press("2")
            .Wait(TimeSpan.FromSeconds(1.5)).Press("98765#")
            .Wait(TimeSpan.FromSeconds(3))
            .SendBye()
            .Write();

        // Act
        var callId = await RunCallerAsync(scenario, timeout.Token);

        // Assert
        Assert.Equal("abandoned", (await _host.WaitForFlowAsync(callId, timeout.Token)).Outcome);
        var steps = await StepsAsync(callId, timeout.Token);
        Assert.Equal(["greeting", "opening_hours", "main", "follow_up", "find_request", "request_not_found"], NodePath(steps));
        Assert.Contains(steps, s => s is { NodeId: "request_not_found", Kind: FlowStepKind.PromptPlayed, Detail: "request_not_found_menu" });
    }

    [Fact]
    public async Task Complaint_StoresPlayableVoiceMessageOfTheSpokenLength_WhenCallerSpeaksThenPressesPound()
    {
        // Arrange: the caller offers A-law only, as the voice capture is A-law.
        using var timeout = new CancellationTokenSource(RunTimeout);
        var greeting = await _menu.PromptLengthAsync("fa", timeout.Token, "welcome");
        var recordPrompt = await _menu.PromptLengthAsync("fa", timeout.Token, "record_message");
        var speech = RtpCapture.Read(SippCallerScript.VoiceCapture).Duration;
        var lead = TimeSpan.FromSeconds(2);
        using var scenario = new SippCallerScript(Caller, 8)
            .Wait(greeting + AfterPrompt).Press("3")
            .Wait(recordPrompt + lead).Play(SippCallerScript.VoiceCapture)
            .Wait(TimeSpan.FromMilliseconds(300)).Press("#")
            .ExpectBye(TimeSpan.FromSeconds(30))
            .Write();

        // Act
        var callId = await RunCallerAsync(scenario, timeout.Token);

        // Assert
        Assert.Equal(new CallFlowSummary("after-sales", 1, "message_left", "fa"), await _host.WaitForFlowAsync(callId, timeout.Token));
        var steps = await StepsAsync(callId, timeout.Token);
        Assert.Equal(["greeting", "opening_hours", "main", "leave_message", "message_thanks"], NodePath(steps));
        var caller = await Sql.ScalarAsync<string>(_host.ConnectionString, "SELECT caller FROM voice_messages WHERE call_id = $1", callId);
        var category = await Sql.ScalarAsync<string>(_host.ConnectionString, "SELECT category FROM voice_messages WHERE call_id = $1", callId);
        var path = await Sql.ScalarAsync<string>(_host.ConnectionString, "SELECT recording_path FROM voice_messages WHERE call_id = $1", callId);
        var storedMs = await Sql.ScalarAsync<int>(_host.ConnectionString, "SELECT duration_ms FROM voice_messages WHERE call_id = $1", callId);
        Assert.Equal(Caller, caller);
        Assert.Equal("complaint", category);
        Assert.True(File.Exists(path), $"voice message file {path} is missing");
        Assert.True(WavReader.TryRead(await File.ReadAllBytesAsync(path, timeout.Token), out var audio, out var error), $"{path}: {error}");
        _output.WriteLine($"speech played {speech.TotalMilliseconds:0} ms; message {audio!.Duration.TotalMilliseconds:0} ms ({storedMs} ms stored), RMS {TestWav.Rms(audio.Samples):0.0000}");
        Assert.Equal(8000, audio.SampleRate);
        Assert.InRange(audio.Duration, speech, speech + lead + TimeSpan.FromSeconds(1.5));
        Assert.InRange(storedMs, audio.Duration.TotalMilliseconds - 100, audio.Duration.TotalMilliseconds + 100);

        // The voiced part of the message lasts as long as the voiced part of what the caller played.
        var played = VoicedSpan(DecodeALaw(RtpCapture.Read(SippCallerScript.VoiceCapture)));
        var heard = VoicedSpan(audio.Samples);
        _output.WriteLine($"voiced: played {played.TotalMilliseconds:0} ms, message {heard.TotalMilliseconds:0} ms");
        Assert.True(played > TimeSpan.FromSeconds(2), $"the voice capture holds only {played.TotalMilliseconds:0} ms of speech");
        Assert.InRange(heard, played - TimeSpan.FromMilliseconds(500), played + TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task Operator_TransfersByReferToConfiguredUri_WhenCallerPressesZero()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        var greeting = await _menu.PromptLengthAsync("fa", timeout.Token, "welcome");
        var options = SippOptions.ForScenario(SippScenarios.UacMenuOperatorRefer).Calling("127.0.0.1", _host.SipPort)
            .WithKey("pause_ms", Milliseconds(greeting + AfterPrompt));
        await using var sipp = SippProcess.Start(options);

        // Act
        var result = await sipp.WaitForExitAsync(timeout.Token);

        // Assert
        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains($"Refer-To: <{_menu.OperatorUri}>", sipp.ReadMessageTrace(), StringComparison.Ordinal);
        var callId = Sip.InboundCallTests.CallIdsIn(sipp).Single();
        Assert.Equal(new CallFlowSummary("after-sales", 1, "transferred", "fa"), await _host.WaitForFlowAsync(callId, timeout.Token));
        var steps = await StepsAsync(callId, timeout.Token);
        Assert.Equal(["greeting", "opening_hours", "main", "operator"], NodePath(steps));
        var transfer = Assert.Single(steps, s => s.Kind == FlowStepKind.Transfer);
        Assert.Contains($"operator {_menu.OperatorUri} by refer: succeeded 202", transfer.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task English_SwitchesLanguageAndPlaysMenuInEnglish_WhenCallerPressesNine()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        var greeting = await _menu.PromptLengthAsync("fa", timeout.Token, "welcome");
        using var scenario = new SippCallerScript(Caller)
            .Wait(greeting + AfterPrompt).Press("9")
            .Wait(TimeSpan.FromSeconds(3))
            .SendBye()
            .Write();

        // Act
        var callId = await RunCallerAsync(scenario, timeout.Token);

        // Assert: the Persian menu offers English (in English); once switched, the menu plays without that offer.
        Assert.Equal(new CallFlowSummary("after-sales", 1, "abandoned", "en"), await _host.WaitForFlowAsync(callId, timeout.Token));
        var steps = await StepsAsync(callId, timeout.Token);
        Assert.Equal(["greeting", "opening_hours", "main", "english", "main"], NodePath(steps));
        var switched = Assert.Single(steps, s => s.Kind == FlowStepKind.LanguageChanged);
        Assert.Equal("en", switched.Detail);
        var menuPrompts = steps.Where(s => s is { NodeId: "main", Kind: FlowStepKind.PromptPlayed }).ToList();
        Assert.Equal(2, menuPrompts.Count);
        Assert.True(menuPrompts[0].Seq < switched.Seq && switched.Seq < menuPrompts[1].Seq);
        Assert.Equal("main_menu for_english", menuPrompts[0].Detail);
        Assert.Equal("main_menu", menuPrompts[1].Detail);
    }

    [Fact]
    public async Task Prompts_RenderedBySpeechInPersianAndEnglish_ArePlayedOnTheCall()
    {
        // Arrange: main_menu has no recording in either language, so the host plays espeak-ng's rendering from its cache.
        using var timeout = new CancellationTokenSource(RunTimeout);
        var greeting = await _menu.PromptLengthAsync("fa", timeout.Token, "welcome");
        using var scenario = new SippCallerScript(Caller)
            .Wait(greeting + AfterPrompt).Press("9")
            .Wait(TimeSpan.FromSeconds(3))
            .SendBye()
            .Write();

        // Act
        var callId = await RunCallerAsync(scenario, timeout.Token);

        // Assert: both renderings are 8 kHz files in the cache, with speech in them ...
        var cacheDirectory = Path.GetFullPath(Path.Combine(_host.RecordingDirectory, "prompt-cache"));
        foreach (var language in new[] { "fa", "en" })
        {
            var file = await _menu.PromptFileAsync(language, "main_menu", timeout.Token);
            Assert.NotEqual(PromptSource.Recorded, file.Source);
            Assert.StartsWith(cacheDirectory, Path.GetFullPath(file.Path), StringComparison.Ordinal);
            Assert.True(WavReader.TryRead(await File.ReadAllBytesAsync(file.Path, timeout.Token), out var rendered, out var error), $"{file.Path}: {error}");
            Assert.Equal(8000, rendered!.SampleRate);
            Assert.True(TestWav.Rms(rendered.Samples) > 0.02, $"{language}/main_menu rendering is near silence");
        }

        // ... and the IVR's side of the call recording carries them: the Persian menu after the greeting, the English one after 9.
        var record = await _host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(20)).WaitAsync(timeout.Token);
        Assert.NotNull(record.RecordingPath);
        var ivrSide = TestWav.ReadSamples(record.RecordingPath, 1, out var rate, out var channels);
        Assert.Equal(2, channels);
        var persianMenu = ivrSide.AsSpan(Samples(greeting + TimeSpan.FromMilliseconds(300), rate), Samples(TimeSpan.FromSeconds(1), rate));
        var englishMenu = ivrSide.AsSpan(ivrSide.Length - Samples(TimeSpan.FromSeconds(2), rate), Samples(TimeSpan.FromSeconds(1), rate));
        _output.WriteLine($"IVR side: {ivrSide.Length} samples at {rate} Hz; RMS Persian menu {TestWav.Rms(persianMenu):0.0000}, English menu {TestWav.Rms(englishMenu):0.0000}");
        Assert.True(TestWav.Rms(persianMenu) > 0.01, "the Persian menu prompt was not heard on the call");
        Assert.True(TestWav.Rms(englishMenu) > 0.01, "the English menu prompt was not heard on the call");
    }

    private async Task<string> RunCallerAsync(SippCallerScenario scenario, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        await using var sipp = SippProcess.Start(scenario.Calling("127.0.0.1", _host.SipPort));
        var result = await sipp.WaitForExitAsync(cancellationToken);
        _output.WriteLine($"caller ran {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s");
        Assert.True(result.Succeeded, result.Describe());
        return Sip.InboundCallTests.CallIdsIn(sipp).Single();
    }


    private async Task<IReadOnlyList<CallStep>> StepsAsync(string callId, CancellationToken cancellationToken)
    {
        var steps = await _host.Services.GetRequiredService<ICallStepStore>().GetStepsAsync(callId, cancellationToken);
        foreach (var step in steps)
        {
            _output.WriteLine($"{step.Seq,3} {step.NodeId,-20} {step.Kind,-22} {step.Detail}");
        }

        return steps;
    }

    private static List<string> NodePath(IEnumerable<CallStep> steps) =>
        steps.Where(s => s.Kind == FlowStepKind.NodeEntered).Select(s => s.NodeId).ToList();

    private static string Milliseconds(TimeSpan duration) => Math.Ceiling(duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private static short[] DecodeALaw(RtpCapture capture)
    {
        var samples = new List<short>();
        foreach (var payload in capture.Payloads())
        {
            foreach (var code in payload)
            {
                samples.Add(G711.ALawToLinear(code));
            }
        }

        return [.. samples];
    }

    /// <summary>From the first to the last 20 ms frame (8 kHz) louder than -40 dBFS.</summary>
    private static TimeSpan VoicedSpan(short[] samples)
    {
        const int Frame = 160;
        int first = -1, last = -1;
        for (var frame = 0; (frame + 1) * Frame <= samples.Length; frame++)
        {
            if (TestWav.Rms(samples.AsSpan(frame * Frame, Frame)) > 0.01)
            {
                first = first < 0 ? frame : first;
                last = frame;
            }
        }

        return first < 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds((last - first + 1) * 20);
    }

    private static int Samples(TimeSpan duration, int rate) => (int)(duration.TotalSeconds * rate);
}
