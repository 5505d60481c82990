using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IvrService.Sip;

namespace IvrService.IntegrationTests.Crash;

/// <summary>The product as its own operating-system process, so a test can kill it the hard way.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="settings">Configuration keys, passed on the command line.</param>
    /// <param name="environment">Environment variables for the process on top of the test's own.</param>
    public static HostProcess Start(IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(HostAssembly());
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        return new HostProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start the host"));
    }

    /// <summary>Waits until the product answers OPTIONS on its SIP port.</summary>
    public async Task WaitUntilAnsweringAsync(int sipPort, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var buffer = new byte[4096];
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException("the host exited while starting:\n" + Output);
            }

            var options = $"OPTIONS sip:ivr@127.0.0.1:{sipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKprobe{attempt};rport\r\n" +
                          $"From: <sip:probe@127.0.0.1>;tag=p{attempt}\r\nTo: <sip:ivr@127.0.0.1>\r\nCall-ID: probe-{attempt}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
            await socket.SendToAsync(Encoding.ASCII.GetBytes(options), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, sipPort), cancellationToken);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
                if (SipMessageParser.Parse(buffer.AsSpan(0, received)).Message is SipResponse { StatusCode: 200 })
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGTERM, as systemd's stop and Ctrl+C send; waits for the exit and returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().WaitAsync(timeout);
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Ctrl+C equivalent: the graceful path.
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private static string HostAssembly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IvrService.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var path = Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("repository root"),
            "src", "IvrService.Host", "bin", configuration, "net10.0", "IvrService.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("build the host first", path);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
