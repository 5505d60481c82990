using System.Diagnostics;
using IvrService.Storage.Internal;
using IvrService.Testing;

namespace IvrService.Storage.Tests;

public sealed class ProcessLauncherTests
{
    [Fact]
    public async Task RunAsync_CapturesOutputAndExitCode_WhenProcessFails()
    {
        var launcher = new ProcessLauncher();

        var result = await launcher.RunAsync("sh", ["-c", "echo out; echo err >&2; exit 3"], CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out\n", result.StandardOutput);
        Assert.Equal("err", result.Diagnostics);
    }

    [Fact]
    public async Task RunAsync_KillsProcess_WhenCancelled()
    {
        // Arrange
        var launcher = new ProcessLauncher();
        var marker = $"ivr-launcher-{Guid.NewGuid():N}";
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        // Act
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => launcher.RunAsync("sh", ["-c", $"sleep 30; echo {marker}"], cancellation.Token).WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"cancellation took {watch.Elapsed}");
        if (OperatingSystem.IsLinux())
        {
            Assert.DoesNotContain(RunningCommandLines(), line => line.Contains(marker, StringComparison.Ordinal));
        }
    }

    private static List<string> RunningCommandLines()
    {
        var lines = new List<string>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(entry), out _) &&
                    !File.ReadAllText(Path.Combine(entry, "stat")).Contains(") Z", StringComparison.Ordinal))
                {
                    lines.Add(File.ReadAllText(Path.Combine(entry, "cmdline")));
                }
            }
            catch (IOException)
            {
                // Exited meanwhile.
            }
        }

        return lines;
    }

    [Fact]
    public async Task RunAsClusterUserAsync_RunsAsPostgres_WhenProcessIsRoot()
    {
        var launcher = new ProcessLauncher();

        var result = await launcher.RunAsClusterUserAsync("id", ["-un"], CancellationToken.None).WaitAsync(TestTimeouts.Default);

        Assert.True(result.Succeeded, result.Diagnostics);
        var expected = launcher.RunsToolsAsClusterUser ? ProcessLauncher.ClusterUserName : Environment.UserName;
        Assert.Equal(expected, result.StandardOutput.Trim());
    }

    [Fact]
    public async Task RunAsync_ThrowsNamingProgram_WhenExecutableIsMissing()
    {
        var launcher = new ProcessLauncher();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => launcher.RunAsync("/nonexistent/initdb", [], CancellationToken.None).WaitAsync(TestTimeouts.Default));

        Assert.Contains("/nonexistent/initdb", error.Message, StringComparison.Ordinal);
    }
}
