using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace IvrService.Testing.Internal;

/// <summary>
/// A peer program started in its own session (through setsid(1), so its pid is its process
/// group id), with stdin closed, stdout/stderr captured (the last 256 KiB of each), and killed
/// with its whole process group on dispose or when the test process exits.
/// </summary>
internal sealed partial class PeerProcess : IAsyncDisposable
{
    private const int SigInt = 2;
    private const int SigKill = 9;
    private const int CaptureLimit = 256 * 1024;

    private static readonly ConcurrentDictionary<PeerProcess, byte> Live = new();

    private readonly Process _process;
    private readonly bool _ownGroup;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private int _disposed;

    static PeerProcess()
    {
        // Last line of defence: a test process that ends (or crashes through managed code)
        // takes its peers with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var peer in Live.Keys)
            {
                peer.Kill();
            }
        };
    }

    private PeerProcess(Process process, bool ownGroup, string commandLine)
    {
        _process = process;
        _ownGroup = ownGroup;
        CommandLine = commandLine;
    }

    public int Id => _process.Id;

    public string CommandLine { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static string? FindOnPath(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static PeerProcess Start(string executable, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var setsid = OperatingSystem.IsWindows() ? null : FindOnPath("setsid");
        var info = new ProcessStartInfo(setsid ?? executable)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (setsid is not null)
        {
            info.ArgumentList.Add(executable);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var commandLine = executable + " " + string.Join(' ', arguments.Select(Quote));
        var peer = new PeerProcess(process, setsid is not null, commandLine);
        process.OutputDataReceived += (_, e) => Append(peer._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(peer._stderr, e.Data);
        process.Start();
        Live.TryAdd(peer, 0);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return peer;
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGINT to the process group (or the process when it has none of its own); a no-op once it has exited.</summary>
    public void Interrupt()
    {
        if (!_process.HasExited && !OperatingSystem.IsWindows())
        {
            _ = SendSignal(_ownGroup ? -_process.Id : _process.Id, SigInt);
        }
    }

    /// <summary>Kills the process group (and, as a fallback, the process tree). Idempotent.</summary>
    public void Kill()
    {
        try
        {
            if (_process.HasExited)
            {
                return;
            }

            if (_ownGroup && !OperatingSystem.IsWindows())
            {
                _ = SendSignal(-_process.Id, SigKill);
            }

            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Same race, reported by the OS.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Kill();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Unkillable within 10 s (D state); nothing more to do from here.
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        Live.TryRemove(this, out _);
        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.Append(line).Append('\n');
            if (buffer.Length > CaptureLimit)
            {
                buffer.Remove(0, buffer.Length - CaptureLimit);
            }
        }
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? argument : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
