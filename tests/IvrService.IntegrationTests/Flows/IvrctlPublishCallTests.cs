using IvrService.Api;
using IvrService.Cli.Tests;
using IvrService.Flows;
using IvrService.Storage;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IvrService.IntegrationTests.Flows;

/// <summary>
/// An admin edits the ivr-test menu's file and publishes it with <c>ivrctl</c> against the whole product (SIP and the
/// API on one host over a real PostgreSQL); the next SIPp caller walks the edited menu: its new greeting prompt and a
/// new option that did not exist before.
/// </summary>
public sealed class IvrctlPublishCallTests : IAsyncLifetime
{
    private const string AdminKey = "ivr_publish_admin_key_0123456789";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    private readonly IvrHostFixture _host = new() { ServeHttp = true };
    private readonly int _grpcPort = FreePorts.Next();
    private readonly string _folder = Directory.CreateTempSubdirectory("ivr-publish-").FullName;
    private readonly ITestOutputHelper _output;

    public IvrctlPublishCallTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        _host.Settings["Flows:InboundMenu"] = "ivr-test";
        _host.Settings["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{_grpcPort}";
        _host.Settings["Kestrel:Endpoints:Grpc:Protocols"] = "Http2";
        _host.Settings["Api:Keys:0:Name"] = "ops";
        _host.Settings["Api:Keys:0:Scope"] = "admin";
        _host.Settings["Api:Keys:0:Sha256"] = ApiKeyHash.ToHex(AdminKey);
        await _host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        FreePorts.Release(_grpcPort);
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Publish_NextCallRunsEditedMenu_WhenAdminPublishesWithIvrctl()
    {
        // Arrange: the menu file as seeded (version 1), edited: the main menu speaks main_menu instead of welcome and
        // offers 7, a new node that thanks the caller and hangs up. The caller presses 7 while main_menu plays (it
        // may be interrupted and lasts longer than that; a late key would still be taken within the menu's timeout).
        using var timeout = new CancellationTokenSource(RunTimeout);
        var original = await File.ReadAllTextAsync(Path.Combine(IvrHostFixture.MenusDirectory, "ivr-test.yaml"), timeout.Token);
        var edited = Edit(original, "    prompt: welcome\n    options:\n", "    prompt: main_menu\n    options:\n      \"7\": thanks\n");
        edited = Edit(edited, "  bye:\n", "  thanks:\n    type: say\n    prompt: goodbye\n    next: bye\n  bye:\n");
        var menu = Path.Combine(_folder, "ivr-test.yaml");
        await File.WriteAllTextAsync(menu, edited, timeout.Token);
        using var scenario = new SippCallerScript()
            .Wait(TimeSpan.FromSeconds(3)).Press("7")
            .ExpectBye(TimeSpan.FromSeconds(20))
            .Write();

        // Act
        var (exitCode, output, error) = await Ivrctl.RunAsync(
            _folder, null, "publish", menu, "--comment", "option 7", "--server", $"http://127.0.0.1:{_grpcPort}", "--key", AdminKey).WaitAsync(timeout.Token);
        var callId = await RunCallerAsync(scenario, timeout.Token);

        // Assert: ivrctl made version 2 current; the call ran version 2 and heard its edits.
        Assert.Equal((0, ""), (exitCode, error));
        Assert.StartsWith("published ivr-test version 2 (current) at ", output, StringComparison.Ordinal);
        Assert.Equal(new CallFlowSummary("ivr-test", 2, "completed", "fa"), await _host.WaitForFlowAsync(callId, timeout.Token));
        var steps = await _host.Services.GetRequiredService<ICallStepStore>().GetStepsAsync(callId, timeout.Token).WaitAsync(timeout.Token);
        foreach (var step in steps)
        {
            _output.WriteLine($"{step.Seq,3} v{step.FlowVersion} {step.NodeId,-12} {step.Kind,-16} {step.Detail}");
        }

        Assert.All(steps, s => Assert.Equal(2, s.FlowVersion));
        Assert.Equal(["hours", "main", "thanks", "bye"], steps.Where(s => s.Kind == FlowStepKind.NodeEntered).Select(s => s.NodeId));
        Assert.Contains(steps, s => s is { NodeId: "main", Kind: FlowStepKind.PromptPlayed, Detail: "main_menu" });
        Assert.DoesNotContain(steps, s => s is { Kind: FlowStepKind.PromptPlayed, Detail: "welcome" });
        Assert.Contains(steps, s => s is { NodeId: "main", Kind: FlowStepKind.Digits, Detail: "7" });
        Assert.Contains(steps, s => s is { NodeId: "thanks", Kind: FlowStepKind.PromptPlayed, Detail: "goodbye" });
        var record = await _host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(20)).WaitAsync(timeout.Token);
        Assert.Equal(CallEndReason.IvrHangup, record.EndReason);
    }

    /// <summary>Replaces the one occurrence of <paramref name="part"/>; fails when the menu file no longer has it.</summary>
    private static string Edit(string yaml, string part, string replacement)
    {
        var normalized = yaml.Replace("\r\n", "\n", StringComparison.Ordinal);
        var at = normalized.IndexOf(part, StringComparison.Ordinal);
        Assert.True(at >= 0 && normalized.IndexOf(part, at + 1, StringComparison.Ordinal) < 0, $"ivr-test.yaml should hold '{part.Trim()}' once");
        return string.Concat(normalized.AsSpan(0, at), replacement, normalized.AsSpan(at + part.Length));
    }

    private async Task<string> RunCallerAsync(SippCallerScenario scenario, CancellationToken cancellationToken)
    {
        await using var sipp = SippProcess.Start(scenario.Calling("127.0.0.1", _host.SipPort));
        var result = await sipp.WaitForExitAsync(cancellationToken);
        Assert.True(result.Succeeded, result.Describe());
        return Sip.InboundCallTests.CallIdsIn(sipp).Single();
    }
}
