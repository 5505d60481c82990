using System.Globalization;
using IvrService.Testing.Internal;

namespace IvrService.Testing;

/// <summary>
/// One running SIPp process (<c>sipp</c> from PATH, Debian package sip-tester), started with
/// <c>-nostdin</c>, message/error/log/statistics traces in its own temporary working directory,
/// in its own process group that is killed on dispose.
/// </summary>
public sealed class SippProcess : IAsyncDisposable, IDisposable
{
    private readonly PeerProcess _process;
    private readonly List<int> _leasedPorts;

    private SippProcess(SippOptions options, PeerProcess process, string workingDirectory, int localPort, int mediaPort, IReadOnlyList<string> arguments, List<int> leasedPorts)
    {
        Options = options;
        _process = process;
        WorkingDirectory = workingDirectory;
        LocalPort = localPort;
        MediaPort = mediaPort;
        Arguments = arguments;
        _leasedPorts = leasedPorts;
    }

    /// <summary>The options as run (scenario requirements applied).</summary>
    public SippOptions Options { get; }

    /// <summary>Process id (also its process group id).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Local SIP port (<c>-p</c>).</summary>
    public int LocalPort { get; }

    /// <summary>Local media port (<c>-mp</c>).</summary>
    public int MediaPort { get; }

    /// <summary>Local SIP address (<c>-i</c>).</summary>
    public string LocalIp => Options.LocalIp;

    /// <summary>This SIPp's SIP URI host:port, for the other side to call.</summary>
    public string LocalEndPoint => $"{Options.LocalIp}:{LocalPort}";

    /// <summary>The temporary directory SIPp runs in; removed on dispose unless <see cref="KeepFiles"/>.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Keep <see cref="WorkingDirectory"/> after dispose (for a failing test's post-mortem).</summary>
    public bool KeepFiles { get; set; } = Environment.GetEnvironmentVariable("IVR_KEEP_PEER_FILES") == "1";

    /// <summary>All arguments given to sipp.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The command line, for messages.</summary>
    public string CommandLine => _process.CommandLine;

    /// <summary>Every message sent and received (<c>-trace_msg</c>).</summary>
    public string MessageTracePath => Path.Combine(WorkingDirectory, "messages.log");

    /// <summary>Unexpected messages and call failures (<c>-trace_err</c>).</summary>
    public string ErrorTracePath => Path.Combine(WorkingDirectory, "errors.log");

    /// <summary>Output of scenario &lt;log&gt; actions (<c>-trace_logs</c>).</summary>
    public string LogPath => Path.Combine(WorkingDirectory, "actions.log");

    /// <summary>Statistics CSV (<c>-trace_stat</c>), final counters written at exit.</summary>
    public string StatisticsPath => Path.Combine(WorkingDirectory, "stats.csv");

    /// <summary>Final statistics screen (<c>-trace_screen</c>).</summary>
    public string ScreenPath => Path.Combine(WorkingDirectory, "screen.log");

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Captured stdout so far (last 256 KiB).</summary>
    public string StandardOutput => _process.StandardOutput;

    /// <summary>Captured stderr so far (last 256 KiB).</summary>
    public string StandardError => _process.StandardError;

    /// <summary>Starts sipp. Throws <see cref="PeerToolMissingException"/> when sipp is not installed.</summary>
    public static SippProcess Start(SippOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sipp = PeerProcess.FindOnPath("sipp") ?? throw PeerToolMissingException.For("sipp", "sip-tester");
        if ((options.BuiltInScenario is null) == (options.ScenarioFile is null))
        {
            throw new ArgumentException("set exactly one of BuiltInScenario and ScenarioFile", nameof(options));
        }

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.ScenarioFile is not null)
        {
            foreach (var (name, value) in SippScenarios.DefaultKeys(options.ScenarioFile))
            {
                keys[name] = value;
            }
        }

        foreach (var (name, value) in options.Keys)
        {
            keys[name] = value;
        }

        options = SippScenarios.ApplyRequirements(options, keys) with { Keys = keys };
        if (options.ScenarioFile is not null)
        {
            _ = SippScenarios.PathOf(options.ScenarioFile);
        }

        var leased = new List<int>();
        var localPort = options.LocalPort ?? Lease(leased, FreePorts.Next());
        // SIPp binds the media port and the media port + 2 (audio, video).
        var mediaPort = options.MediaPort ?? Lease(leased, FreePorts.NextEvenBlock(4), extra: 3);
        var workingDirectory = Directory.CreateTempSubdirectory("ivr-sipp-").FullName;
        var arguments = BuildArguments(options, keys, localPort, mediaPort, workingDirectory);
        try
        {
            var process = PeerProcess.Start(sipp, arguments, workingDirectory);
            return new SippProcess(options, process, workingDirectory, localPort, mediaPort, arguments, leased);
        }
        catch
        {
            FreePorts.Release([.. leased]);
            Directory.Delete(workingDirectory, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Waits until SIPp holds its SIP port (it binds before running the scenario), so a caller
    /// started next finds it. Fails early if SIPp exits first.
    /// </summary>
    public async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"sipp exited ({_process.ExitCode}) before listening on {LocalPort}:\n{StandardError}\n{ReadFile(ErrorTracePath)}");
            }

