using System.Diagnostics;
using System.Globalization;
using IvrService.Benchmarks.Common;
using IvrService.Benchmarks.Load;
using IvrService.Testing;
using Npgsql;

namespace IvrService.Benchmarks.Setup;

/// <summary>
/// The call-setup benchmark: the product as <see cref="ProductUnderTest"/> runs it, SIPp as the caller at R new
/// calls per second for a duration (INVITE with PCMU + telephone-event → 100 → 200 → ACK → hold → BYE → 200),
/// and a report of calls attempted, answered and failed (SIPp and call records), the achieved rate, INVITE→200
/// latency percentiles, SIPp retransmissions, the product's CPU and the load average against the targets.
/// </summary>
/// <remarks>
/// The latency is SIPp's response time 1 (start_rtd on the INVITE, rtd on the 200), one line a call in its
/// <c>_rtt.csv</c> (<c>-trace_rtt -rtt_freq 1</c>). SIPp 3.6.1 keeps it in whole milliseconds of its own clock,
/// which it reads once per pass of its event loop: the figure includes SIPp's own delay in sending and in
/// noticing the 200, so it is an upper bound of the product's time, good to about 1 ms when SIPp is not busy.
/// </remarks>
internal static class SetupBenchmark
{
    private const double TargetRate = 500;
    private const double TargetP99Ms = 20;
    private const double RatePerSipp = 500;
    private static readonly TimeSpan LoadWait = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(SetupOptions options)
    {
        if (BenchRun.Create("setup", Invariant($"{options.Rate:0.#}"), options.OutputDirectory, options.HostDll) is not { } run)
        {
            return 2;
        }

        var (stamp, reportPath, hostLogPath, hostDll, work) = run;
        var log = new BenchReport();
        var sippCount = options.SippProcesses ?? (int)Math.Ceiling(options.Rate / RatePerSipp);
        var perRate = options.Rate / sippCount;

        // Concurrent calls stay near rate × call length; the cap leaves a second of slack for setup and teardown.
        var perLimit = (int)Math.Ceiling(perRate * (options.Hold.TotalSeconds + 1));
        log.Line(Invariant($"call-setup benchmark {stamp}: {options.Rate:0.#} calls/s for {options.Duration.TotalSeconds:0.#} s ({options.Calls} calls), hold {options.Hold.TotalMilliseconds:0} ms"));
        log.Line($"machine: {Environment.ProcessorCount} cores, load average {ProcessFigures.LoadAverage()} at start; work directory {work}");
        var scenario = CallScenario.Write(work, digits: 0, options.Hold);

        ProductUnderTest? product = null;
        var sipps = new List<SippProcess>();
        try
        {
            product = await ProductUnderTest.StartAsync(new ProductSettings(hostDll, hostLogPath, "setup-" + stamp, options.RtpPortStart, options.RtpPortEnd, Path.Combine(work, "recordings")));
            log.Line($"product pid {product.Pid}, SIP 127.0.0.1:{product.SipPort}, RTP {options.RtpPortStart}-{options.RtpPortEnd}");
            var loadBefore = await WaitForQuietAsync(options.MaxLoad, log);

            var cpuStart = ProcessFigures.CpuSeconds(product.Pid) ?? 0;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < sippCount; i++)
            {
                sipps.Add(SippProcess.Start(new SippOptions
                {
                    ScenarioFile = scenario,
                    RemoteHost = "127.0.0.1",
                    RemotePort = product.SipPort,
                    MaxCalls = (options.Calls / sippCount) + (i < options.Calls % sippCount ? 1 : 0),
                    CallLimit = perLimit,
                    Rate = perRate,
                    GlobalTimeout = options.Duration + options.Hold + TimeSpan.FromSeconds(120),
                    Service = "ivr",
                    TraceMessages = false,
                    ExtraArguments = ["-trace_rtt", "-rtt_freq", "1"],
                }));
            }

            log.Line(Invariant($"{sippCount} SIPp process(es) at {perRate:0.#} calls/s each, at most {perLimit} calls up each"));
            var sippResults = new List<SippResult>();
            var loadDuring = "?";
            foreach (var sipp in sipps)
            {
                using var timeout = new CancellationTokenSource(options.Duration + options.Hold + TimeSpan.FromSeconds(180));
                var exited = sipp.WaitForExitAsync(timeout.Token);

                // The 1-minute load average lags: read it late in the run, while the calls still come.
                while (!exited.IsCompleted && clock.Elapsed < options.Duration)
                {
                    await Task.WhenAny(exited, Task.Delay(options.Duration - clock.Elapsed));
                    loadDuring = ProcessFigures.LoadAverage();
                }

                try
                {
                    sippResults.Add(await exited);
                }
                catch (OperationCanceledException ex)
                {
                    log.Line("SIPp did not finish: " + ex.Message.Split('\n')[0]);
                }
            }

            var elapsed = clock.Elapsed;
            var cpuEnd = ProcessFigures.CpuSeconds(product.Pid) ?? 0;
            var loadAfter = ProcessFigures.LoadAverage();
            var times = sipps.Select(s => SetupTimes.FromRttFiles(s.WorkingDirectory)).ToList();
            await product.WaitForCallsToEndAsync(TimeSpan.FromSeconds(30));
            var records = await ReadRecordsAsync(product.Db, product.InstanceId);

            // Figures.
            var latencies = times.SelectMany(t => t.Milliseconds).Order().ToArray();
            var achievedRate = times.Sum(t => t.RatePerSecond);
            var created = sippResults.Sum(r => r.CallsCreated);
            var ok = sippResults.Sum(r => r.SuccessfulCalls);
            var sippFailed = sippResults.Sum(r => r.FailedCalls) + (options.Calls - created);
            var retransmissions = sippResults.Sum(r => r.Retransmissions);
            var failed = Math.Max(sippFailed, records.Calls - records.EndedByCaller) + Math.Max(0, options.Calls - records.Calls);
            var cpu = (cpuEnd - cpuStart) / elapsed.TotalSeconds * 100;
            var p99 = Percentile(latencies, 99);
            var rateMet = options.Rate >= TargetRate && achievedRate >= options.Rate * 0.98;

            log.Line(Invariant($"load average before / during / after: {loadBefore} / {loadDuring} / {loadAfter}; SIPp ran {elapsed.TotalSeconds:0.0} s"));
            log.Line("");
            log.Line($"{"figure",-34} {"measured",-26} target");
            log.Row("calls attempted (SIPp)", Invariant($"{created} of {options.Calls}, ok {ok}, failed {sippFailed}"), "", null);
            log.Row("call records", Invariant($"{records.Calls}, answered {records.Answered}, ended by caller {records.EndedByCaller}"), Invariant($"{options.Calls}, all"), null);
            log.Row("failed calls", Invariant($"{failed}{records.Others}"), "0", failed == 0);
            log.Row("achieved rate (200s / s)", Invariant($"{achievedRate:0.0} calls/s (asked {options.Rate:0.#})"), Invariant($"≥ {TargetRate:0} sustained"), options.Rate >= TargetRate ? rateMet : null);
            log.Row("INVITE→200 p50 / p95", Invariant($"{Percentile(latencies, 50)} / {Percentile(latencies, 95)} ms"), "", null);
            log.Row("INVITE→200 p99", Invariant($"{p99} ms ({latencies.Length} calls)"), Invariant($"≤ {TargetP99Ms:0} ms"), latencies.Length > 0 && p99 <= TargetP99Ms);
            log.Row("INVITE→200 max", Invariant($"{(latencies.Length == 0 ? 0 : latencies[^1])} ms (>20 ms: {latencies.Count(l => l > TargetP99Ms)})"), "", null);
            log.Row("SIPp retransmissions", Invariant($"{retransmissions}"), "0 on loopback", retransmissions == 0);
            log.Row("product CPU", Invariant($"{cpu:0}% of a core"), "", null);
            var met = failed == 0 && latencies.Length > 0 && p99 <= TargetP99Ms && achievedRate >= options.Rate * 0.98;
            log.Line("");
            log.Line(Invariant($"at {options.Rate:0.#} calls/s: {(met ? "latency and rate MET" : "NOT MET")}{(options.Rate < TargetRate ? $" (below the {TargetRate:0} calls/s target)" : "")}"));
            foreach (var result in sippResults.Where(r => !r.Succeeded))
            {
                log.Line("SIPp: " + Tail(result.Describe(), 1500));
            }

            log.Line($"report: {reportPath}; product log: {hostLogPath}");
            await File.WriteAllTextAsync(reportPath, log.ToString());
            if (options.Keep)
            {
                sipps.ForEach(s => s.KeepFiles = true);
                Console.WriteLine($"kept {work} and {string.Join(", ", sipps.Select(s => s.WorkingDirectory))}");
            }

            return met ? 0 : 1;
        }
        finally
        {
            await run.EndAsync(sipps, product, options.Keep);
        }
    }

    /// <summary>Waits until the 1-minute load average is under the limit (other work skews the figures); returns it.</summary>
    private static async Task<string> WaitForQuietAsync(double maxLoad, BenchReport log)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var load = ProcessFigures.LoadAverage();
            var oneMinute = double.TryParse(load.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
            if (oneMinute < maxLoad)
            {
                return load;
            }

            if (clock.Elapsed > LoadWait)
            {
                log.Line($"load average still {load} after {LoadWait.TotalMinutes:0} minutes: measuring anyway");
                return load;
            }

            Console.WriteLine($"load average {load}: waiting for the 1-minute figure to drop under {maxLoad} ...");
            await Task.Delay(TimeSpan.FromSeconds(10));
        }
    }

    private static async Task<Records> ReadRecordsAsync(NpgsqlConnection db, string instance)
    {
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(end_reason, 'open'), answered_at IS NOT NULL, count(*)
            FROM call_records WHERE instance_id = $1 GROUP BY 1, 2
            """, db);
        command.Parameters.AddWithValue(instance);
        var records = new Records();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            records.Add(reader.GetString(0), reader.GetBoolean(1), reader.GetInt64(2));
        }

        return records;
    }

    private static long Percentile(long[] sorted, double percent) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Tail(string text, int max) => text.Length <= max ? text : "…" + text[^max..];

    private sealed class Records
    {
        private readonly List<string> _others = [];

        public long Calls { get; private set; }

        public long Answered { get; private set; }

        public long EndedByCaller { get; private set; }

        public string Others => _others.Count == 0 ? "" : " (" + string.Join(", ", _others) + ")";

        public void Add(string endReason, bool answered, long count)
        {
            Calls += count;
            Answered += answered ? count : 0;
            if (answered && endReason == "caller_hangup")
            {
                EndedByCaller += count;
            }
            else
            {
                _others.Add(Invariant($"{endReason}{(answered ? "" : " unanswered")}: {count}"));
            }
        }
    }
}
