using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using IvrService.Api.V1;
using IvrService.Benchmarks.Common;
using IvrService.Benchmarks.Grpc;
using IvrService.Testing;
using Npgsql;

namespace IvrService.Benchmarks.Load;

/// <summary>
/// The gRPC API under the load benchmark's calls (<c>--grpc-rate</c>): the product started with the API on a free
/// loopback port and an admin key, call records seeded into its database and an integrator key made through
/// <c>Admin.CreateApiKey</c> before the calls start, then an open loop (<see cref="OpenLoop"/>) of <c>GetCall</c> or
/// <c>ListCalls</c> (<see cref="CallRequests"/>) over one channel for the measurement window, latency counted from
/// each request's due time, against the target p99 ≤ 5 ms at 1,000 requests/s during the 1,000-call load. The same
/// open loop runs once before the calls too, so the report holds the API's latency without calls from the same
/// minutes of the same machine (which other work shares) beside the latency with them.
/// </summary>
internal sealed class GrpcOpenLoopAlongside : IDisposable
{
    private const double TargetP99Ms = 5;
    private const double TargetRate = 1000;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    private readonly int _port = FreePorts.Next();
    private readonly string _adminKey = ProductProbe.NewAdminKey();
    private readonly LoadOptions _options;
    private readonly double _rate;
    private GrpcChannel? _channel;
    private NpgsqlConnection? _db;
    private Func<Task<OpenLoopResult>>? _run;
    private OpenLoopResult? _quiet;

    private GrpcOpenLoopAlongside(LoadOptions options, double rate)
    {
        _options = options;
        _rate = rate;
    }

    /// <summary>Null when the options ask for no gRPC load.</summary>
    public static GrpcOpenLoopAlongside? For(LoadOptions options) => options.GrpcRate is { } rate ? new GrpcOpenLoopAlongside(options, rate) : null;

    /// <summary>The product's settings with the API enabled.</summary>
    public ProductSettings Configure(ProductSettings settings) => ProductProbe.WithApi(settings, _port, _adminKey);

    /// <summary>Seeds the records, makes the key, checks one answer of each kind and runs the open loop once, before any call.</summary>
    public async Task PrepareAsync(ProductUnderTest product, string stamp, BenchReport log)
    {
        var address = Invariant($"http://127.0.0.1:{_port}");
        await ProductProbe.WaitForListenerAsync(_port, TimeSpan.FromSeconds(60));
        var seeding = Stopwatch.StartNew();
        var seeded = await CallSeeder.SeedAsync(product.Db, _options.Records, CancellationToken.None);
        log.Line(Invariant($"API {address} (h2c): seeded {_options.Records} call records ({seeded.Steps} steps, {seeded.Digits} key presses) in {seeding.Elapsed.TotalSeconds:0.0} s"));

        // A connection of its own for the CPU figures: the load benchmark's one counts the calls meanwhile.
        _db = new NpgsqlConnection(product.ConnectionString);
        await _db.OpenAsync();
        _channel = ProductProbe.OpenChannel(address);
        var requests = new CallRequests(seeded, await ProductProbe.CreateIntegratorKeyAsync(_channel, _adminKey, "bench-" + stamp));
        var client = new Calls.CallsClient(_channel);
        var (answers, full) = await requests.CheckAnswersAsync(client);
        log.Line(answers + (full ? "" : "; the seeded data does not give full answers"));
        Func<Calls.CallsClient, long, Task> call = _options.GrpcMethod == LoadOptions.ListCalls ? requests.ListAsync : requests.GetAsync;
        _run = () => OpenLoop.RunAsync(client, _rate, _options.Duration, call);

        // A few seconds unmeasured first: the product's API code is compiled again, optimised, after its first requests.
        await OpenLoop.RunAsync(client, _rate, WarmUp, call);

        var (quiet, cpu) = await RunAsync(product);
        _quiet = quiet;
        log.Line(Invariant($"gRPC {_options.GrpcMethod} open loop at {_rate:0.#}/s with no calls yet: {quiet.Counts}"));
        log.Line($"  {quiet.LatencySummary}  {cpu}");
    }

    /// <summary>The open loop for the window, with the product's, its PostgreSQL backends' and the benchmark's CPU.</summary>
    public Task<(OpenLoopResult Result, string Cpu)> RunAsync(ProductUnderTest product) =>
        ProductProbe.MeasureCpuAsync(product, _run ?? throw new InvalidOperationException("PrepareAsync first"), _db);

    /// <summary>Reports the open loop; whether it met the target (true below 1,000 requests/s when all were answered).</summary>
    public bool Report(BenchReport log, (OpenLoopResult Result, string Cpu) run)
    {
        var (result, cpu) = run;
        var errors = result.Failed + result.NotSent + result.Unanswered;
        var met = result.AllAnswered && result.FromSchedule.P99 <= TargetP99Ms;
        log.Row(Invariant($"gRPC {_options.GrpcMethod} at {_rate:0.#}/s"), Invariant($"{result.AchievedPerSecond:0}/s, errors {errors}"), "", errors == 0);
        log.Row("gRPC latency p50 / p95", Invariant($"{result.FromSchedule.P50:0.00} / {result.FromSchedule.P95:0.00} ms"), "", null);
        log.Row("gRPC latency p99", Invariant($"{result.FromSchedule.P99:0.00} ms (max {result.FromSchedule.Max:0.0})"), Invariant($"≤ {TargetP99Ms:0} ms at {TargetRate:0}/s"), _rate >= TargetRate ? met : null);
        if (_quiet is { } quiet)
        {
            log.Row("gRPC p50 / p99 before the calls", Invariant($"{quiet.FromSchedule.P50:0.00} / {quiet.FromSchedule.P99:0.00} ms"), "", null);
        }

        log.Line($"  gRPC open loop, one channel: {result.Counts}");
        log.Line($"  {result.LatencySummary}");
        log.Line($"  during it: {cpu}");
        return _rate >= TargetRate ? met : result.AllAnswered;
    }

    public void Dispose()
    {
        _db?.Dispose();
        _channel?.Dispose();
        FreePorts.Release(_port);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
