using IvrService.Flows;
using IvrService.Storage;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IvrService.IntegrationTests.Flows;

/// <summary>A SIPp caller on the shipped after-sales menu out of business hours (a Friday in Tehran) asks to be called back.</summary>
[Collection(AfterSalesCollection.Name)]
public sealed class AfterSalesClosedHoursTests : IClassFixture<AfterSalesClosedHost>
{
    private const string Caller = "09127654321";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    private readonly AfterSalesClosedHost _menu;
    private readonly ITestOutputHelper _output;

    public AfterSalesClosedHoursTests(AfterSalesClosedHost menu, ITestOutputHelper output)
    {
        _menu = menu;
        _output = output;
    }

    [Fact]
    public async Task ClosedMenu_StoresCallbackRequestForCaller_WhenCallerPressesOneOutOfHours()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        var host = _menu.Host;
        var greeting = await _menu.PromptLengthAsync("fa", timeout.Token, "welcome");
        using var scenario = new SippCallerScript(Caller)
            .Wait(greeting + TimeSpan.FromMilliseconds(2500)).Press("1")
            .ExpectBye(TimeSpan.FromSeconds(40))
            .Write();
        await using var sipp = SippProcess.Start(scenario.Calling("127.0.0.1", host.SipPort));

        // Act
        var result = await sipp.WaitForExitAsync(timeout.Token);

        // Assert
        Assert.True(result.Succeeded, result.Describe());
        var callId = Sip.InboundCallTests.CallIdsIn(sipp).Single();
        var record = await host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(20)).WaitAsync(timeout.Token);
        Assert.Equal(CallEndReason.IvrHangup, record.EndReason);

        // The menu's hang-up ends the call before the engine stores how the menu ended: wait for that too.
        while (record.Flow is null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
            record = (await host.Records.GetByCallIdAsync(callId, timeout.Token))!;
        }

        Assert.Equal(new CallFlowSummary("after-sales", 1, "callback_requested", "fa"), record.Flow);
        var steps = await host.Services.GetRequiredService<ICallStepStore>().GetStepsAsync(callId, timeout.Token);
        foreach (var step in steps)
        {
            _output.WriteLine($"{step.Seq,3} {step.NodeId,-20} {step.Kind,-22} {step.Detail}");
        }

        Assert.Equal(
            ["greeting", "opening_hours", "closed_menu", "request_callback", "callback_thanks"],
            steps.Where(s => s.Kind == FlowStepKind.NodeEntered).Select(s => s.NodeId));
        Assert.Equal(Caller, await Sql.ScalarAsync<string>(host.ConnectionString, "SELECT caller FROM callback_requests WHERE call_id = $1", callId));
        Assert.Equal(Caller, await Sql.ScalarAsync<string>(host.ConnectionString, "SELECT number FROM callback_requests WHERE call_id = $1", callId));
        Assert.Equal("out_of_hours", await Sql.ScalarAsync<string>(host.ConnectionString, "SELECT reason FROM callback_requests WHERE call_id = $1", callId));
    }
}
