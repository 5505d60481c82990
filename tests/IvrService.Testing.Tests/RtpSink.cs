using System.Net;
using System.Net.Sockets;
using IvrService.Media.Dtmf;
using IvrService.Media.Rtp;

namespace IvrService.Testing.Tests;

/// <summary>
/// The caller's media port in the callee tests: a loopback UDP socket that keeps every RTP packet it receives and
/// turns the telephone-event packets (payload type 101) into keys with the product's RFC 4733 receiver.
/// </summary>
internal sealed class RtpSink : IAsyncDisposable
{
    private const int TelephoneEvent = 101;

    private readonly UdpClient _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private readonly List<(int PayloadType, int Length)> _packets = [];
    private readonly List<char> _keys = [];
    private readonly Rfc4733Receiver _receiver;

    public RtpSink()
    {
        Port = FreePorts.NextRtpPair();
        _socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, Port));
        _receiver = new Rfc4733Receiver((key, _) =>
        {
            lock (_gate)
            {
                _keys.Add(key);
            }
        });
        _loop = ReceiveAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>An SDP offer of PCMU, PCMA and telephone-event/8000 as 101 on <see cref="Port"/>.</summary>
    public string Offer =>
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        $"m=audio {Port} RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";

    public string Keys
    {
        get
        {
            lock (_gate)
            {
                return new string([.. _keys]);
            }
        }
    }

    /// <summary>Packets received of <paramref name="payloadType"/>, with their payload lengths.</summary>
    public IReadOnlyList<int> PayloadLengths(int payloadType)
    {
        lock (_gate)
        {
            return [.. _packets.Where(p => p.PayloadType == payloadType).Select(p => p.Length)];
        }
    }

    /// <summary>Waits until <paramref name="count"/> keys have arrived.</summary>
    public async Task<string> WaitForKeysAsync(int count, CancellationToken cancellationToken)
    {
        while (Keys.Length < count)
        {
            await Task.Delay(20, cancellationToken);
        }

        return Keys;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        catch (ObjectDisposedException)
        {
            // The socket closed under the receive.
        }

        _stop.Dispose();
        FreePorts.Release(Port, Port + 1);
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var datagram = await _socket.ReceiveAsync(cancellationToken);
            if (!RtpHeader.TryParse(datagram.Buffer, out var header))
            {
                continue;
            }

            var payload = datagram.Buffer.AsSpan(header.PayloadOffset, header.PayloadLength);
            lock (_gate)
            {
                _packets.Add((header.PayloadType, payload.Length));
                if (header.PayloadType == TelephoneEvent)
                {
                    _receiver.Process(header.Timestamp, header.Marker, header.SequenceNumber, payload);
                }
            }
        }
    }
}
