using System.Diagnostics;
using System.Text;

namespace IvrService.Storage.Internal;

/// <summary>The outcome of a finished process.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Stderr, or stdout when stderr is empty: what to show when the process failed.</summary>
    public string Diagnostics => string.IsNullOrWhiteSpace(StandardError) ? StandardOutput.Trim() : StandardError.Trim();
}

/// <summary>
/// Runs PostgreSQL's tools. <c>initdb</c> and <c>postgres</c> refuse to run as root, so when this process is
/// root on Linux the tools run as the <c>postgres</c> system user through <c>runuser</c>; otherwise directly.
/// The product's embedded cluster and the tests' fixture both use this launcher.
/// </summary>
internal sealed class ProcessLauncher
{
    public const string ClusterUserName = "postgres";

    public ProcessLauncher()
        : this(OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess)
    {
    }

    public ProcessLauncher(bool runToolsAsClusterUser)
    {
        RunsToolsAsClusterUser = runToolsAsClusterUser;
    }

    /// <summary>True when PostgreSQL's tools run as <see cref="ClusterUserName"/> rather than as this process's user.</summary>
    public bool RunsToolsAsClusterUser { get; }

    /// <summary>Runs a program as the cluster user: directly unless this process is root on Linux.</summary>
    public Task<ProcessResult> RunAsClusterUserAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        => RunsToolsAsClusterUser
            ? RunAsync("runuser", ["-u", ClusterUserName, "--", executable, .. arguments], cancellationToken)
            : RunAsync(executable, arguments, cancellationToken);

    /// <summary>Runs a process as this process's user, capturing its output; the process is killed on cancellation.</summary>
    public async Task<ProcessResult> RunAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            // The cluster user may not be able to enter this process's working directory (e.g. /root).
            WorkingDirectory = Path.GetPathRoot(Path.GetTempPath()) ?? "/",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // PostgreSQL's tools print localised messages; keep them parseable and readable in logs.
        startInfo.Environment["LC_MESSAGES"] = "C";
        startInfo.Environment.Remove("PGDATA");
        startInfo.Environment.Remove("PGPORT");

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start '{executable}': {ex.Message}", ex);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }

            throw;
        }

        return new ProcessResult(
            process.ExitCode,
            await stdout.ConfigureAwait(false),
            await stderr.ConfigureAwait(false));
    }
}
