using System.Diagnostics;
using System.Text;

namespace IvrService.Cli.Tests;

/// <summary>
/// A long-running <c>ivrctl</c> (such as <c>results follow</c>) as a process: its output lines as they come, signals
/// sent with kill(1), its exit awaited. Disposing kills it if it still runs.
/// </summary>
internal sealed class IvrctlProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _error = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    private IvrctlProcess(Process process)
    {
        _process = process;
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static IvrctlProcess Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.Environment.Remove("IVRCTL_SERVER");
        start.Environment.Remove("IVRCTL_KEY");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ivrctl.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var wrapper = new IvrctlProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (wrapper._lines)
                {
                    wrapper._lines.Add(e.Data);
                }

                wrapper._lineArrived.Release();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (wrapper._error)
                {
                    wrapper._error.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>The lines printed so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> lines were printed; fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<string>> WaitForLinesAsync(int count, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (Lines.Count < count)
        {
            try
            {
                await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200), limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"ivrctl printed {Lines.Count} of {count} lines; stderr: {Error}");
            }

            if (_process.HasExited && Lines.Count < count)
            {
                throw new InvalidOperationException($"ivrctl exited with {_process.ExitCode} after {Lines.Count} of {count} lines; stderr: {Error}");
            }
        }

        return Lines;
    }

    /// <summary>Waits until stderr holds <paramref name="text"/>.</summary>
    public async Task WaitForErrorAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!Error.Contains(text, StringComparison.Ordinal))
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"ivrctl did not write '{text}' to stderr; it wrote: {Error}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/> (TERM, INT) and waits for the exit; its exit code. A test run started as a
    /// background job has SIGINT ignored, ivrctl inherits that (the shell convention the runtime keeps), so INT is
    /// sent as TERM there: both take the same stop path in ivrctl.
    /// </summary>
    public async Task<int> StopAsync(string signal, TimeSpan timeout)
    {
        if (signal == "INT" && InterruptIgnoredHere())
        {
            signal = "TERM";
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!)
        {
            await kill.WaitForExitAsync().WaitAsync(timeout);
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    private static bool InterruptIgnoredHere()
    {
        const int interruptBit = 1 << (2 - 1);
        var ignored = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return ignored is not null
            && (Convert.ToUInt64(ignored["SigIgn:".Length..].Trim(), 16) & interruptBit) != 0;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _lineArrived.Dispose();
    }
}
