using System.Globalization;
using IvrService.HappyCalls;
using IvrService.Storage.HappyCalls;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>
/// The product with happy calls due at once, a calling window open all week, short retry delays and one trunk on a
/// loopback port where each test starts its SIPp callee.
/// </summary>
public sealed class HappyCallHost : IAsyncLifetime
{
    public const string Phone = "+989121234567";

    private readonly IvrHostFixture _host = new();

    public int TrunkPort { get; } = FreePorts.Next();

    public IvrHostFixture Host => _host;

    public IHappyCallScheduler Scheduler => _host.Services.GetRequiredService<IHappyCallScheduler>();

    public IHappyCallStore Store => _host.Services.GetRequiredService<IHappyCallStore>();

    /// <summary>Settings a test adds before <see cref="InitializeAsync"/> (e.g. the channel cap).</summary>
    public Dictionary<string, string?> Settings => _host.Settings;

    public Task InitializeAsync()
    {
        Settings["Sip:Trunks:0:Name"] = "main";
        Settings["Sip:Trunks:0:Host"] = "127.0.0.1";
        Settings["Sip:Trunks:0:Port"] = TrunkPort.ToString(CultureInfo.InvariantCulture);
        Settings["Sip:Trunks:0:CallerId"] = "+982155551234";
        Settings.TryAdd("Sip:Trunks:0:Channels", "4");
        Settings["HappyCalls:Delay"] = "00:00:00";
        foreach (var day in Enum.GetNames<DayOfWeek>())
        {
            Settings[$"HappyCalls:Window:{day}:0"] = "00:00-24:00";
        }

        Settings.TryAdd("HappyCalls:RetryAfter:Busy", "00:00:02");
        Settings.TryAdd("HappyCalls:RetryAfter:NoAnswer", "00:00:02");
        Settings.TryAdd("HappyCalls:RetryAfter:Unfinished", "00:00:02");
        Settings.TryAdd("HappyCalls:ClosingMargin", "00:00:00");
        Settings.TryAdd("HappyCalls:RingTimeout", "00:00:05");
        Settings.TryAdd("HappyCalls:AnsweringMachineDetection", "false");

        // Services of type "later" wait an hour: their surveys stay open for call-in tests.
        Settings.TryAdd("HappyCalls:ServiceTypes:later:Delay", "01:00:00");
        return _host.InitializeAsync();
    }

    public async Task<SippProcess> StartCalleeAsync(SippOptions options, CancellationToken cancellationToken)
    {
        var callee = SippProcess.Start(options with { LocalPort = TrunkPort });
        try
        {
            await callee.WaitUntilListeningAsync(cancellationToken);
            return callee;
        }
        catch
        {
            await callee.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reports a service completed now for <see cref="Phone"/> (or <paramref name="phone"/>).</summary>
    public Task<(HappyCall Call, bool Created)> ReportAsync(
        string serviceId, CancellationToken cancellationToken, string phone = Phone, string serviceType = "repair") =>
        Scheduler.ReportAsync(
            new ServiceCompletion(serviceId, "customer-1", phone, "Sara", "en", "tech-7", "Reza", serviceType, DateTimeOffset.UtcNow, "", ""),
            cancellationToken);

    /// <summary>Waits until the happy call has reached a final state.</summary>
    public async Task<HappyCall> WaitForFinalAsync(long happyCallId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var call = await Store.GetAsync(happyCallId, cancellationToken) ?? throw new InvalidOperationException($"happy call {happyCallId} vanished");
            if (call.State is not (HappyCallState.Pending or HappyCallState.InProgress))
            {
                return call;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        FreePorts.Release(TrunkPort);
    }
}
