using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using IvrService.Benchmarks.Grpc;
using IvrService.Benchmarks.Load;

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

    /// <summary>
    /// Runs the measurement and gives the product's and the benchmark's CPU during it, in % of a core, and how busy
    /// the machine's cores were (the rest is mostly PostgreSQL).
    /// </summary>
    public static async Task<(T Result, string Cpu)> MeasureCpuAsync<T>(int productPid, Func<Task<T>> measure)
    {
        var self = Process.GetCurrentProcess();
        var productStart = ProcessFigures.CpuSeconds(productPid) ?? 0;
        var selfStart = self.TotalProcessorTime;
        var machineStart = MachineCpu.Read();
        var clock = Stopwatch.StartNew();
        var result = await measure();
        var seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var productCpu = ((ProcessFigures.CpuSeconds(productPid) ?? 0) - productStart) / seconds * 100;
        var selfCpu = (self.TotalProcessorTime - selfStart).TotalSeconds / seconds * 100;
        var machine = MachineCpu.BusyPercent(machineStart, MachineCpu.Read());
        return (result, string.Create(CultureInfo.InvariantCulture, $"CPU product {productCpu:0}%, benchmark {selfCpu:0}% of a core; machine {machine:0}% busy"));
    }
}
