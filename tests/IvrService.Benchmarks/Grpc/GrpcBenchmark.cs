using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using IvrService.Api.V1;
using IvrService.Benchmarks.Common;
using IvrService.Benchmarks.Load;
using IvrService.Testing;

namespace IvrService.Benchmarks.Grpc;

/// <summary>
/// The gRPC API's throughput and latency with no calls: a throw-away PostgreSQL cluster and the product as
/// <see cref="ProductUnderTest"/> runs it, N call records seeded into its database, an integrator key made through
/// <c>Admin.CreateApiKey</c>, then over h2c on loopback:
/// (a) closed loop — K callers as fast as answers come, over one channel and over several — on
/// <c>Calls.ListCalls</c> (a page of 50 inbound calls of one day that were transferred or left a message) and
/// <c>Calls.GetCall</c> (a call with its steps and key presses);
/// (b) open loop at R requests/s for a duration on each, latency p50/p95/p99/max counted from each request's due time.
/// The benchmark runs on the same machine as the product, so its own CPU is reported beside the product's.
/// </summary>
internal static class GrpcBenchmark
{
    private const double TargetPerSecond = 20_000;
    private const double TargetP99Ms = 5;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(GrpcOptions options)
    {
        if (BenchRun.Create("grpc", Invariant($"{options.Rate:0.#}"), options.OutputDirectory, options.HostDll) is not { } run)
        {
            return 2;
        }

        var (stamp, reportPath, hostLogPath, hostDll, work) = run;
        var log = new BenchReport();
        log.Line(Invariant($"gRPC API benchmark {stamp}: {options.Records} call records; closed loop {options.Concurrency} callers for {options.Closed.TotalSeconds:0.#} s (after {WarmUp.TotalSeconds:0} s warm-up) over 1 and {options.Channels} channels; open loop {options.Rate:0.#} requests/s for {options.Duration.TotalSeconds:0.#} s"));
        log.Line($"machine: {Environment.ProcessorCount} cores, load average {ProcessFigures.LoadAverage()} at start; the benchmark's client runs on the same cores as the product");

        var grpcPort = FreePorts.Next();
        var adminKey = ProductProbe.NewAdminKey();
        ProductUnderTest? product = null;
        var channels = new List<GrpcChannel>();
        try
        {
            product = await ProductUnderTest.StartAsync(ProductProbe.WithApi(
                new ProductSettings(hostDll, hostLogPath, "grpc-" + stamp, 61000, 61100, Path.Combine(work, "recordings")), grpcPort, adminKey));
            var address = Invariant($"http://127.0.0.1:{grpcPort}");
            await ProductProbe.WaitForListenerAsync(grpcPort, TimeSpan.FromSeconds(60));
            log.Line($"product pid {product.Pid}, API {address} (h2c)");

            var seeding = Stopwatch.StartNew();
            var seeded = await CallSeeder.SeedAsync(product.Db, options.Records, CancellationToken.None);
            log.Line(Invariant($"seeded {options.Records} call records ({seeded.Steps} steps, {seeded.Digits} key presses) over {CallSeeder.Span.TotalDays:0} days in {seeding.Elapsed.TotalSeconds:0.0} s"));

            for (var i = 0; i < options.Channels; i++)
            {
                channels.Add(ProductProbe.OpenChannel(address));
            }

            var requests = new CallRequests(seeded, await ProductProbe.CreateIntegratorKeyAsync(channels[0], adminKey, "bench-" + stamp));
            log.Line($"integrator key 'bench-{stamp}' created through Admin.CreateApiKey");

            var clients = channels.Select(c => new Calls.CallsClient(c)).ToList();
            var one = clients.Take(1).ToList();

            var (answers, full) = await requests.CheckAnswersAsync(clients[0]);
            log.Line(answers);
            if (!full)
            {
                log.Line("the seeded data does not give full answers: the figures below would not mean much");
            }

            log.Line("");
            log.Line("closed loop (as fast as answers come):");
            var closed = new List<(string Name, ClosedLoopResult Result)>();
            foreach (var (name, set, call) in new (string, List<Calls.CallsClient>, Func<Calls.CallsClient, long, Task>)[]
            {
                ("ListCalls, 1 channel", one, requests.ListAsync),
                (Invariant($"ListCalls, {options.Channels} channels"), clients, requests.ListAsync),
                ("GetCall, 1 channel", one, requests.GetAsync),
                (Invariant($"GetCall, {options.Channels} channels"), clients, requests.GetAsync),
            })
            {
                var (result, cpu) = await ProductProbe.MeasureCpuAsync(product, () => ClosedLoop.RunAsync(set, options.Concurrency, WarmUp, options.Closed, call));
                closed.Add((name, result));
                log.Line(Invariant($"  {name,-24} {result.PerSecond,8:0} requests/s  latency p50/p95/p99/max {result.Latencies}  failed {result.Failed}{(result.FirstError is { } e ? $" ({e})" : "")}  {cpu}"));
            }

            log.Line("");
            log.Line(Invariant($"open loop ({options.Rate:0.#} requests/s due on a fixed schedule, one channel; latency from the due time):"));
            var open = new List<(string Name, OpenLoopResult Result)>();
            foreach (var (name, call) in new (string, Func<Calls.CallsClient, long, Task>)[] { ("ListCalls", requests.ListAsync), ("GetCall", requests.GetAsync) })
            {
                var (result, cpu) = await ProductProbe.MeasureCpuAsync(product, () => OpenLoop.RunAsync(clients[0], options.Rate, options.Duration, call));
                open.Add((name, result));
                log.Line($"  {name,-10} {result.Counts}");
                log.Line($"             {result.LatencySummary}  {cpu}");
            }

            var best = closed.MaxBy(c => c.Result.PerSecond);
            var worstP99 = open.MaxBy(o => o.Result.FromSchedule.P99);
            var openOk = open.All(o => o.Result.AllAnswered);
            log.Line("");
            log.Line($"{"figure",-34} {"measured",-26} target (PRODUCT.md)");
            log.Row("unary requests/s, no calls", Invariant($"{best.Result.PerSecond:0} ({best.Name})"), Invariant($"≥ {TargetPerSecond:0}"), best.Result.PerSecond >= TargetPerSecond);
            foreach (var (name, result) in open)
            {
                log.Row(Invariant($"p99 at {options.Rate:0.#}/s, {name}"), Invariant($"{result.FromSchedule.P99:0.00} ms (max {result.FromSchedule.Max:0.0})"), Invariant($"≤ {TargetP99Ms:0} ms at 1000/s"), options.Rate >= 1000 ? result.FromSchedule.P99 <= TargetP99Ms && result.AllAnswered : null);
            }

            log.Line("");
            log.Line(Invariant($"worst open-loop p99: {worstP99.Name} {worstP99.Result.FromSchedule.P99:0.00} ms{(openOk ? "" : "; some open-loop requests were not answered")}"));
            log.Line("Surveys.ListSurveyResults over 100,000 survey results and the stream's delivery latency: the `surveys` benchmark.");
            log.Line($"load average at end {ProcessFigures.LoadAverage()}");
            log.Line($"report: {reportPath}; product log: {hostLogPath}");
            await File.WriteAllTextAsync(reportPath, log.ToString());
            return 0;
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }

            await run.EndAsync([], product, options.Keep);
            FreePorts.Release(grpcPort);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
