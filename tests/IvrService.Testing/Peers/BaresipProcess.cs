using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using IvrService.Testing.Internal;

namespace IvrService.Testing;

/// <summary>How to run a headless baresip.</summary>
public sealed record BaresipOptions
{
    /// <summary>User part of the local account &lt;sip:User@127.0.0.1&gt;.</summary>
    public string User { get; init; } = "test";

    /// <summary>
    /// SIP listen port on 127.0.0.1 (UDP and TCP; baresip takes the next port for TLS); null
    /// takes two from <see cref="FreePorts"/>.
    /// </summary>
    public int? SipPort { get; init; }

    /// <summary>ctrl_tcp port on 127.0.0.1; null takes one from <see cref="FreePorts"/>.</summary>
    public int? ControlPort { get; init; }

    /// <summary>
    /// WAV baresip sends (8 kHz, mono, 16-bit, loaded whole by aufile). Null generates a tone of
    /// <see cref="ToneFrequency"/> lasting <see cref="GeneratedAudioLength"/>. baresip 1.0.0 hangs
    /// the call up when the file ends, so it must outlast the call.
    /// </summary>
    public string? AudioSourceWav { get; init; }

    /// <summary>Frequency of the generated source tone (0 for silence).</summary>
    public double ToneFrequency { get; init; } = 440;

    /// <summary>Length of the generated source.</summary>
    public TimeSpan GeneratedAudioLength { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Answer incoming calls by itself (account answermode=auto).</summary>
    public bool AutoAnswer { get; init; }

    /// <summary>Dead-man switch: baresip quits by itself after this (<c>-t</c>).</summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Print SIP messages to stdout (<c>-s</c>).</summary>
    public bool SipTrace { get; init; }

    /// <summary>Appended to the generated config file.</summary>
    public IReadOnlyList<string> ExtraConfigLines { get; init; } = [];
}

/// <summary>An event baresip reported over ctrl_tcp (type CALL_ESTABLISHED, CALL_CLOSED, ...).</summary>
public sealed record BaresipEvent(string Type, string? Class, string? CallId, string? PeerUri, string? Param, string Json);

/// <summary>baresip's answer to a ctrl_tcp command.</summary>
public sealed record BaresipResponse(bool Ok, string Data);

/// <summary>
/// One headless baresip (Debian package baresip, 1.0.0 here) with a generated config
/// directory: modules g711, aufile (source), aubridge (null player), sndfile (dumps the sent and
/// received audio as WAV), account, menu (dial/hangup/accept commands), ctrl_tcp. It listens for
/// SIP on 127.0.0.1 and is driven over ctrl_tcp (netstring-framed JSON); its events can be
/// awaited. Killed with its process group on dispose.
/// </summary>
public sealed class BaresipProcess : IAsyncDisposable
{
    private readonly PeerProcess _process;
    private readonly List<int> _leasedPorts;
    private readonly Lock _gate = new();
    private readonly List<BaresipEvent> _events = [];
    private readonly List<(Func<BaresipEvent, bool> Match, TaskCompletionSource<BaresipEvent> Done)> _waiters = [];
    private readonly Dictionary<string, TaskCompletionSource<BaresipResponse>> _pending = [];
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private TcpClient? _control;
    private NetworkStream? _stream;
    private Task? _reader;
    private int _nextToken;
    private Exception? _readerFault;

    private BaresipProcess(PeerProcess process, BaresipOptions options, string directory, int sipPort, int controlPort, List<int> leasedPorts)
    {
        _process = process;
        Options = options;
        Directory = directory;
        SipPort = sipPort;
        ControlPort = controlPort;
        _leasedPorts = leasedPorts;
    }

    /// <summary>The options as run.</summary>
    public BaresipOptions Options { get; }

    /// <summary>Temporary directory holding config/, the source WAV and recordings/.</summary>
    public string Directory { get; }

    /// <summary>The config directory given with <c>-f</c>.</summary>
    public string ConfigDirectory => Path.Combine(Directory, "config");

    /// <summary>Where sndfile writes dump-*-enc.wav (sent) and dump-*-dec.wav (received).</summary>
    public string RecordingDirectory => Path.Combine(Directory, "recordings");

