using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using IvrService.Media;
using IvrService.Media.Audio;
using IvrService.Media.Dtmf;
using IvrService.Media.Playback;
using IvrService.Media.Rtp;

namespace IvrService.Benchmarks.Packet;

/// <summary>
/// The media hot paths, one RTP packet (20 ms, 160 samples) per operation: what the receive loop does with a
/// packet, the G.711 codec, what a clock tick does for one call (build the packet and send it), the RFC 4733
/// and in-band DTMF detectors. Allocated bytes per operation must be 0.
/// </summary>
[MemoryDiagnoser]
public class PacketBenchmarks
{
    private const int Frame = TelephonyAudio.FrameSamples;

    private readonly byte[] _rtp = new byte[RtpHeader.FixedSize + Frame];
    private readonly short[] _pcm = new short[Frame];
    private readonly short[] _tone = new short[Frame];
    private readonly byte[] _encoded = new byte[Frame];
    private readonly short[] _decoded = new short[Frame];
    private readonly byte[] _event = new byte[TelephoneEvent.Length];
    private RtpReceiveStatistics _statistics = null!;
    private Rfc4733Receiver _rfc4733 = null!;
    private InBandDtmfDetector _inBand = null!;
    private Socket _sender = null!;
    private Socket _sink = null!;
    private SocketAddress _sinkAddress = null!;
    private MediaEngine _engine = null!;
    private MediaSession _session = null!;
    private ushort _sequence;
    private uint _timestamp;
    private long _tick;
    private int _eventPacket;
    private uint _eventTimestamp;
    private long _digits;

    public static void Run(string[] args)
    {
        var root = FindRepositoryRoot();
        var artifacts = Path.Combine(root, "artifacts", "bench", "packet");
        var config = DefaultConfig.Instance
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.JoinSummary)
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(3)
                .WithIterationCount(10)
                .AsDefault());
        var summaries = BenchmarkSwitcher.FromTypes([typeof(PacketBenchmarks)])
            .Run(args.Length == 0 ? ["--filter", "*"] : args, config);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"media hot paths {DateTime.Now:yyyy-MM-dd HH:mm:ss}, {Environment.ProcessorCount} cores\n");
        text.Append(CultureInfo.InvariantCulture, $"{"benchmark",-40} {"mean",12} {"allocated/op",14}  target 0 B/op\n");
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
                var mean = report.ResultStatistics?.Mean ?? double.NaN;
                text.Append(CultureInfo.InvariantCulture, $"{report.BenchmarkCase.Descriptor.WorkloadMethod.Name,-40} {mean,9:0.0} ns {allocated,10} B{(allocated == 0 ? "  ok" : "  MISSED")}\n");
            }
        }

        Directory.CreateDirectory(Path.Combine(root, "artifacts", "bench"));
        var path = Path.Combine(root, "artifacts", "bench", $"packet-{DateTime.Now:yyyyMMdd-HHmmss}.txt");
        File.WriteAllText(path, text.ToString());
        Console.WriteLine();
        Console.Write(text);
        Console.WriteLine($"written to {path}");
    }

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Frame; i++)
        {
            // Speech-like level and a DTMF '5' (770 Hz + 1336 Hz) at -10 dBm0 each.
            _pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 8000.0));
            _tone[i] = (short)((5000 * Math.Sin(2 * Math.PI * 770 * i / 8000.0)) + (5000 * Math.Sin(2 * Math.PI * 1336 * i / 8000.0)));
        }

        G711.Encode(G711Law.MuLaw, _pcm, _rtp.AsSpan(RtpHeader.FixedSize));
        new RtpHeader(0, 0, 0, 0x12345678).Write(_rtp);
        _statistics = new RtpReceiveStatistics(TimeProvider.System);
        _rfc4733 = new Rfc4733Receiver((_, _) => _digits++, TimeProvider.System);
        _inBand = new InBandDtmfDetector((_, _) => _digits++);

        _sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var sinkEndPoint = (IPEndPoint)_sink.LocalEndPoint!;
        _sinkAddress = sinkEndPoint.Serialize();
        _sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        // One call's media session, ticked by the benchmark instead of the clock (Update, not Start: no clock
        // registration, no receive loops), sending comfort noise to the sink.
        _engine = new MediaEngine(new MediaOptions { RtpPortStart = 60000, RtpPortEnd = 60999, ClockLoops = 1, MediaTimeoutSeconds = 3600 }, TimeProvider.System);
        _session = _engine.CreateSession(IPAddress.Loopback);
        _session.Update(new MediaEndpoint(sinkEndPoint, new IPEndPoint(IPAddress.Loopback, sinkEndPoint.Port + 1), G711Law.MuLaw, 0, 101, LocalSends: true, LocalReceives: true));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _engine.Dispose();
        _sender.Dispose();
        _sink.Dispose();
    }

    /// <summary>The receive path's first steps: parse the header, update loss and jitter.</summary>
    [Benchmark]
    public RtpSequenceOutcome RtpParseAndStatistics()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_rtp.AsSpan(2), ++_sequence);
        BinaryPrimitives.WriteUInt32BigEndian(_rtp.AsSpan(4), _timestamp += Frame);
        RtpHeader.TryParse(_rtp, out var header);
        return _statistics.Update(header);
    }

    [Benchmark]
    public void G711EncodeFrame() => G711.Encode(G711Law.MuLaw, _pcm, _encoded);

    [Benchmark]
    public void G711DecodeFrame() => G711.Decode(G711Law.MuLaw, _rtp.AsSpan(RtpHeader.FixedSize, Frame), _decoded);

    /// <summary>Build one packet (header + payload) and send it to a loopback socket, as the tick does.</summary>
    [Benchmark]
    public int BuildAndSendPacket()
    {
        new RtpHeader(0, ++_sequence, _timestamp += Frame, 0x12345678).Write(_rtp);
        _encoded.CopyTo(_rtp.AsSpan(RtpHeader.FixedSize));
        return _sender.SendTo(_rtp, SocketFlags.None, _sinkAddress);
    }

    /// <summary>One call's whole tick: next frame, packet out, caller audio and timeouts (MediaSession.OnTick).</summary>
    [Benchmark]
    public void MediaSessionTick() => ((IPacedStream)_session).OnTick(_tick++);

    /// <summary>One telephone-event packet of a train (marker, 4 updates, 3 end copies), a new key every 8 packets.</summary>
    [Benchmark]
    public void Rfc4733Process()
    {
        var index = _eventPacket++ & 7;
        if (index == 0)
        {
            _eventTimestamp += 8000;
        }

        var end = index >= 5;
        new TelephoneEvent((byte)(_eventPacket >> 3 & 0x0F), end, 10, (ushort)(Math.Min(index, 5) * Frame + Frame)).Write(_event);
        _rfc4733.Process(_eventTimestamp, index == 0, (ushort)_eventPacket, _event);
    }

    [Benchmark]
    public void InBandDetectorToneFrame() => _inBand.Process(_tone);

    [Benchmark]
    public void InBandDetectorSpeechFrame() => _inBand.Process(_pcm);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IvrService.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
