using IvrService.Storage.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace IvrService.Testing;

/// <summary>
/// A fresh directory under /tmp that the postgres system user can traverse, for use as
/// <c>Storage:DataDirectory</c>. Disposing stops any cluster inside it, ends leftover server
/// processes and deletes the directory.
/// </summary>
public sealed class TestDataDirectory : IAsyncDisposable
{
    private TestDataDirectory(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static TestDataDirectory Create(string prefix = "ivr-test")
    {
        // Not Path.GetTempPath(): TMPDIR may point where the postgres user cannot go.
        var root = OperatingSystem.IsWindows() ? System.IO.Path.GetTempPath() : "/tmp";
        var path = System.IO.Path.Combine(root, $"{prefix}-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return new TestDataDirectory(path);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopClusterAsync().ConfigureAwait(false);
        }
        finally
        {
            DeleteDirectory();
        }
    }

    private async Task StopClusterAsync()
    {
        var cluster = new EmbeddedPostgresCluster(
            new EmbeddedClusterSettings(Path, PostgresBinaries.Resolve(null), 0, TimeSpan.FromSeconds(30)),
            new ProcessLauncher(),
            TimeProvider.System,
            NullLogger.Instance);
        if (!Directory.Exists(cluster.PgData))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await cluster.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Fall through to killing whatever is left.
        }

        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var pid in ClusterProcesses.FindUsing(cluster.PgData))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    private void DeleteDirectory()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(Path))
                {
                    Directory.Delete(Path, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 5)
            {
                // A server process may still be closing files.
                Thread.Sleep(200);
            }
        }
    }
}
