using System.Buffers.Binary;
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
using IvrService.Benchmarks.Grpc;
using IvrService.Benchmarks.Load;
using IvrService.Testing;
using Npgsql;
using SurveysClient = IvrService.Api.V1.Surveys.SurveysClient;

namespace IvrService.Benchmarks.Surveys;

/// <summary>
/// Survey results through the API: a throw-away PostgreSQL cluster and the product as <see cref="ProductUnderTest"/>
/// runs it, N results seeded into its database, an integrator key made through <c>Admin.CreateApiKey</c>, then over
/// h2c on loopback: (a) <c>Surveys.ListSurveyResults</c> closed loop (K callers as fast as answers come) and open loop
/// at R requests/s (latency p50/p95/p99/max from each request's due time), on pages of 50 under rotating filters
/// (a technician, a service type with an outcome, escalated only, one day); (b) the delivery latency of
/// <c>Surveys.StreamSurveyResults</c>: result changes written one at a time the way the store writes them (the row and
/// <c>append_survey_result_change</c> in one transaction), timed from the commit's return to the change's arrival.
/// </summary>
internal static class SurveysBenchmark
{
    private const int PageSize = 50;

    public static async Task<int> RunAsync(SurveysOptions options)
    {
        if (BenchRun.Create("surveys", Invariant($"{options.Rate:0.#}"), options.OutputDirectory, options.HostDll) is not { } run)
        {
            return 2;
        }

        var (stamp, reportPath, hostLogPath, hostDll, work) = run;
        var log = new BenchReport();
        log.Line(Invariant($"survey results benchmark {stamp}: {options.Results} results; page cache max age {(options.CacheMaxAge is { } age ? age.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s" : "the product's default")}; ListSurveyResults closed loop {options.Concurrency} callers for {options.Closed.TotalSeconds:0.#} s, open loop {options.Rate:0.#} requests/s for {options.Duration.TotalSeconds:0.#} s; stream: {options.Changes} changes at {options.ChangeRate:0.#}/s"));
        log.Line($"machine: {Environment.ProcessorCount} cores, load average {ProcessFigures.LoadAverage()} at start; the benchmark's client and PostgreSQL run on the same cores as the product");

        var grpcPort = FreePorts.Next();
        var adminKey = ProductProbe.NewAdminKey();
        ProductUnderTest? product = null;
        GrpcChannel? channel = null;
        try
        {
            var settings = ProductProbe.WithApi(
                new ProductSettings(hostDll, hostLogPath, "surveys-" + stamp, 61200, 61300, Path.Combine(work, "recordings")), grpcPort, adminKey);
            if (options.CacheMaxAge is { } maxAge)
            {
                settings = settings with { ExtraArguments = [.. settings.ExtraArguments, "--Api:ResultCacheMaxAge=" + maxAge.ToString("c", CultureInfo.InvariantCulture)] };
            }

            product = await ProductUnderTest.StartAsync(settings);
            var address = Invariant($"http://127.0.0.1:{grpcPort}");
            await ProductProbe.WaitForListenerAsync(grpcPort, TimeSpan.FromSeconds(60));
            log.Line($"product pid {product.Pid}, API {address} (h2c)");

            var seeding = Stopwatch.StartNew();
            var seeded = await SurveyResultSeeder.SeedAsync(product.Db, options.Results, CancellationToken.None);
            log.Line(Invariant($"seeded {options.Results} results (most with 3 answers) over {SurveyResultSeeder.Span.TotalDays:0} days in {seeding.Elapsed.TotalSeconds:0.0} s"));

            channel = ProductProbe.OpenChannel(address);
            var headers = await ProductProbe.CreateIntegratorKeyAsync(channel, adminKey, "bench-" + stamp);
            var client = new SurveysClient(channel);
            var requests = ListRequests(seeded);
            Task ListAsync(SurveysClient c, long i) => c.ListSurveyResultsAsync(requests[i % requests.Length], headers).ResponseAsync;

            var sizes = new List<string>();
            foreach (var request in requests.Take(4))
            {
                var page = await client.ListSurveyResultsAsync(request, headers, DateTime.UtcNow.AddSeconds(30));
                sizes.Add(Invariant($"{page.Results.Count} results/{page.CalculateSize()} bytes"));
            }

            log.Line("ListSurveyResults pages (technician; service type + outcome; escalated; one day): " + string.Join(", ", sizes));
            log.Line("");

            // The ceiling the list is judged against, on the same pipeline (Kestrel, HTTP/2, the key check, validation):
            // the cheapest authenticated call (GetSurveyResult without a target: INVALID_ARGUMENT, no database), and one
            // stored result by its service id (one indexed row and its answers).
            async Task RejectedAsync(SurveysClient c, long i)
            {
                try
                {
                    await c.GetSurveyResultAsync(new GetSurveyResultRequest(), headers);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
                {
                }
            }

            Task OneAsync(SurveysClient c, long i) =>
                c.GetSurveyResultAsync(new GetSurveyResultRequest { ServiceId = Invariant($"bench-svc-{1 + (i * 7919 % options.Results)}") }, headers).ResponseAsync;
            foreach (var (name, call) in new (string, Func<SurveysClient, long, Task>)[]
            {
                ("key check only (GetSurveyResult rejected)", RejectedAsync),
                ("one result (GetSurveyResult by service)", OneAsync),
            })
            {
                var (ceiling, ceilingCpu) = await ProductProbe.MeasureCpuAsync(product, () => ClosedLoop.RunAsync([client], options.Concurrency, TimeSpan.FromSeconds(2), options.Closed, call));
                log.Line(Invariant($"closed loop, {name}: {ceiling.PerSecond:0} requests/s, latency p50/p95/p99/max {ceiling.Latencies}, failed {ceiling.Failed}{(ceiling.FirstError is { } ce ? $" ({ce})" : "")}  {ceilingCpu}"));
            }

            var changes = options.ListChangeRate > 0 ? await ChangeWriter.StartAsync(product.ConnectionString, options.ListChangeRate) : null;
            if (changes is not null)
            {
                log.Line(Invariant($"while the lists run, {options.ListChangeRate:0.#} result changes a second are committed (each drops the product's cached pages)"));
            }

            var (closed, closedCpu) = await ProductProbe.MeasureCpuAsync(product, () => ClosedLoop.RunAsync([client], options.Concurrency, TimeSpan.FromSeconds(2), options.Closed, ListAsync));
            log.Line(Invariant($"closed loop: {closed.PerSecond:0} requests/s, latency p50/p95/p99/max {closed.Latencies}, failed {closed.Failed}{(closed.FirstError is { } e ? $" ({e})" : "")}  {closedCpu}"));
            var (open, openCpu) = await ProductProbe.MeasureCpuAsync(product, () => OpenLoop.RunAsync(client, options.Rate, options.Duration, ListAsync));
            if (changes is not null)
            {
                await changes.DisposeAsync();
                log.Line(Invariant($"result changes committed during the lists: {changes.Written}"));
            }
            log.Line(Invariant($"open loop at {options.Rate:0.#}/s: {open.Counts}"));
            log.Line($"  {open.LatencySummary}  {openCpu}");

            var (stream, streamCpu) = await ProductProbe.MeasureCpuAsync(product, () => StreamLatencyAsync(product.Db, client, headers, options));
            log.Line(Invariant($"stream delivery (commit returned → change received), {stream.Count} changes at {options.ChangeRate:0.#}/s: p50/p95/p99/max {stream}  {streamCpu}"));
            log.Line("");
            log.Row("ListSurveyResults requests/s", Invariant($"{closed.PerSecond:0} (closed loop, {options.Concurrency} callers)"), "-", null);
            log.Row(Invariant($"ListSurveyResults p99 at {options.Rate:0.#}/s"), Invariant($"{open.FromSchedule.P99:0.00} ms"), "≤ 5 ms at 1000/s", options.Rate >= 1000 ? open.FromSchedule.P99 <= 5 && open.AllAnswered : null);
            log.Row("stream delivery p50 / p95", Invariant($"{stream.P50:0.0} / {stream.P95:0.0} ms"), "-", null);
            log.Line($"load average at end {ProcessFigures.LoadAverage()}");
            log.Line($"report: {reportPath}; product log: {hostLogPath}");
            await File.WriteAllTextAsync(reportPath, log.ToString());
            return 0;
        }
        finally
        {
            channel?.Dispose();
            await run.EndAsync([], product, options.Keep);
            FreePorts.Release(grpcPort);
        }
    }

    /// <summary>Follows the stream from now on while changes are committed one by one at the change rate.</summary>
    private static async Task<Latencies> StreamLatencyAsync(NpgsqlConnection db, SurveysClient client, Metadata headers, SurveysOptions options)
    {
        var ids = await ChangeWriter.SeededIdsAsync(db);
        var committed = new Dictionary<long, long>();
        var received = new Dictionary<long, long>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60) + TimeSpan.FromSeconds(options.Changes / options.ChangeRate));
        using var call = client.StreamSurveyResults(new StreamSurveyResultsRequest(), headers, cancellationToken: stop.Token);
        await call.ResponseHeadersAsync;
        var reading = Task.Run(async () =>
        {
            try
            {
                while (await call.ResponseStream.MoveNext(stop.Token))
                {
                    var at = Stopwatch.GetTimestamp();
                    var position = BinaryPrimitives.ReadInt64BigEndian(Base64Url.DecodeFromChars(call.ResponseStream.Current.Cursor).AsSpan(1));
                    lock (received)
                    {
                        received[position] = at;
                        if (received.Count >= options.Changes)
                        {
                            return;
                        }
                    }
                }
            }
            catch (RpcException) when (stop.IsCancellationRequested)
            {
            }
        });

        var interval = TimeSpan.FromSeconds(1 / options.ChangeRate);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < options.Changes; i++)
        {
            var due = start + (long)(interval.TotalSeconds * i * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var position = await ChangeWriter.WriteChangeAsync(db, ids[i % ids.Count]);
            lock (received)
            {
                committed[position] = Stopwatch.GetTimestamp();
            }
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        lock (received)
        {
            return Latencies.Of(committed.Where(c => received.ContainsKey(c.Key))
                .Select(c => Math.Max(0, Stopwatch.GetElapsedTime(c.Value, received[c.Key]).TotalMilliseconds)));
        }
    }

    private static ListSurveyResultsRequest[] ListRequests(SeededResults seeded)
    {
        var requests = new List<ListSurveyResultsRequest>();
        for (var i = 0; i < 4; i++)
        {
            var day = seeded.From + TimeSpan.FromDays(10 + (20 * i));
            requests.Add(new ListSurveyResultsRequest { TechnicianId = Invariant($"t-{i * 7 % seeded.Technicians}"), PageSize = PageSize });
            requests.Add(new ListSurveyResultsRequest { ServiceType = i % 2 == 0 ? "repair" : "installation", Outcomes = { SurveyOutcome.Completed }, PageSize = PageSize });
            requests.Add(new ListSurveyResultsRequest { Escalated = true, PageSize = PageSize });
            requests.Add(new ListSurveyResultsRequest
            {
                Updated = new TimeRange { StartTime = Timestamp.FromDateTimeOffset(day), EndTime = Timestamp.FromDateTimeOffset(day.AddDays(1)) },
                PageSize = PageSize,
            });
        }

        return [.. requests];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
