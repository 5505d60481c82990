using System.Diagnostics;
using System.Globalization;
using IvrService.Benchmarks.Load;
using IvrService.Testing;
using Npgsql;

namespace IvrService.Benchmarks.Common;

/// <summary>How to run the product for a benchmark: its build, where its log goes, its instance id and RTP range.</summary>
internal sealed record ProductSettings(string HostDll, string LogPath, string InstanceId, int RtpPortStart, int RtpPortEnd, string RecordingDirectory)
{
    /// <summary>More <c>--Section:Key=value</c> arguments, after the common ones.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}

/// <summary>
/// The product as the benchmarks run it: a throw-away PostgreSQL cluster, the host as a child process (so its
/// CPU and memory are its own) listening for SIP on a free loopback port, its stdout/stderr in a log file, and
/// one database connection of the benchmark's own, opened before any load (the product's pool may take every
/// other slot). Disposing stops the product (SIGTERM, then kill) and the cluster. Several instances may share the
/// first one's database: the cluster then stops with the first.
/// </summary>
internal sealed class ProductUnderTest : IAsyncDisposable
{
    private readonly PostgresFixture? _postgres;

    private ProductUnderTest(PostgresFixture? postgres, ChildProcess process, NpgsqlConnection db, int sipPort, ProductSettings settings)
    {
        _postgres = postgres;
        Process = process;
        Db = db;
        SipPort = sipPort;
        Settings = settings;
    }

    public ChildProcess Process { get; }

    public int Pid => Process.Id;

    public int SipPort { get; }

    public ProductSettings Settings { get; }

    public string InstanceId => Settings.InstanceId;

    /// <summary>The benchmark's own connection to the product's database.</summary>
    public NpgsqlConnection Db { get; }

    /// <summary>The connection string of the product's database.</summary>
    public string ConnectionString { get; private init; } = "";

    /// <param name="settings">How to run it.</param>
    /// <param name="sharedConnectionString">
    /// Another instance's database to run on (several instances sharing one database); null: a cluster of its own.
    /// </param>
    public static async Task<ProductUnderTest> StartAsync(ProductSettings settings, string? sharedConnectionString = null)
    {
        var postgres = sharedConnectionString is null ? new PostgresFixture() : null;
        ChildProcess? host = null;
        try
        {
            var connectionString = sharedConnectionString;
            if (postgres is not null)
            {
                Console.WriteLine("starting PostgreSQL ...");
                await postgres.InitializeAsync();
                connectionString = await postgres.CreateDatabaseAsync();
            }

            var sipPort = FreePorts.Next();
            string[] hostArgs =
            [
                settings.HostDll,
                $"--ConnectionStrings:Ivr={connectionString}",
                "--Sip:ListenAddress=127.0.0.1",
                Invariant($"--Sip:Port={sipPort}"),
                Invariant($"--Media:RtpPortStart={settings.RtpPortStart}"),
                Invariant($"--Media:RtpPortEnd={settings.RtpPortEnd}"),
                $"--Media:RecordingDirectory={settings.RecordingDirectory}",
                $"--Calls:InstanceId={settings.InstanceId}",
                "--Calls:ShutdownGraceSeconds=5",
                "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0",
                "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0",
                .. settings.ExtraArguments,
            ];
            Console.WriteLine($"starting the product: dotnet {string.Join(' ', hostArgs.Where(a => !a.StartsWith("--ConnectionStrings", StringComparison.Ordinal)))}");
            host = ChildProcess.Start("dotnet", hostArgs, settings.LogPath, new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production" });
            await WaitForSipAsync(host, sipPort, TimeSpan.FromSeconds(120));
            await Task.Delay(TimeSpan.FromSeconds(2));
            var db = new NpgsqlConnection(connectionString);
            await db.OpenAsync();
            return new ProductUnderTest(postgres, host, db, sipPort, settings) { ConnectionString = connectionString! };
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Calls of this instance answered and not yet ended.</summary>
    public async Task<long> OpenCallsAsync()
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM call_records WHERE instance_id = $1 AND answered_at IS NOT NULL AND ended_at IS NULL", Db);
        command.Parameters.AddWithValue(InstanceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until every call record of this instance has ended.</summary>
    public async Task WaitForCallsToEndAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM call_records WHERE instance_id = $1 AND ended_at IS NULL", Db);
            command.Parameters.AddWithValue(InstanceId);
            if ((long)(await command.ExecuteScalarAsync())! == 0)
            {
                return;
            }

            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        await Process.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    private static async Task WaitForSipAsync(ChildProcess host, int port, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (FreePorts.IsUdpFree(port))
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"the product exited ({host.ExitCode}) before listening:\n{host.StandardErrorTail}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"the product did not listen on UDP {port} within {timeout}");
            }

            await Task.Delay(100);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
