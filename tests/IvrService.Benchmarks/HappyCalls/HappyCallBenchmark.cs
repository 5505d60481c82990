using System.Diagnostics;
using System.Globalization;
using IvrService.Benchmarks.Common;
using IvrService.Benchmarks.Load;
using IvrService.Testing;
using Npgsql;

namespace IvrService.Benchmarks.HappyCalls;

/// <summary>
/// The happy-call dispatch benchmark: N product instances on one database (each with its own trunk to its own SIPp
/// UAS), services reported through the product's scheduler with due times spread over a span, and from
/// <c>happy_call_attempts</c> the figures against PRODUCT.md: dial jobs dispatched per second (attempts claimed) and
/// the due-to-start latency (claimed_at − due_at) p50/p95.
/// </summary>
/// <remarks>
/// The SIPp customers answer and hang up at once (or answer busy), without RTP of their own, so a SIPp process can
/// take thousands of calls; the call is not what is measured, the dispatch from PostgreSQL is. A span shorter than
/// the product can keep up with measures its dispatch rate (the due calls pile up); a longer one, the latency at a
/// sustainable rate.
/// </remarks>
internal static class HappyCallBenchmark
{
    private const double TargetRate = 100;
    private const double TargetP95Seconds = 2;

    public static async Task<int> RunAsync(HappyCallBenchOptions options)
    {
        if (BenchRun.Create("happycalls", Invariant($"{options.Calls}-{options.Span.TotalSeconds:0}s"), options.OutputDirectory, options.HostDll) is not { } run)
        {
            return 2;
        }

        var (stamp, reportPath, hostLogPath, hostDll, work) = run;
        var log = new BenchReport();
        log.Line(Invariant($"happy-call benchmark {stamp}: {options.Calls} calls due over {options.Span.TotalSeconds:0.#} s ({options.Calls / options.Span.TotalSeconds:0.#} due a second), {options.Instances} instance(s), {options.Channels} channels, workers {(options.Workers == 0 ? "2 × channels" : options.Workers.ToString(CultureInfo.InvariantCulture))} each, poll {options.Poll.TotalMilliseconds:0} ms, queue poll {options.QueuePoll.TotalMilliseconds:0} ms, callee {options.Callee}"));
        log.Line($"machine: {Environment.ProcessorCount} cores, load average {ProcessFigures.LoadAverage()} at start; work directory {work}");

        var products = new List<ProductUnderTest>();
        var sipps = new List<SippProcess>();
        using var scenario = options.Callee == "busy"
            ? new SippCalleeScript().Busy().Write()
            : new SippCalleeScript().Answer().SendBye().Write();
        try
        {
            for (var i = 0; i < options.Instances; i++)
            {
                var sipp = SippProcess.Start(scenario.Answering(calls: options.Calls * 2) with { TraceMessages = false });
                sipps.Add(sipp);
                await sipp.WaitUntilListeningAsync(CancellationToken.None);
                var settings = new ProductSettings(
                    hostDll,
                    i == 0 ? hostLogPath : hostLogPath.Replace(".host.log", Invariant($".host{i + 1}.log"), StringComparison.Ordinal),
                    Invariant($"happycalls-{stamp}-{i + 1}"),
                    50000 + (i * 2000),
                    51998 + (i * 2000),
                    Path.Combine(work, Invariant($"recordings-{i + 1}")))
                {
                    ExtraArguments = [.. ProductArguments(options, sipp.LocalPort).Select(s => $"--{s.Key}={s.Value}")],
                };
                products.Add(await ProductUnderTest.StartAsync(settings, products.Count == 0 ? null : products[0].ConnectionString));
                log.Line($"instance {i + 1}: pid {products[^1].Pid}, trunk → SIPp UAS {sipp.LocalEndPoint}");
            }

            var connectionString = products[0].ConnectionString;
            var cpuStart = products.Select(p => ProcessFigures.CpuSeconds(p.Pid) ?? 0).ToArray();
            var seedClock = Stopwatch.StartNew();
            var start = DateTimeOffset.UtcNow;
            await using (var seeder = await HappyCallSeeder.OpenAsync(SeederSettings(options, connectionString)))
            {
                await seeder.ReportAsync(options.Calls, start, options.Span, CancellationToken.None);
            }

            log.Line(Invariant($"reported {options.Calls} services in {seedClock.Elapsed.TotalSeconds:0.0} s ({options.Calls / seedClock.Elapsed.TotalSeconds:0} a second){(seedClock.Elapsed > options.Lead ? " — longer than the lead: the first were due before they were reported" : "")}"));

            var deadline = start + options.Lead + options.Span + TimeSpan.FromMinutes(5);
            var claimed = await WaitForClaimsAsync(products[0].Db, options.Calls, deadline);
            var cpu = products.Select((p, i) => (ProcessFigures.CpuSeconds(p.Pid) ?? 0) - cpuStart[i]).ToArray();
            var rows = await ReadDispatchAsync(products[0].Db);
            var figures = DispatchFigures.Of(rows);

            log.Line(Invariant($"load average at the end: {ProcessFigures.LoadAverage()}; product CPU: {string.Join(", ", cpu.Select(c => Invariant($"{c:0} s")))}"));
            log.Line("");
            log.Line($"{"figure",-34} {"measured",-26} target");
            log.Row("attempts claimed", Invariant($"{claimed} of {options.Calls}"), "all", claimed == options.Calls);
            log.Row("by instance", string.Join(", ", rows.GroupBy(r => r.ClaimedBy).Select(g => Invariant($"{g.Count()}"))), "", null);
            log.Row("dispatched / s, overall", Invariant($"{figures.OverallRate:0.0} ({figures.ClaimSpan.TotalSeconds:0.0} s first→last)"), Invariant($"≥ {TargetRate:0}"), figures.OverallRate >= TargetRate);
            log.Row("dispatched / s, best 5 s", Invariant($"{figures.Best5sRate:0.0}"), "", null);
            log.Row("due → claimed p50 / p95", Invariant($"{figures.P50.TotalSeconds:0.000} / {figures.P95.TotalSeconds:0.000} s"), Invariant($"p95 ≤ {TargetP95Seconds:0} s"), figures.P95.TotalSeconds <= TargetP95Seconds);
            log.Row("due → claimed p99 / max", Invariant($"{figures.P99.TotalSeconds:0.000} / {figures.Max.TotalSeconds:0.000} s"), "", null);
            log.Row("claimed before due", Invariant($"{figures.Early}"), "0", figures.Early == 0);
            log.Row("attempt outcomes", string.Join(", ", rows.GroupBy(r => r.Outcome ?? "open").Select(g => Invariant($"{g.Key} {g.Count()}"))), "", null);
            log.Line("");
            log.Line("figures from one shared 2-core machine (product, PostgreSQL and SIPp together) are noisy: compare runs, not digits");
            log.Line($"report: {reportPath}; product log: {hostLogPath}");
            await File.WriteAllTextAsync(reportPath, log.ToString());
            if (options.Keep)
            {
                sipps.ForEach(s => s.KeepFiles = true);
            }

            return claimed == options.Calls && figures.OverallRate >= TargetRate && figures.P95.TotalSeconds <= TargetP95Seconds ? 0 : 1;
        }
        finally
        {
            // The first instance owns the cluster: the others stop before it.
            for (var i = products.Count - 1; i > 0; i--)
            {
                await products[i].DisposeAsync();
            }

            await run.EndAsync(sipps, products.FirstOrDefault(), options.Keep);
        }
    }

