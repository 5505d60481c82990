using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using IvrService.Api.V1;
using IvrService.Benchmarks.Grpc;
using IvrService.Benchmarks.Load;
using Npgsql;

namespace IvrService.Benchmarks.Common;

/// <summary>What the gRPC benchmarks share about the product process they drive: waiting for it, its key, its CPU.</summary>
internal static class ProductProbe
{
    /// <summary>Waits until something accepts TCP connections on the loopback <paramref name="port"/>.</summary>
    public static async Task WaitForListenerAsync(int port, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var probe = new System.Net.Sockets.TcpClient();
            try
            {
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>A random admin key for one run of a benchmark.</summary>
    public static string NewAdminKey() => "ivr_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary><paramref name="settings"/> with the gRPC API on <paramref name="grpcPort"/> and <paramref name="adminKey"/> configured.</summary>
    public static ProductSettings WithApi(ProductSettings settings, int grpcPort, string adminKey) => settings with
    {
        ExtraArguments =
        [
            .. settings.ExtraArguments,
            string.Create(CultureInfo.InvariantCulture, $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}"),
            "--Api:Keys:0:Name=bench-admin",
            "--Api:Keys:0:Scope=admin",
            "--Api:Keys:0:Sha256=" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(adminKey))),
        ],
    };

    public static Metadata Bearer(string key) => new() { { "authorization", "Bearer " + key } };

    /// <summary>One channel, one HTTP/2 connection (no second connection when streams run out).</summary>
    public static GrpcChannel OpenChannel(string address) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
            DisposeHttpClient = true,
        });

    /// <summary>Makes an integrator key named <paramref name="name"/> through <c>Admin.CreateApiKey</c>; the headers that carry it.</summary>
    public static async Task<Metadata> CreateIntegratorKeyAsync(GrpcChannel channel, string adminKey, string name)
    {
        var created = await new Admin.AdminClient(channel).CreateApiKeyAsync(
            new CreateApiKeyRequest { Name = name, Scope = ApiKeyScope.Integrator }, Bearer(adminKey), deadline: DateTime.UtcNow.AddSeconds(30));
        return Bearer(created.Secret);
    }

    /// <summary>
    /// Runs the measurement and gives the product's, its database backends' (the server processes serving the
    /// product's database, as <c>pg_stat_activity</c> lists them; one that ends during the run is not counted) and the
    /// benchmark's CPU during it, in % of a core, and how busy the machine's cores were (the rest is other work).
    /// The backends are listed on <paramref name="db"/> (default: the product's benchmark connection).
    /// </summary>
    public static async Task<(T Result, string Cpu)> MeasureCpuAsync<T>(ProductUnderTest product, Func<Task<T>> measure, NpgsqlConnection? db = null)
    {
        db ??= product.Db;
        var self = Process.GetCurrentProcess();
        var backendStart = BackendSeconds(await DatabaseBackendsAsync(db));
        var productStart = ProcessFigures.CpuSeconds(product.Pid) ?? 0;
        var selfStart = self.TotalProcessorTime;
        var machineStart = MachineCpu.Read();
        var clock = Stopwatch.StartNew();
        var result = await measure();
        var seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var productCpu = ((ProcessFigures.CpuSeconds(product.Pid) ?? 0) - productStart) / seconds * 100;
        var backendEnd = BackendSeconds(await DatabaseBackendsAsync(db));
        var databaseSeconds = 0.0;
        foreach (var (pid, end) in backendEnd)
        {
            databaseSeconds += end - backendStart.GetValueOrDefault(pid);
        }

        var databaseCpu = databaseSeconds / seconds * 100;
        var selfCpu = (self.TotalProcessorTime - selfStart).TotalSeconds / seconds * 100;
        var machine = MachineCpu.BusyPercent(machineStart, MachineCpu.Read());
        return (result, string.Create(CultureInfo.InvariantCulture,
            $"CPU product {productCpu:0}%, its PostgreSQL backends {databaseCpu:0}% ({backendEnd.Count}), benchmark {selfCpu:0}% of a core; machine {machine:0}% busy"));
    }

    /// <summary>The server processes connected to the product's database, the benchmark's own connection left out.</summary>
    private static async Task<List<int>> DatabaseBackendsAsync(NpgsqlConnection db)
    {
        var pids = new List<int>();
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", db);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    /// <summary>CPU seconds so far of each process still alive.</summary>
    private static Dictionary<int, double> BackendSeconds(List<int> pids)
    {
        var seconds = new Dictionary<int, double>(pids.Count);
        foreach (var pid in pids)
        {
            if (ProcessFigures.CpuSeconds(pid) is { } cpu)
            {
                seconds[pid] = cpu;
            }
        }

        return seconds;
    }
}
