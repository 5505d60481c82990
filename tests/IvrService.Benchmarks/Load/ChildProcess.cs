using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace IvrService.Benchmarks.Load;

/// <summary>
/// A process the benchmark starts (the product, dumpcap), its stdout and stderr copied to a file as they
/// come, stopped with a signal so it can finish cleanly, and killed if it does not.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();
    private readonly StringBuilder _stderrTail = new();

    private ChildProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string StandardErrorTail
    {
        get
        {
            lock (_gate)
            {
                return _stderrTail.ToString();
            }
        }
    }

    public static ChildProcess Start(string executable, IEnumerable<string> arguments, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = false };
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process, log);
        process.OutputDataReceived += (_, e) => child.Append(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data, isError: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return child;
    }

    /// <summary>SIGINT (dumpcap writes its statistics and closes the file on it).</summary>
    public void Interrupt() => Signal(SigInt);

    /// <summary>SIGTERM (the .NET host stops gracefully on it).</summary>
    public void Terminate() => Signal(SigTerm);

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Terminate();
            if (!await WaitForExitAsync(TimeSpan.FromSeconds(30)))
            {
                _process.Kill(entireProcessTree: true);
                await WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
        }

        // Let the last output events drain.
        _process.WaitForExit();
        lock (_gate)
        {
            _log.Flush();
            _log.Dispose();
        }

        _process.Dispose();
    }

    private void Signal(int signal)
    {
        if (!_process.HasExited)
        {
            _ = SendSignal(_process.Id, signal);
        }
    }

    private void Append(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_log.BaseStream.CanWrite)
            {
                _log.WriteLine(line);
            }

            if (isError)
            {
                _stderrTail.Append(line).Append('\n');
                if (_stderrTail.Length > 16384)
                {
                    _stderrTail.Remove(0, _stderrTail.Length - 16384);
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