    /// <summary>The happy-call settings every instance and the seeder share.</summary>
    private static IEnumerable<KeyValuePair<string, string>> HappyCallArguments(HappyCallBenchOptions options)
    {
        yield return new("HappyCalls:Delay", options.Lead.ToString("c", CultureInfo.InvariantCulture));
        foreach (var day in Enum.GetNames<DayOfWeek>())
        {
            yield return new($"HappyCalls:Window:{day}:0", "00:00-24:00");
        }

        yield return new("HappyCalls:ClosingMargin", "00:00:00");
        yield return new("HappyCalls:MaxAttempts", "1");
        yield return new("HappyCalls:CompletionRetries", "0");
        yield return new("HappyCalls:AnsweringMachineDetection", "false");
        yield return new("HappyCalls:RingTimeout", "00:00:10");
        yield return new("HappyCalls:PollInterval", options.Poll.ToString("c", CultureInfo.InvariantCulture));
        yield return new("HappyCalls:QueuePollInterval", options.QueuePoll.ToString("c", CultureInfo.InvariantCulture));
        yield return new("HappyCalls:WorkerCount", options.Workers.ToString(CultureInfo.InvariantCulture));
    }

    private static IEnumerable<KeyValuePair<string, string>> ProductArguments(HappyCallBenchOptions options, int trunkPort)
    {
        yield return new("Sip:Trunks:0:Name", "bench");
        yield return new("Sip:Trunks:0:Host", "127.0.0.1");
        yield return new("Sip:Trunks:0:Port", trunkPort.ToString(CultureInfo.InvariantCulture));
        yield return new("Sip:Trunks:0:CallerId", "+982155551234");
        yield return new("Sip:Trunks:0:Channels", options.Channels.ToString(CultureInfo.InvariantCulture));
        yield return new("Logging:LogLevel:Default", "Warning");
        foreach (var setting in HappyCallArguments(options))
        {
            yield return setting;
        }
    }

    private static IEnumerable<KeyValuePair<string, string?>> SeederSettings(HappyCallBenchOptions options, string connectionString) =>
        HappyCallArguments(options).Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))
            .Append(new("ConnectionStrings:Ivr", connectionString));

    /// <summary>Waits until every call's first attempt is claimed (or the deadline); returns how many are.</summary>
    private static async Task<long> WaitForClaimsAsync(NpgsqlConnection db, int calls, DateTimeOffset deadline)
    {
        long claimed = 0, last = -1;
        while (DateTimeOffset.UtcNow < deadline)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM happy_call_attempts WHERE attempt = 1", db);
            claimed = (long)(await command.ExecuteScalarAsync())!;
            if (claimed >= calls)
            {
                return claimed;
            }

            if (claimed != last)
            {
                Console.WriteLine(Invariant($"{DateTimeOffset.UtcNow:HH:mm:ss} claimed {claimed} of {calls}"));
                last = claimed;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        return claimed;
    }

    private static async Task<List<DispatchRow>> ReadDispatchAsync(NpgsqlConnection db)
    {
        var rows = new List<DispatchRow>();
        await using var command = new NpgsqlCommand("""
            SELECT h.due_at, a.claimed_at, a.claimed_by, a.outcome
            FROM happy_calls h JOIN happy_call_attempts a ON a.happy_call_id = h.id AND a.attempt = 1
            """, db);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new DispatchRow(
                reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