    /// <summary>SIP port on 127.0.0.1.</summary>
    public int SipPort { get; }

    /// <summary>ctrl_tcp port on 127.0.0.1.</summary>
    public int ControlPort { get; }

    /// <summary>The URI to call this baresip at.</summary>
    public string Uri => $"sip:{Options.User}@127.0.0.1:{SipPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Process id (also its process group id).</summary>
    public int ProcessId => _process.Id;

    /// <summary>True once baresip has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Keep <see cref="Directory"/> after dispose.</summary>
    public bool KeepFiles { get; set; } = Environment.GetEnvironmentVariable("IVR_KEEP_PEER_FILES") == "1";

    /// <summary>Captured stdout (baresip logs there).</summary>
    public string StandardOutput => _process.StandardOutput;

    /// <summary>Captured stderr.</summary>
    public string StandardError => _process.StandardError;

    /// <summary>Events received so far, oldest first.</summary>
    public IReadOnlyList<BaresipEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The newest received-audio dump (dump-*-dec.wav), or null before any call had audio.</summary>
    public string? ReceivedAudioPath => Newest("*-dec.wav");

    /// <summary>The newest sent-audio dump (dump-*-enc.wav), or null.</summary>
    public string? SentAudioPath => Newest("*-enc.wav");

    /// <summary>
    /// Writes the config, starts baresip and connects to ctrl_tcp. Throws
    /// <see cref="PeerToolMissingException"/> when baresip is not installed.
    /// </summary>
    public static async Task<BaresipProcess> StartAsync(BaresipOptions? options, CancellationToken cancellationToken)
    {
        options ??= new BaresipOptions();
        var baresip = PeerProcess.FindOnPath("baresip") ?? throw PeerToolMissingException.For("baresip", "baresip");
        var leased = new List<int>();
        // baresip also listens for SIP over TLS on the SIP port + 1.
        var sipPort = options.SipPort ?? Lease(leased, FreePorts.NextBlock(2), 2);
        var controlPort = options.ControlPort ?? Lease(leased, FreePorts.Next(), 1);
        var rtpPorts = Lease(leased, FreePorts.NextBlock(8), 8);
        var directory = System.IO.Directory.CreateTempSubdirectory("ivr-baresip-").FullName;
        var config = Path.Combine(directory, "config");
        var recordings = Path.Combine(directory, "recordings");
        System.IO.Directory.CreateDirectory(config);
        System.IO.Directory.CreateDirectory(recordings);
        var source = options.AudioSourceWav;
        if (source is null)
        {
            source = Path.Combine(directory, "source.wav");
            TestWav.WriteTone(source, 8000, options.ToneFrequency, options.GeneratedAudioLength);
        }

        await File.WriteAllTextAsync(Path.Combine(config, "config"), Config(options, sipPort, controlPort, rtpPorts, source, recordings), cancellationToken);
        var account = $"<sip:{options.User}@127.0.0.1>;regint=0" + (options.AutoAnswer ? ";answermode=auto" : string.Empty) + "\n";
        await File.WriteAllTextAsync(Path.Combine(config, "accounts"), account, cancellationToken);

        var arguments = new List<string> { "-f", config, "-t", ((long)options.MaxLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture) };
        if (options.SipTrace)
        {
            arguments.Add("-s");
        }

        var process = PeerProcess.Start(baresip, arguments, directory);
        var peer = new BaresipProcess(process, options, directory, sipPort, controlPort, leased);
        try
        {
            await peer.ConnectAsync(cancellationToken);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends a ctrl_tcp command (a menu command name such as dial, hangup, accept, quit) and awaits its response.</summary>
    public async Task<BaresipResponse> SendCommandAsync(string command, string? parameters, CancellationToken cancellationToken)
    {
        var token = "t" + Interlocked.Increment(ref _nextToken).ToString(CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource<BaresipResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pending[token] = done;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["command"] = command,
            ["params"] = parameters ?? string.Empty,
            ["token"] = token,
        });
        var frame = new byte[json.Length + 16];
        var prefix = Encoding.ASCII.GetBytes(json.Length.ToString(CultureInfo.InvariantCulture) + ":");
        prefix.CopyTo(frame, 0);
        json.CopyTo(frame, prefix.Length);
        frame[prefix.Length + json.Length] = (byte)',';
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            await _stream!.WriteAsync(frame.AsMemory(0, prefix.Length + json.Length + 1), cancellationToken);
        }
        finally
        {
            _sendGate.Release();
        }

        try
        {
            return await done.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException ex)
        {
            throw new OperationCanceledException(
                $"baresip did not answer '{command}' in time{(_readerFault is null ? string.Empty : "; control reader failed: " + _readerFault.Message)}\n{Tail(StandardOutput, 3000)}",
                ex,
                cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _pending.Remove(token);
            }
        }
    }

