using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IvrService.Storage.Internal;
using IvrService.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace IvrService.Storage.Tests;

public sealed class EmbeddedPostgresClusterTests
{
    private static readonly TimeSpan ServerTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task StartAsync_CreatesAndStartsCluster_WhenDirectoryIsEmpty()
    {
        // Arrange
        await using var directory = TestDataDirectory.Create();
        var cluster = NewCluster(directory);

        // Act
        await cluster.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        var connectionString = await cluster.EnsureDatabaseAsync("ivr", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal("127.0.0.1", await ShowAsync(connectionString, "listen_addresses"));
        Assert.Equal("UTF8", await ShowAsync(connectionString, "server_encoding"));
        Assert.Equal("C", await Sql.ScalarAsync<string>(
            connectionString, "SELECT datcollate FROM pg_database WHERE datname = current_database()").WaitAsync(TestTimeouts.Default));
        Assert.Equal(cluster.ClusterDirectory, await ShowAsync(connectionString, "unix_socket_directories"));
        Assert.Equal("scram-sha-256", await ShowAsync(connectionString, "password_encryption"));
        Assert.True(File.Exists(Path.Combine(cluster.ClusterDirectory, $".s.PGSQL.{cluster.Port}")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cluster.PasswordFile));
        }
    }

    [Fact]
    public async Task StartAsync_RequiresPassword_WhenClientConnectsOverTcp()
    {
        // Arrange
        await using var directory = TestDataDirectory.Create();
        var cluster = NewCluster(directory);
        await cluster.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var wrong = new NpgsqlConnectionStringBuilder(cluster.GetConnectionString("postgres")) { Password = "guess" };

        // Act
        var error = await Assert.ThrowsAsync<PostgresException>(
            () => Sql.ScalarAsync<int>(wrong.ConnectionString, "SELECT 1").WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    [Fact]
    public async Task StopAsync_StopsServer_WhenRunning()
    {
        // Arrange
        await using var directory = TestDataDirectory.Create();
        var cluster = NewCluster(directory);
        await cluster.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var connectionString = cluster.GetConnectionString("postgres");

        // Act
        await cluster.StopAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Null(cluster.ReadPostmasterPid());
        await Assert.ThrowsAsync<NpgsqlException>(
            () => Sql.ScalarAsync<int>(connectionString, "SELECT 1").WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task StopAsync_DoesNothing_WhenServerIsNotRunning()
    {
        await using var directory = TestDataDirectory.Create();
        var cluster = NewCluster(directory);

        await cluster.StopAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);

        Assert.Null(cluster.ReadPostmasterPid());
    }

    [Fact]
    public async Task StartAsync_KeepsDataAndPort_WhenClusterStartsAgain()
    {
        // Arrange
        await using var directory = TestDataDirectory.Create();
        var first = NewCluster(directory);
        await first.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var port = first.Port;
        await WriteMarkerAsync(first, "kept").WaitAsync(TestTimeouts.Default);
        await first.StopAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var second = NewCluster(directory);

        // Act
        await second.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(port, second.Port);
        Assert.Equal("kept", await ReadMarkerAsync(second).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task StartAsync_UsesRunningServer_WhenAlreadyStarted()
    {
        // Arrange: the service died, its detached server kept running.
        await using var directory = TestDataDirectory.Create();
        var first = NewCluster(directory);
        await first.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var pid = first.ReadPostmasterPid();
        var second = NewCluster(directory);

        // Act
        await second.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(first.Port, second.Port);
        Assert.Equal(pid, second.ReadPostmasterPid());
        Assert.Equal(1, await Sql.ScalarAsync<int>(second.GetConnectionString("postgres"), "SELECT 1").WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task StartAsync_Recovers_WhenPostmasterWasKilled()
    {
        // Arrange
        await using var directory = TestDataDirectory.Create();
        var first = NewCluster(directory);
        await first.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await WriteMarkerAsync(first, "before the crash").WaitAsync(TestTimeouts.Default);
        var pid = first.ReadPostmasterPid()!.Value;
        using (var postmaster = Process.GetProcessById(pid))
        {
            postmaster.Kill(); // SIGKILL: postmaster.pid and the children are left behind.
            await postmaster.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        }

        Assert.Equal(pid, first.ReadPostmasterPid());
        var second = NewCluster(directory);

        // Act
        await second.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.NotEqual(pid, second.ReadPostmasterPid());
        Assert.Equal("before the crash", await ReadMarkerAsync(second).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task StartAsync_Starts_WhenStalePidFileNamesAnotherLiveProcess()
    {
        // Arrange: after a crash and a reboot, postmaster.pid may name a process id some other program now has.
        await using var directory = TestDataDirectory.Create();
        var first = NewCluster(directory);
        await first.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var pidFile = Path.Combine(first.PgData, "postmaster.pid");
        var contents = await File.ReadAllLinesAsync(pidFile).WaitAsync(TestTimeouts.Default);
        await first.StopAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        contents[0] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await File.WriteAllLinesAsync(pidFile, contents).WaitAsync(TestTimeouts.Default);
        var second = NewCluster(directory);

        // Act
        await second.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.NotEqual(Environment.ProcessId, second.ReadPostmasterPid());
        Assert.Equal(1, await Sql.ScalarAsync<int>(second.GetConnectionString("postgres"), "SELECT 1").WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task StartAsync_MovesToFreePort_WhenSavedPortIsTaken()
    {
        // Arrange
        await using var directory = TestDataDirectory.Create();
        var first = NewCluster(directory);
        await first.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var savedPort = first.Port;
        await first.StopAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, savedPort));
        squatter.Listen();
        var second = NewCluster(directory);

        // Act
        await second.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.NotEqual(savedPort, second.Port);
        var settings = await File.ReadAllTextAsync(Path.Combine(second.PgData, "ivrservice.conf")).WaitAsync(TestTimeouts.Default);
        Assert.Contains($"port = {second.Port}", settings, StringComparison.Ordinal);
        Assert.Equal(1, await Sql.ScalarAsync<int>(second.GetConnectionString("postgres"), "SELECT 1").WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task StartAsync_ThrowsWithServerLog_WhenConfiguredPortIsTaken()
    {
        // Arrange
        await using var directory = TestDataDirectory.Create();
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        squatter.Listen();
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port;
        var cluster = NewCluster(directory, port);

        // Act
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => cluster.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Contains("Storage:EmbeddedPort", error.Message, StringComparison.Ordinal);
        Assert.Contains("server.log", error.Message, StringComparison.Ordinal);
        Assert.Contains("could not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ThrowsNamingDataDirectory_WhenPostgresUserCannotTraversePath()
    {
        var launcher = new ProcessLauncher();
        if (!launcher.RunsToolsAsClusterUser || OperatingSystem.IsWindows())
        {
            // Only a root process hands the cluster to the postgres user; nothing to check otherwise.
            return;
        }

        // Arrange: a root-only directory above the data directory.
        await using var directory = TestDataDirectory.Create();
        var locked = Path.Combine(directory.Path, "locked");
        Directory.CreateDirectory(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var cluster = new EmbeddedPostgresCluster(
            new EmbeddedClusterSettings(Path.Combine(locked, "ivr"), PostgresBinaries.Resolve(null), 0, ServerTimeout, Durable: false),
            launcher,
            TimeProvider.System,
            NullLogger.Instance);

        // Act
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => cluster.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Contains("Storage:DataDirectory", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{locked}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_Throws_WhenCancelled()
    {
        await using var directory = TestDataDirectory.Create();
        var cluster = NewCluster(directory);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => cluster.StartAsync(cancelled.Token).WaitAsync(TestTimeouts.Default));
    }

    private static EmbeddedPostgresCluster NewCluster(TestDataDirectory directory, int port = 0)
        => new(
            new EmbeddedClusterSettings(directory.Path, PostgresBinaries.Resolve(null), port, ServerTimeout, Durable: false),
            new ProcessLauncher(),
            TimeProvider.System,
            NullLogger.Instance);

    private static Task<string?> ShowAsync(string connectionString, string setting)
        => Sql.ScalarAsync<string>(connectionString, "SELECT current_setting($1)", setting).WaitAsync(TestTimeouts.Default);

    private static async Task WriteMarkerAsync(EmbeddedPostgresCluster cluster, string text)
    {
        var connectionString = await cluster.EnsureDatabaseAsync("ivr", CancellationToken.None);
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE marker (text text NOT NULL)");
        await Sql.ExecuteAsync(connectionString, "INSERT INTO marker VALUES ($1)", text);
    }

    private static async Task<string?> ReadMarkerAsync(EmbeddedPostgresCluster cluster)
    {
        var connectionString = await cluster.EnsureDatabaseAsync("ivr", CancellationToken.None);
        return await Sql.ScalarAsync<string>(connectionString, "SELECT text FROM marker");
    }
}
