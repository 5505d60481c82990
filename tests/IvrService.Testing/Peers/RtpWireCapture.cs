using System.Diagnostics;
using System.Globalization;
using IvrService.Testing.Internal;

namespace IvrService.Testing;

/// <summary>
/// Captures on the wire the UDP packets sent to one loopback port — for instance the RTP the product sends to a
/// SIPp callee's media port (<see cref="SippProcess.MediaPort"/>) — with <c>dumpcap</c> (Debian package tshark;
/// capturing on <c>lo</c> needs root or the capture capabilities). <see cref="StopAsync"/> ends the capture and
/// reads it as an <see cref="RtpCapture"/>: packet count, duration, payload type and payloads of the audio sent.
/// </summary>
public sealed class RtpWireCapture : IAsyncDisposable
{
    private readonly PeerProcess _process;
    private readonly string _directory;

    private RtpWireCapture(PeerProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    /// <summary>How long no packet may have been written before the capture is stopped.</summary>
    public static readonly TimeSpan QuietTime = TimeSpan.FromMilliseconds(600);

    /// <summary>The UDP destination port captured.</summary>
    public int Port { get; }

    /// <summary>The pcap file written (classic pcap, Ethernet frames as Linux gives them on <c>lo</c>).</summary>
    public string FilePath => Path.Combine(_directory, "rtp.pcap");

    /// <summary>dumpcap's process id (its own process group).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts dumpcap on <c>lo</c> for UDP to <paramref name="port"/> and returns once it captures.</summary>
    public static async Task<RtpWireCapture> StartAsync(int port, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var dumpcap = PeerProcess.FindOnPath("dumpcap") ?? throw PeerToolMissingException.For("dumpcap", "tshark");
        var directory = Directory.CreateTempSubdirectory("ivr-rtp-capture-").FullName;
        var arguments = new[] { "-i", "lo", "-P", "-f", "udp dst port " + port.ToString(CultureInfo.InvariantCulture), "-w", Path.Combine(directory, "rtp.pcap") };
        var capture = new RtpWireCapture(PeerProcess.Start(dumpcap, arguments, directory), directory, port);
        try
        {
            // dumpcap writes "Capturing on 'lo'" before it opens the interface, and "File: <path>" once the interface
            // is open with its filter and the file is ready: only then are packets kept.
            while (!capture._process.StandardError.Contains("File: ", StringComparison.Ordinal))
            {
                if (capture._process.HasExited)
                {
                    throw new InvalidOperationException($"dumpcap exited ({capture._process.ExitCode}) before capturing: {capture._process.CommandLine}\n{capture._process.StandardError}");
                }

                await Task.Delay(20, cancellationToken);
            }

            return capture;
        }
        catch
        {
            await capture.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops the capture and reads it; null when no packet was sent to the port. Throws
    /// <see cref="InvalidDataException"/> when something other than RTP reached the port.
    /// </summary>
    /// <remarks>
    /// The kernel hands captured packets to dumpcap in blocks, a block at the latest after dumpcap's read timeout
    /// (250 ms), and dumpcap drops what it has not been handed when interrupted. So it is stopped (SIGINT) only once
    /// its "Packets: n" count, written to stderr as packets reach the file, has stood still for <see cref="QuietTime"/>.
    /// </remarks>
    public async Task<RtpCapture?> StopAsync(CancellationToken cancellationToken)
    {
        var reported = _process.StandardError.Length;
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < QuietTime && !_process.HasExited)
        {
            await Task.Delay(50, cancellationToken);
            if (_process.StandardError.Length != reported)
            {
                reported = _process.StandardError.Length;
                quiet.Restart();
            }
        }

        _process.Interrupt();
        await _process.WaitForExitAsync(cancellationToken);
        var file = new FileInfo(FilePath);
        // A pcap of no packets is its 24-byte global header alone.
        return file.Exists && file.Length > 24 ? RtpCapture.Read(FilePath) : null;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Still open somewhere; the temp directory is cleaned by the OS later.
        }
    }
}