    /// <summary>Places a call to <paramref name="uri"/>; the response only says the command was taken.</summary>
    public Task<BaresipResponse> DialAsync(string uri, CancellationToken cancellationToken) => SendCommandAsync("dial", uri, cancellationToken);

    /// <summary>Hangs up the current call.</summary>
    public Task<BaresipResponse> HangupAsync(CancellationToken cancellationToken) => SendCommandAsync("hangup", null, cancellationToken);

    /// <summary>Answers the incoming call.</summary>
    public Task<BaresipResponse> AcceptAsync(CancellationToken cancellationToken) => SendCommandAsync("accept", null, cancellationToken);

    /// <summary>Sends DTMF digits in the current call (menu's "sndcode").</summary>
    public Task<BaresipResponse> SendDtmfAsync(string digits, CancellationToken cancellationToken) => SendCommandAsync("sndcode", digits, cancellationToken);

    /// <summary>Asks baresip to quit and waits for it to exit.</summary>
    public async Task QuitAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            try
            {
                await SendCommandAsync("quit", null, cancellationToken);
            }
            catch (IOException)
            {
                // Quit closes the control connection, sometimes before the response.
            }
            catch (ObjectDisposedException)
            {
                // Same.
            }
        }

        await _process.WaitForExitAsync(cancellationToken);
    }

    /// <summary>The first event (already received or coming) of <paramref name="type"/>, e.g. CALL_ESTABLISHED.</summary>
    public Task<BaresipEvent> WaitForEventAsync(string type, CancellationToken cancellationToken) =>
        WaitForEventAsync(e => e.Type == type, cancellationToken);

    /// <summary>The first event (already received or coming) that matches.</summary>
    public async Task<BaresipEvent> WaitForEventAsync(Func<BaresipEvent, bool> match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        var done = new TaskCompletionSource<BaresipEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (var e in _events)
            {
                if (match(e))
                {
                    return e;
                }
            }

            _waiters.Add((match, done));
        }

        try
        {
            return await done.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException ex)
        {
            throw new OperationCanceledException(
                $"baresip event not seen in time; events so far: {string.Join(", ", Events.Select(e => e.Type))}\n{Tail(StandardOutput, 3000)}",
                ex,
                cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited && _stream is not null)
        {
            try
            {
                // A clean quit lets sndfile finish its WAV headers.
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await QuitAsync(quick.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
            {
                // Killed below.
            }
        }

        await _stop.CancelAsync();
        _control?.Dispose();
        if (_reader is not null)
        {
            try
            {
                await _reader;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The reader ends with the connection.
            }
        }

        await _process.DisposeAsync();
        _stop.Dispose();
        _sendGate.Dispose();
        FreePorts.Release([.. _leasedPorts]);
        if (!KeepFiles)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }
    }

    private static string Config(BaresipOptions options, int sipPort, int controlPort, int rtpPorts, string source, string recordings)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder()
            .Append("# Generated by IvrService.Testing for one test; no device modules.\n")
            .Append("poll_method\t\tepoll\n")
            // Without it baresip offers the first interface's address (eth0) in its SDP.
            .Append("net_interface\t\t127.0.0.1\n")
            .Append(c, $"sip_listen\t\t127.0.0.1:{sipPort}\n")
            .Append("call_local_timeout\t120\n")
            .Append("call_max_calls\t\t4\n")
            .Append(c, $"audio_source\t\taufile,{source}\n")
            .Append("audio_player\t\taubridge,nil\n")
            .Append("audio_alert\t\taubridge,nil\n")
            .Append("audio_level\t\tno\n")
            .Append(c, $"rtp_ports\t\t{rtpPorts}-{rtpPorts + 7}\n")
            .Append("rtcp_mux\t\tno\n")
            .Append("module_path\t\t/usr/lib/baresip/modules\n")
            .Append("module\t\t\tg711.so\n")
            .Append("module\t\t\taufile.so\n")
            .Append("module\t\t\taubridge.so\n")
            .Append("module\t\t\tsndfile.so\n")
            .Append("module_app\t\taccount.so\n")
            .Append("module_app\t\tmenu.so\n")
            .Append("module_app\t\tctrl_tcp.so\n")
            .Append(c, $"ctrl_tcp_listen\t\t127.0.0.1:{controlPort}\n")
            .Append(c, $"snd_path\t\t{recordings}\n");
        foreach (var line in options.ExtraConfigLines)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    private static int Lease(List<int> leased, int first, int count)
    {
        for (var i = 0; i < count; i++)
        {
            leased.Add(first + i);
        }

        return first;
    }

    private static string Tail(string text, int max) => text.Length <= max ? text : "…" + text[^max..];

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"baresip exited ({_process.ExitCode}) before ctrl_tcp answered:\n{StandardOutput}\n{StandardError}");
            }

            var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", ControlPort, cancellationToken);
                _control = client;
                _stream = client.GetStream();
                _reader = Task.Run(() => ReadLoopAsync(_stream, _stop.Token), CancellationToken.None);
                return;
            }
            catch (SocketException)
            {
                client.Dispose();
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    private async Task ReadLoopAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return;
            }

            filled += read;
            var consumed = 0;
            while (TryTakeNetstring(buffer.AsSpan(consumed, filled - consumed), out var payload, out var length))
            {
                try
                {
                    Dispatch(payload);
                }
                catch (JsonException ex)
                {
                    _readerFault = ex;
                }

                consumed += length;
            }

            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
        }
    }

    private static bool TryTakeNetstring(ReadOnlySpan<byte> data, out byte[] payload, out int length)
    {
        payload = [];
        length = 0;
        var colon = data.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        var size = int.Parse(Encoding.ASCII.GetString(data[..colon]), NumberStyles.None, CultureInfo.InvariantCulture);
        if (data.Length < colon + 1 + size + 1)
        {
            return false;
        }

        payload = data.Slice(colon + 1, size).ToArray();
        length = colon + 1 + size + 1;
        return true;
    }

    private void Dispatch(byte[] payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        if (root.TryGetProperty("response", out _))
        {
            var token = Text(root, "token");
            var ok = root.TryGetProperty("ok", out var okValue) && okValue.ValueKind == JsonValueKind.True;
            lock (_gate)
            {
                if (token is not null && _pending.Remove(token, out var done))
                {
                    done.TrySetResult(new BaresipResponse(ok, Text(root, "data") ?? string.Empty));
                }
            }

            return;
        }

        if (!root.TryGetProperty("event", out _))
        {
            return;
        }

        var e = new BaresipEvent(
            Text(root, "type") ?? string.Empty,
            Text(root, "class"),
            Text(root, "id"),
            Text(root, "peeruri"),
            Text(root, "param"),
            Encoding.UTF8.GetString(payload));
        List<TaskCompletionSource<BaresipEvent>> wake = [];
        lock (_gate)
        {
            _events.Add(e);
            foreach (var waiter in _waiters)
            {
                if (waiter.Match(e))
                {
                    wake.Add(waiter.Done);
                }
            }
        }

        foreach (var done in wake)
        {
            done.TrySetResult(e);
        }
    }

    private string? Newest(string pattern)
    {
        if (!System.IO.Directory.Exists(RecordingDirectory))
        {
            return null;
        }

        return new DirectoryInfo(RecordingDirectory).GetFiles(pattern).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()?.FullName;
    }
}
