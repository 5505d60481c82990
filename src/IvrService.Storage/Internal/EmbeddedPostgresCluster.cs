using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IvrService.Storage.Internal;

/// <summary>What an embedded cluster needs to know.</summary>
/// <param name="DataDirectory">The <c>Storage:DataDirectory</c>; the cluster lives in its <c>postgres</c> subdirectory.</param>
/// <param name="BinDirectory">Directory holding initdb and pg_ctl.</param>
/// <param name="Port">A fixed loopback port, or 0 to pick one and keep it.</param>
/// <param name="Timeout">How long pg_ctl may wait for start and stop.</param>
/// <param name="Durable">
/// False only for throw-away test clusters: no fsync, so they start and run faster; data still survives a
/// killed server process, but not a machine crash.
/// </param>
internal sealed record EmbeddedClusterSettings(
    string DataDirectory,
    string BinDirectory,
    int Port,
    TimeSpan Timeout,
    bool Durable = true);

/// <summary>
/// A PostgreSQL cluster owned by the product: created with initdb on first start, started and stopped
/// with pg_ctl, listening only on 127.0.0.1 (and a unix socket inside its directory), with a generated
/// superuser password kept in a 0600 file. Layout under <c>Storage:DataDirectory</c>:
/// <c>postgres/data</c> (PGDATA), <c>postgres/superuser.password</c>, <c>postgres/server.log</c>.
/// </summary>
internal sealed partial class EmbeddedPostgresCluster
{
    public const string SuperuserName = "postgres";

    private const string SettingsFileName = "ivrservice.conf";
    private const long MaxServerLogBytes = 10 * 1024 * 1024;
    private const int MaxUnixSocketPathLength = 100;
    private const int PortAttempts = 3;

    private readonly EmbeddedClusterSettings _settings;
    private readonly ProcessLauncher _launcher;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private string? _password;

    public EmbeddedPostgresCluster(
        EmbeddedClusterSettings settings, ProcessLauncher launcher, TimeProvider timeProvider, ILogger logger)
    {
        _settings = settings;
        _launcher = launcher;
        _timeProvider = timeProvider;
        _logger = logger;
        ClusterDirectory = Path.Combine(Path.GetFullPath(settings.DataDirectory), "postgres");
        PgData = Path.Combine(ClusterDirectory, "data");
        PasswordFile = Path.Combine(ClusterDirectory, "superuser.password");
        ServerLogFile = Path.Combine(ClusterDirectory, "server.log");
    }

    /// <summary>The directory owned by the cluster user: PGDATA, password file, server log and unix socket.</summary>
    public string ClusterDirectory { get; }

    public string PgData { get; }

    public string PasswordFile { get; }

    public string ServerLogFile { get; }

    /// <summary>The port the running server listens on; 0 before start.</summary>
    public int Port { get; private set; }

    private string SettingsFile => Path.Combine(PgData, SettingsFileName);

    private string PidFile => Path.Combine(PgData, "postmaster.pid");

    /// <summary>Creates the cluster if needed and starts it, or adopts a server already running on it.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        PrepareDirectories();
        await EnsureClusterUserCanUseDirectoryAsync(cancellationToken).ConfigureAwait(false);

        if (!File.Exists(Path.Combine(PgData, "PG_VERSION")))
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        _password = (await File.ReadAllTextAsync(PasswordFile, cancellationToken).ConfigureAwait(false)).Trim();

        var runningPort = await FindRunningServerPortAsync(cancellationToken).ConfigureAwait(false);
        if (runningPort is { } port)
        {
            Port = port;
            Log.ClusterAlreadyRunning(_logger, PgData, port);
            return;
        }

