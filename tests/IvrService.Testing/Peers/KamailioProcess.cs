using System.Net;
using System.Net.Sockets;
using System.Text;
using IvrService.Testing.Internal;

namespace IvrService.Testing;

/// <summary>
/// One running Kamailio (Debian package kamailio) on a configuration file the test wrote: in the foreground
/// (<c>-DD</c>), logging to stderr (<c>-E</c>, captured), with its runtime directory in the folder of that file,
/// in its own process group that is killed on dispose.
/// </summary>
public sealed class KamailioProcess : IAsyncDisposable
{
    private readonly PeerProcess _process;

    private KamailioProcess(PeerProcess process) => _process = process;

    /// <summary>The configuration file Kamailio runs.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>The unix socket of the ctl module (kamcmd's <c>-s unix:…</c>), as the configuration names it.</summary>
    public required string ControlSocket { get; init; }

    /// <summary>Process id (also its process group id).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Kamailio's log so far (last 256 KiB).</summary>
    public string Log => _process.StandardError + _process.StandardOutput;

    /// <summary>The kamailio program: on PATH, else where Debian puts it (<c>/usr/sbin</c> is not on every user's PATH); null when not installed.</summary>
    public static string? FindExecutable() =>
        PeerProcess.FindOnPath("kamailio") ?? (File.Exists("/usr/sbin/kamailio") ? "/usr/sbin/kamailio" : null);

    /// <summary>
    /// Checks the configuration (<c>kamailio -c</c>), then starts Kamailio on it. <paramref name="controlSocket"/> is the
    /// path the configuration gives the ctl module, for <see cref="RpcAsync"/>.
    /// </summary>
    public static async Task<KamailioProcess> StartAsync(string configPath, string controlSocket, CancellationToken cancellationToken)
    {
        var executable = FindExecutable() ?? throw PeerToolMissingException.For("kamailio", "kamailio");
        var directory = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        await using (var check = PeerProcess.Start(executable, ["-c", "-f", configPath, "-Y", directory], directory))
        {
            if (await check.WaitForExitAsync(cancellationToken) != 0)
            {
                throw new InvalidOperationException($"kamailio -c rejected {configPath}:\n{check.StandardError}{check.StandardOutput}");
            }
        }

        var process = PeerProcess.Start(executable, ["-f", configPath, "-DD", "-E", "-Y", directory, "-w", directory], directory);
        return new KamailioProcess(process) { ConfigPath = configPath, ControlSocket = controlSocket };
    }

    /// <summary>
    /// Waits until Kamailio answers SIP on <paramref name="endPoint"/> (UDP): an OPTIONS to the proxy itself, sent
    /// again every 200 ms, gets any response. A bind test cannot tell, as Kamailio's UDP sockets allow address reuse.
    /// </summary>
    public async Task WaitUntilAnsweringAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var buffer = new byte[4096];
        for (var attempt = 1; ; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"kamailio exited ({_process.ExitCode}) before answering on udp {endPoint}:\n{Log}");
            }

            var options =
                $"OPTIONS sip:{endPoint} SIP/2.0\r\n" +
                $"Via: SIP/2.0/UDP {local};branch=z9hG4bK-ready-{attempt};rport\r\n" +
                "Max-Forwards: 70\r\n" +
                $"From: <sip:probe@{local}>;tag=ready{attempt}\r\n" +
                $"To: <sip:{endPoint}>\r\n" +
                $"Call-ID: ready-{attempt}-{Environment.ProcessId}@127.0.0.1\r\n" +
                $"CSeq: {attempt} OPTIONS\r\n" +
                "Content-Length: 0\r\n\r\n";
            await socket.SendToAsync(Encoding.ASCII.GetBytes(options), endPoint, cancellationToken);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
                if (Encoding.ASCII.GetString(buffer, 0, received).StartsWith("SIP/2.0 ", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not up yet: ask again.
            }
        }
    }

    /// <summary>Runs one RPC command through kamcmd (e.g. <c>dispatcher.list</c>) and returns what it printed.</summary>
    public async Task<string> RpcAsync(string command, CancellationToken cancellationToken, params string[] arguments)
    {
        var kamcmd = PeerProcess.FindOnPath("kamcmd") ?? (File.Exists("/usr/sbin/kamcmd") ? "/usr/sbin/kamcmd" : null)
            ?? throw PeerToolMissingException.For("kamcmd", "kamailio");
        await using var rpc = PeerProcess.Start(kamcmd, ["-s", "unix:" + ControlSocket, command, .. arguments], Path.GetDirectoryName(ConfigPath)!);
        var exitCode = await rpc.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"kamcmd {command} {string.Join(' ', arguments)} failed ({exitCode}): {rpc.StandardError}{rpc.StandardOutput}");
        }

        return rpc.StandardOutput;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
