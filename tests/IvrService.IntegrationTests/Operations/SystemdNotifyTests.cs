using System.Globalization;
using System.Net.Sockets;
using System.Text;
using IvrService.IntegrationTests.Crash;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Operations;

/// <summary>
/// The host as systemd runs a <c>Type=notify</c> unit: it is given <c>NOTIFY_SOCKET</c> (a unix datagram socket
/// this test binds, standing in for systemd's) and must send READY=1 only once it takes calls, and STOPPING=1
/// when it is told to stop.
/// </summary>
public sealed class SystemdNotifyTests : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ivr-notify-" + Guid.NewGuid().ToString("N")[..8]);
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await _postgres.InitializeAsync();
        _connectionString = await _postgres.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Start_SendsReadyOnceTakingCallsAndStoppingOnSigterm_WhenNotifySocketIsSet()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var socketPath = Path.Combine(_directory, "notify");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        var sipPort = FreePorts.Next();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Ivr"] = _connectionString,
            ["Sip:ListenAddress"] = "127.0.0.1",
            ["Sip:Port"] = sipPort.ToString(CultureInfo.InvariantCulture),
            ["Calls:InstanceId"] = "notify-test",
            ["Calls:ShutdownGraceSeconds"] = "1",
            ["Media:RecordingDirectory"] = Path.Combine(_directory, "recordings"),
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
        };
        await using var host = HostProcess.Start(settings, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath });

        // Act
        var first = await ReceiveAsync(notify, host, timeout.Token);
        using var answering = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        answering.CancelAfter(TimeSpan.FromSeconds(5));
        await host.WaitUntilAnsweringAsync(sipPort, answering.Token);
        var stop = host.StopAsync(TimeSpan.FromSeconds(60));
        var second = await ReceiveAsync(notify, host, timeout.Token);
        var exitCode = await stop;

        // Assert
        Assert.Contains("READY=1", first.Split('\n'));
        Assert.Contains("STOPPING=1", second.Split('\n'));
        Assert.Equal(0, exitCode);
        FreePorts.Release(sipPort);
    }

    private static async Task<string> ReceiveAsync(Socket socket, HostProcess host, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            return Encoding.UTF8.GetString(buffer, 0, received);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("no notification from the host:\n" + host.Output);
        }
    }
}