        await StartServerAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server with <c>pg_ctl stop -m fast</c>; nothing happens when it is not running.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(PidFile))
        {
            return;
        }

        Log.ClusterStopping(_logger, PgData);
        var result = await _launcher.RunAsClusterUserAsync(
            PostgresBinaries.PgCtl(_settings.BinDirectory),
            ["stop", "-D", PgData, "-m", "fast", "-w", "-t", TimeoutSeconds(), "-s"],
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && File.Exists(PidFile))
        {
            throw new InvalidOperationException(
                $"pg_ctl stop failed for {PgData} (exit {result.ExitCode}): {result.Diagnostics}");
        }

        Log.ClusterStopped(_logger, PgData);
    }

    /// <summary>A connection string for the superuser to <paramref name="database"/> over 127.0.0.1.</summary>
    public string GetConnectionString(string database)
    {
        if (Port == 0 || _password is null)
        {
            throw new InvalidOperationException("The embedded cluster has not been started.");
        }

        return new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = Port,
            Username = SuperuserName,
            Password = _password,
            Database = database,

            // Short writes queue for a free connection rather than exhausting the server at 1,000+ calls.
            MaxPoolSize = EmbeddedPoolSize,
        }.ConnectionString;
    }

    /// <summary>Creates <paramref name="database"/> unless it exists; returns its connection string.</summary>
    /// <summary>Connections the product keeps to its embedded cluster at most (well under max_connections).</summary>
    public const int EmbeddedPoolSize = 50;

    public async Task<string> EnsureDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        if (!StorageOptionsValidator.IsValidDatabaseName(database))
        {
            throw new ArgumentException($"'{database}' is not a valid database name.", nameof(database));
        }

        // A one-off connection: a pooled one could outlive this server and break after a restart.
        var admin = new NpgsqlConnectionStringBuilder(GetConnectionString("postgres")) { Pooling = false };
        var connection = new NpgsqlConnection(admin.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new() { Value = database } },
            };
            await using (exists.ConfigureAwait(false))
            {
                if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    // The name was validated as a plain identifier, so quoting it is enough.
                    var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
                    await using (create.ConfigureAwait(false))
                    {
                        try
                        {
                            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                            Log.DatabaseCreated(_logger, database);
                        }
                        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
                        {
                            // Another instance created it meanwhile.
                        }
                    }
                }
            }
        }

        return GetConnectionString(database);
    }

    /// <summary>The postmaster's process id from postmaster.pid, or null when the file is absent.</summary>
    public int? ReadPostmasterPid() => ReadPidFileLine(0);

    private void PrepareDirectories()
    {
        CreateDirectory(Path.GetFullPath(_settings.DataDirectory), UnixFileMode.UserRead | UnixFileMode.UserWrite |
            UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
            UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        CreateDirectory(ClusterDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void CreateDirectory(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, mode);
        }
    }

    private async Task EnsureClusterUserCanUseDirectoryAsync(CancellationToken cancellationToken)
    {
        if (!_launcher.RunsToolsAsClusterUser)
        {
            return;
        }

        var user = await _launcher.RunAsync("id", ["-u", ProcessLauncher.ClusterUserName], cancellationToken)
            .ConfigureAwait(false);
        if (!user.Succeeded)
        {
            throw new InvalidOperationException(
                $"Running as root, PostgreSQL must run as the '{ProcessLauncher.ClusterUserName}' system user, " +
                "which does not exist. Create it (Debian: install postgresql), run the service as another user, " +
                $"or point {StorageOptions.ConnectionStringKey} at a server.");
        }

        await ChownToClusterUserAsync(ClusterDirectory, recursive: true, cancellationToken).ConfigureAwait(false);

        var access = await _launcher.RunAsClusterUserAsync(
            "test", ["-r", ClusterDirectory, "-a", "-w", ClusterDirectory, "-a", "-x", ClusterDirectory],
            cancellationToken).ConfigureAwait(false);
        if (access.Succeeded)
        {
            return;
        }

        var blocking = ClusterDirectory;
        for (var directory = Path.GetDirectoryName(ClusterDirectory); directory is not null;
             directory = Path.GetDirectoryName(directory))
        {
            var search = await _launcher.RunAsClusterUserAsync("test", ["-x", directory], cancellationToken)
                .ConfigureAwait(false);
            if (!search.Succeeded)
            {
                blocking = directory;
            }
        }

        throw new InvalidOperationException(
            $"Storage:DataDirectory is '{_settings.DataDirectory}', but the '{ProcessLauncher.ClusterUserName}' " +
            $"system user that runs PostgreSQL cannot enter '{blocking}'. Choose a directory whose parents it can " +
            "traverse (for example /var/lib/ivrservice) or grant it search permission (chmod o+x).");
    }

    private async Task ChownToClusterUserAsync(string path, bool recursive, CancellationToken cancellationToken)
    {
        if (!_launcher.RunsToolsAsClusterUser)
        {
            return;
        }

        var owner = ProcessLauncher.ClusterUserName + ":";
        string[] arguments = recursive ? ["-R", owner, path] : [owner, path];
        var result = await _launcher.RunAsync("chown", arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not give '{path}' to the '{ProcessLauncher.ClusterUserName}' user: {result.Diagnostics}");
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Log.ClusterInitializing(_logger, PgData);
        if (Directory.Exists(PgData))
        {
            // PG_VERSION is missing, so an earlier initdb was interrupted: its leftovers would block this one.
            Directory.Delete(PgData, recursive: true);
        }

        if (!File.Exists(PasswordFile))
        {
            var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            await WritePrivateFileAsync(PasswordFile, password + "\n", cancellationToken).ConfigureAwait(false);
            await ChownToClusterUserAsync(PasswordFile, recursive: false, cancellationToken).ConfigureAwait(false);
        }

        List<string> arguments =
        [
            "-D", PgData,
            "--username=" + SuperuserName,
            "--pwfile=" + PasswordFile,
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
        ];
        if (!_settings.Durable)
        {
            arguments.Add("--no-sync");
        }

        var result = await _launcher.RunAsClusterUserAsync(
            PostgresBinaries.InitDb(_settings.BinDirectory), arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"initdb failed for {PgData} (exit {result.ExitCode}): {result.Diagnostics}");
        }

        // The product's settings live in their own file, rewritten at each start.
        await File.AppendAllTextAsync(
            Path.Combine(PgData, "postgresql.conf"),
            $"\n# Settings managed by IvrService (Storage:*), rewritten at each start.\ninclude_if_exists = '{SettingsFileName}'\n",
            cancellationToken).ConfigureAwait(false);
        Log.ClusterInitialized(_logger, PgData);
    }

    private async Task<int?> FindRunningServerPortAsync(CancellationToken cancellationToken)
    {
        var pid = ReadPostmasterPid();
        if (!OperatingSystem.IsLinux())
        {
            var status = await _launcher.RunAsClusterUserAsync(
                PostgresBinaries.PgCtl(_settings.BinDirectory), ["status", "-D", PgData], cancellationToken)
                .ConfigureAwait(false);
            return status.Succeeded ? ReadPidFileLine(3) : null;
        }

        var users = ClusterProcesses.FindUsing(PgData);
        if (pid is { } postmaster && users.Contains(postmaster))
        {
            return ReadPidFileLine(3);
        }

        if (pid is null && users.Count == 0)
        {
            return null;
        }

        // A crash leftover: the postmaster is gone (killed) but its children may still be finishing, and
        // postmaster.pid may name a process id that another program now has.
        await WaitForLeftoversAsync(users, cancellationToken).ConfigureAwait(false);
        if (File.Exists(PidFile))
        {
            File.Delete(PidFile);
            Log.StalePidFileRemoved(_logger, PidFile, pid ?? 0);
        }

        return null;
    }

    private async Task WaitForLeftoversAsync(IReadOnlyCollection<int> users, CancellationToken cancellationToken)
    {
        if (users.Count == 0)
        {
            return;
        }

        Log.WaitingForLeftoverProcesses(_logger, PgData, string.Join(' ', users));
        var deadline = _timeProvider.GetTimestamp() + (long)(_settings.Timeout.TotalSeconds * _timeProvider.TimestampFrequency);
        while (users.Count > 0)
        {
            if (_timeProvider.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException(
                    $"Processes {string.Join(' ', users)} still use {PgData} although its postmaster is gone; " +
                    "stop them before starting IvrService.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), _timeProvider, cancellationToken).ConfigureAwait(false);
            users = ClusterProcesses.FindUsing(PgData);
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var port = await ChoosePortAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            await WriteSettingsAsync(port, cancellationToken).ConfigureAwait(false);
            RotateServerLog();
            Log.ClusterStarting(_logger, PgData, port);
            var result = await _launcher.RunAsClusterUserAsync(
                PostgresBinaries.PgCtl(_settings.BinDirectory),
                ["start", "-D", PgData, "-l", ServerLogFile, "-w", "-t", TimeoutSeconds(), "-s"],
                cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                Port = port;
                Log.ClusterStarted(_logger, PgData, port);
                return;
            }

            var logTail = ReadServerLogTail();
            var portTaken = logTail.Contains("Address already in use", StringComparison.Ordinal);
            if (portTaken && _settings.Port == 0 && attempt < PortAttempts)
            {
                // Another program took the port between the check and the bind.
                Log.PortTakenRetrying(_logger, port);
                port = FreeLoopbackPort();
                continue;
            }

            var hint = portTaken && _settings.Port != 0
                ? $" Port {port} is in use: change Storage:EmbeddedPort or set it to 0 to pick a free one."
                : string.Empty;
            throw new InvalidOperationException(
                $"PostgreSQL did not start in {PgData} (pg_ctl exit {result.ExitCode}: {result.Diagnostics}).{hint}" +
                $"\nLast lines of {ServerLogFile}:\n{logTail}");
        }
    }

    private async Task<int> ChoosePortAsync(CancellationToken cancellationToken)
    {
        if (_settings.Port != 0)
        {
            return _settings.Port;
        }

        var saved = await ReadSavedPortAsync(cancellationToken).ConfigureAwait(false);
        if (saved is { } port && IsLoopbackPortFree(port))
        {
            return port;
        }

        var fresh = FreeLoopbackPort();
        if (saved is { } taken)
        {
            Log.PortReplaced(_logger, taken, fresh);
        }

        return fresh;
    }

    private async Task<int?> ReadSavedPortAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(SettingsFile))
        {
            return null;
        }

        var text = await File.ReadAllTextAsync(SettingsFile, cancellationToken).ConfigureAwait(false);
        var match = PortSetting().Match(text);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : null;
    }

    private async Task WriteSettingsAsync(int port, CancellationToken cancellationToken)
    {
        var socketDirectory = ClusterDirectory;
        if (socketDirectory.Length + $"/.s.PGSQL.{port}.lock".Length > MaxUnixSocketPathLength || OperatingSystem.IsWindows())
        {
            if (!OperatingSystem.IsWindows())
            {
                Log.UnixSocketDisabled(_logger, socketDirectory);
            }

            socketDirectory = string.Empty;
        }

        var text = new StringBuilder()
            .AppendLine("# Written by IvrService at each start from Storage:* settings; edits here are lost.")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {port}")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{QuoteSetting(socketDirectory)}'")
            .AppendLine("unix_socket_permissions = 0700")
            // Room for the product's pool (EmbeddedPoolSize), a second instance or the CLI, and an admin.
            .AppendLine("max_connections = 200");
        if (!_settings.Durable)
        {
            // Survives a killed server (the kernel still holds the writes), not a lost machine.
            text.AppendLine("fsync = off")
                .AppendLine("full_page_writes = off");
        }

        await WritePrivateFileAsync(SettingsFile, text.ToString(), cancellationToken).ConfigureAwait(false);
        await ChownToClusterUserAsync(SettingsFile, recursive: false, cancellationToken).ConfigureAwait(false);
    }

    private void RotateServerLog()
    {
        var log = new FileInfo(ServerLogFile);
        if (log.Exists && log.Length > MaxServerLogBytes)
        {
            log.MoveTo(ServerLogFile + ".1", overwrite: true);
            Log.ServerLogRotated(_logger, ServerLogFile);
        }
    }

    private string ReadServerLogTail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(ServerLogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            const int TailBytes = 16 * 1024;
            if (stream.Length > TailBytes)
            {
                stream.Seek(-TailBytes, SeekOrigin.End);
            }

            using var reader = new StreamReader(stream, Encoding.UTF8);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', all[Math.Max(0, all.Length - lines)..]);
        }
        catch (IOException ex)
        {
            return $"(server log unreadable: {ex.Message})";
        }
        catch (UnauthorizedAccessException ex)
        {
            return $"(server log unreadable: {ex.Message})";
        }
    }

    private int? ReadPidFileLine(int index)
    {
        try
        {
            using var stream = new FileStream(PidFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n');
            return lines.Length > index &&
                   int.TryParse(lines[index].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static async Task WritePrivateFileAsync(string path, string contents, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(contents), cancellationToken).ConfigureAwait(false);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only to new files.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static bool IsLoopbackPortFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            if (!OperatingSystem.IsWindows())
            {
                // As PostgreSQL does: a port left in TIME_WAIT by the previous run is still usable.
                listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    private static string QuoteSetting(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    private string TimeoutSeconds()
        => Math.Max(1, (int)Math.Ceiling(_settings.Timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*port\s*=\s*(\d+)", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex PortSetting();
}