            var bound = Options.Transport == SippTransport.Tcp ? !FreePorts.IsTcpFree(LocalPort) : !FreePorts.IsUdpFree(LocalPort);
            if (bound)
            {
                return;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>
    /// Waits for SIPp to end and reads its outcome. On cancellation the process group is killed
    /// and an <see cref="OperationCanceledException"/> says what SIPp was doing.
    /// </summary>
    public async Task<SippResult> WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            var exitCode = await _process.WaitForExitAsync(cancellationToken);
            return new SippResult(
                exitCode,
                SippResult.ParseStatistics(ReadFile(StatisticsPath)),
                ReadFile(ErrorTracePath),
                StandardOutput,
                StandardError,
                CommandLine);
        }
        catch (OperationCanceledException ex)
        {
            _process.Kill();
            throw new OperationCanceledException(
                $"sipp did not finish in time and was killed: {CommandLine}\nerror trace:\n{ReadFile(ErrorTracePath)}\nlast messages:\n{Tail(ReadFile(MessageTracePath), 3000)}",
                ex,
                cancellationToken);
        }
    }

    /// <summary>The message trace so far.</summary>
    public string ReadMessageTrace() => ReadFile(MessageTracePath);

    /// <summary>The messages of the message trace so far, parsed (<see cref="SippMessageTrace"/>).</summary>
    public IReadOnlyList<SippTracedMessage> ReadMessages() => SippMessageTrace.Parse(ReadMessageTrace());

    /// <summary>The error trace so far.</summary>
    public string ReadErrorTrace() => ReadFile(ErrorTracePath);

    /// <summary>Lines written by the scenario's &lt;log&gt; actions, without SIPp's prefix.</summary>
    public IReadOnlyList<string> ReadLogLines() =>
        ReadFile(LogPath).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Kills SIPp's process group now.</summary>
    public void Kill() => _process.Kill();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        FreePorts.Release([.. _leasedPorts]);
        if (!KeepFiles)
        {
            try
            {
                Directory.Delete(WorkingDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open somewhere; the temp directory is cleaned by the OS later.
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal static List<string> BuildArguments(SippOptions options, IReadOnlyDictionary<string, string> keys, int localPort, int mediaPort, string workingDirectory)
    {
        var args = new List<string>();
        if (options.ScenarioFile is not null)
        {
            args.AddRange(["-sf", SippScenarios.PathOf(options.ScenarioFile)]);
        }
        else
        {
            args.AddRange(["-sn", options.BuiltInScenario!]);
        }

        if (options.RemoteHost is not null)
        {
            args.Add(options.RemotePort is { } port ? $"{options.RemoteHost}:{port.ToString(CultureInfo.InvariantCulture)}" : options.RemoteHost);
        }

        args.AddRange(["-i", options.LocalIp, "-p", Invariant(localPort)]);
        args.AddRange(["-t", options.Transport == SippTransport.Tcp ? "t1" : "u1"]);
        args.AddRange(["-mi", options.MediaIp ?? options.LocalIp, "-mp", Invariant(mediaPort)]);
        if (options.MaxCalls is { } maxCalls)
        {
            args.AddRange(["-m", Invariant(maxCalls)]);
        }

        if (options.CallLimit is { } limit)
        {
            args.AddRange(["-l", Invariant(limit)]);
        }

        if (options.Rate is { } rate)
        {
            args.AddRange(["-r", rate.ToString(CultureInfo.InvariantCulture)]);
        }

        if (options.RatePeriod is { } period)
        {
            args.AddRange(["-rp", Invariant((long)period.TotalMilliseconds)]);
        }

        if (options.GlobalTimeout is { } timeout)
        {
            args.AddRange(["-timeout", Invariant((long)Math.Ceiling(timeout.TotalSeconds)) + "s"]);
            if (options.GlobalTimeoutIsError)
            {
                args.Add("-timeout_error");
            }
        }

        if (options.RecvTimeout is { } recvTimeout)
        {
            args.AddRange(["-recv_timeout", Invariant((long)recvTimeout.TotalMilliseconds)]);
        }

        if (options.Service is not null)
        {
            args.AddRange(["-s", options.Service]);
        }

        if (options.AuthUser is not null)
        {
            args.AddRange(["-au", options.AuthUser]);
        }

        if (options.AuthPassword is not null)
        {
            args.AddRange(["-ap", options.AuthPassword]);
        }

        if (options.IgnoreMessagesDuringPause)
        {
            args.Add("-pause_msg_ign");
        }

        foreach (var (name, value) in keys)
        {
            args.AddRange(["-key", name, value]);
        }

        args.Add("-nostdin");
        if (options.TraceMessages)
        {
            args.AddRange(["-trace_msg", "-message_file", Path.Combine(workingDirectory, "messages.log")]);
        }

        args.AddRange(["-trace_err", "-error_file", Path.Combine(workingDirectory, "errors.log")]);
        args.AddRange(["-trace_logs", "-log_file", Path.Combine(workingDirectory, "actions.log")]);
        args.AddRange(["-trace_stat", "-stf", Path.Combine(workingDirectory, "stats.csv")]);
        args.AddRange(["-trace_screen", "-screen_file", Path.Combine(workingDirectory, "screen.log")]);
        args.AddRange(options.ExtraArguments);
        return args;
    }

    private static int Lease(List<int> leased, int port, int extra = 0)
    {
        for (var i = 0; i <= extra; i++)
        {
            leased.Add(port + i);
        }

        return port;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string ReadFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return string.Empty;
        }
        catch (DirectoryNotFoundException)
        {
            return string.Empty;
        }
    }

    private static string Tail(string text, int max) => text.Length <= max ? text : "…" + text[^max..];
}
