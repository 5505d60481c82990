using System.Diagnostics;
using System.Globalization;
using IvrService.Benchmarks.Common;
using IvrService.Benchmarks.Grpc;
using IvrService.Testing;
using Npgsql;

namespace IvrService.Benchmarks.Load;

/// <summary>
/// The media load benchmark: a throw-away PostgreSQL cluster, the product as a child process (so its CPU and
/// memory are its own), N concurrent inbound calls from SIPp on loopback (each sending K RFC 4733 keys and
/// holding), the product's outgoing RTP captured on the wire with dumpcap during a window in which every call
/// is up, and a report of failures, digits, send gaps, CPU and memory per call against the product targets.
/// </summary>
internal static class LoadBenchmark
{
    private const double TargetCalls = 1000;
    private const double TargetGapP99Ms = 22;
    private const double TargetGapMaxMs = 40;
    private const double TargetMbPerCall = 0.25;
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(LoadOptions options)
    {
        if (BenchRun.Create("media", Invariant($"{options.Calls}"), options.OutputDirectory, options.HostDll) is not { } run)
        {
            return 2;
        }

        var (stamp, reportPath, hostLogPath, hostDll, work) = run;
        var dumpcap = BenchEnvironment.FindOnPath("dumpcap") ?? throw new InvalidOperationException("dumpcap not found (Debian package tshark)");
        var log = new BenchReport();
        log.Line($"media load benchmark {stamp}: {options.Calls} calls, {options.Digits} keys each, window {options.Duration.TotalSeconds:0.#} s, ramp {options.Rate:0.#} calls/s");
        log.Line($"machine: {Environment.ProcessorCount} cores, load average {ProcessFigures.LoadAverage()} at start; work directory {work}");

        var sippCount = (options.Calls + options.CallsPerSipp - 1) / options.CallsPerSipp;
        var ramp = TimeSpan.FromSeconds(options.Calls / options.Rate);
        var digitsTime = CallScenario.DigitsTime(options.Digits);
        var hold = ramp + Margin + options.Duration + Margin;
        var callLength = digitsTime + hold;
        var scenario = CallScenario.Write(work, options.Digits, hold);

        ProductUnderTest? product = null;
        var sipps = new List<SippProcess>();
        var grpc = GrpcOpenLoopAlongside.For(options);
        try
        {
            var settings = new ProductSettings(hostDll, hostLogPath, "bench-" + stamp, options.RtpPortStart, options.RtpPortEnd, Path.Combine(work, "recordings"))
            {
                // SIPp sends RTP only while it plays the keys; the hold must not end in a media timeout.
                ExtraArguments = [Invariant($"--Media:MediaTimeoutSeconds={(int)callLength.TotalSeconds + 60}")],
            };
            product = await ProductUnderTest.StartAsync(grpc?.Configure(settings) ?? settings);
            var host = product.Process;
            var sipPort = product.SipPort;
            log.Line($"product pid {host.Id}, SIP 127.0.0.1:{sipPort}, RTP {options.RtpPortStart}-{options.RtpPortEnd}");
            if (grpc is not null)
            {
                // Before the idle figures: what the API keeps after its first requests is not the calls' memory.
                await grpc.PrepareAsync(product, stamp, log);
            }

            var idleRss = ProcessFigures.ResidentBytes(host.Id) ?? 0;
            var idleThreads = ProcessFigures.Threads(host.Id) ?? 0;
            log.Line($"product idle RSS {Mb(idleRss):0.0} MB, {idleThreads} threads");
            if (grpc is not null)
            {
                log.Line(Invariant($"during the window: gRPC {options.GrpcMethod} open loop at {options.GrpcRate:0.#} requests/s"));
            }

            // The load: N calls split over SIPp processes, ramped up together.
            var perRate = options.Rate / sippCount;
            var started = Stopwatch.StartNew();
            for (var i = 0; i < sippCount; i++)
            {
                var calls = (options.Calls / sippCount) + (i < options.Calls % sippCount ? 1 : 0);
                var sipp = SippProcess.Start(new SippOptions
                {
                    ScenarioFile = scenario,
                    RemoteHost = "127.0.0.1",
                    RemotePort = sipPort,
                    MaxCalls = calls,
                    CallLimit = calls,
                    Rate = perRate,
                    GlobalTimeout = callLength + ramp + TimeSpan.FromSeconds(120),
                    Service = "ivr",
                });
                sipps.Add(sipp);
            }

            log.Line($"{sippCount} SIPp process(es) at {perRate:0.#} calls/s each; each call: {digitsTime.TotalSeconds:0.#} s of keys, then held {hold.TotalSeconds:0.#} s");
            var windowStartAt = ramp + digitsTime + Margin;
            await DelayUntilAsync(started, windowStartAt - TimeSpan.FromSeconds(2));

            // Capture only the product's RTP range (snap length 64: headers only) around the window.
            var capturePath = Path.Combine(work, "rtp.pcap");
            var captureLog = Path.Combine(work, "dumpcap.log");
            await using var capture = ChildProcess.Start(
                dumpcap,
                ["-i", "lo", "-P", "-s", "64", "-B", "256", "-f", Invariant($"udp and src portrange {options.RtpPortStart}-{options.RtpPortEnd}"), "-w", capturePath],
                captureLog);
            await DelayUntilAsync(started, windowStartAt);

            var upAtStart = await product.OpenCallsAsync();
            var windowStart = DateTimeOffset.UtcNow;
            var cpuStart = ProcessFigures.CpuSeconds(host.Id) ?? 0;
            var sippCpuStart = sipps.Sum(s => ProcessFigures.CpuSeconds(s.ProcessId) ?? 0);
            var windowClock = Stopwatch.StartNew();
            var api = grpc?.RunAsync(product);
            long maxRss = 0;
            long maxThreads = 0;
            while (windowClock.Elapsed < options.Duration)
            {
                maxRss = Math.Max(maxRss, ProcessFigures.ResidentBytes(host.Id) ?? 0);
                maxThreads = Math.Max(maxThreads, ProcessFigures.Threads(host.Id) ?? 0);
                var left = options.Duration - windowClock.Elapsed;
                await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
            }

            var cpuEnd = ProcessFigures.CpuSeconds(host.Id) ?? 0;
            var sippCpuEnd = sipps.Sum(s => ProcessFigures.CpuSeconds(s.ProcessId) ?? 0);
            var windowSeconds = windowClock.Elapsed.TotalSeconds;
            var windowEnd = DateTimeOffset.UtcNow;
            var rssEnd = ProcessFigures.ResidentBytes(host.Id) ?? 0;
            maxRss = Math.Max(maxRss, rssEnd);
            var upAtEnd = await product.OpenCallsAsync();
            (OpenLoopResult Result, string Cpu)? apiResult = api is null ? null : await api;
            var loadDuring = ProcessFigures.LoadAverage();
            await Task.Delay(300);
            capture.Interrupt();
            await capture.WaitForExitAsync(TimeSpan.FromSeconds(30));

            Console.WriteLine("window over; waiting for the calls to end ...");
            var sippResults = new List<SippResult>();
            foreach (var sipp in sipps)
            {
                using var timeout = new CancellationTokenSource(callLength + ramp + TimeSpan.FromSeconds(180));
                try
                {
                    sippResults.Add(await sipp.WaitForExitAsync(timeout.Token));
                }
                catch (OperationCanceledException ex)
                {
                    log.Line("SIPp did not finish: " + ex.Message.Split('\n')[0]);
                }
            }

            await product.WaitForCallsToEndAsync(TimeSpan.FromSeconds(30));
            var outcome = await ReadOutcomeAsync(product.Db, product.InstanceId, CallScenario.Keys(options.Digits));
            var gaps = SendGapAnalysis.FromCapture(capturePath, options.RtpPortStart, options.RtpPortEnd, windowStart.ToUnixTimeMilliseconds() * 1000, windowEnd.ToUnixTimeMilliseconds() * 1000);
            var captureStats = string.Join("; ", capture.StandardErrorTail.Split('\n').Where(l => l.Contains("Packets captured", StringComparison.Ordinal) || l.Contains("dropped", StringComparison.Ordinal)));

            // Figures.
            var sippCreated = sippResults.Sum(r => r.CallsCreated);
            var sippOk = sippResults.Sum(r => r.SuccessfulCalls);
            var sippFailed = sippResults.Sum(r => r.FailedCalls) + (sippCount - sippResults.Count) * (options.Calls / sippCount);
            var cpuPercentOfCore = (cpuEnd - cpuStart) / windowSeconds * 100;
            var perCallCpu = cpuPercentOfCore / Math.Max(1, upAtStart);
            var sippCpu = (sippCpuEnd - sippCpuStart) / windowSeconds * 100;
            var perCallMb = Mb(maxRss - idleRss) / options.Calls;
            var failed = Math.Max(sippFailed, outcome.FailedCalls) + Math.Max(0, options.Calls - outcome.Calls);
            var p50 = gaps.PercentileMilliseconds(50);
            var p99 = gaps.PercentileMilliseconds(99);
            var p999 = gaps.PercentileMilliseconds(99.9);

            log.Line($"load average during the window: {loadDuring}; SIPp used {sippCpu:0}% of a core, product threads up to {maxThreads}");
            log.Line($"calls up at window start/end: {upAtStart}/{upAtEnd}; window {windowSeconds:0.0} s");
            log.Line($"capture: {captureStats}");
            log.Line("");
            log.Line($"{"figure",-34} {"measured",-26} target");
            log.Row("concurrent calls", Invariant($"{options.Calls} (up in window: {upAtStart})"), Invariant($"{TargetCalls:0}, all up"), options.Calls >= TargetCalls ? upAtStart >= options.Calls : null);
            log.Row("calls attempted (SIPp)", Invariant($"{sippCreated}, ok {sippOk}, failed {sippFailed}"), "", null);
            log.Row("call records", Invariant($"{outcome.Calls}, answered {outcome.Answered}, ended by caller {outcome.CallerHangups}"), "", null);
            log.Row("failed calls", Invariant($"{failed}{outcome.FailureSummary}"), "0", failed == 0);
            log.Row("digits sent / stored", Invariant($"{(long)options.Digits * sippOk} / {outcome.DigitsStored} (K×N = {(long)options.Digits * options.Calls})"), "", null);
            log.Row("lost digits", Invariant($"{outcome.LostDigits} ({outcome.CallsMissingDigits} calls)"), "0", outcome.LostDigits == 0);
            log.Row("duplicated digits", Invariant($"{outcome.ExtraDigits} ({outcome.CallsWithExtraDigits} calls)"), "0", outcome.ExtraDigits == 0);
            log.Row("RTP streams / packets in window", Invariant($"{gaps.Streams} / {gaps.Packets}"), Invariant($"{options.Calls} / ~{options.Calls * 50 * windowSeconds:0}"), null);
            log.Row("RTP send gap p50", Invariant($"{p50:0.00} ms"), "20 ms", null);
            log.Row("RTP send gap p99", Invariant($"{p99:0.00} ms (p99.9 {p999:0.00})"), Invariant($"≤ {TargetGapP99Ms} ms"), p99 <= TargetGapP99Ms);
            log.Row("RTP send gap max", Invariant($"{gaps.MaxMilliseconds:0.00} ms (>22 ms: {gaps.GapsOver22Milliseconds}, >40 ms: {gaps.GapsOver40Milliseconds})"), Invariant($"≤ {TargetGapMaxMs} ms"), gaps.MaxMilliseconds <= TargetGapMaxMs);
            log.Row("product CPU", Invariant($"{cpuPercentOfCore:0.0}% of a core ({perCallCpu:0.000}% per call)"), "", null);
            log.Row("product RSS idle / in load", Invariant($"{Mb(idleRss):0.0} / {Mb(maxRss):0.0} MB"), "", null);
            log.Row("memory per call", Invariant($"{perCallMb:0.000} MB"), Invariant($"≤ {TargetMbPerCall} MB"), perCallMb <= TargetMbPerCall);
            var apiMet = grpc is null || apiResult is not { } apiRun || grpc.Report(log, apiRun);
            var met = apiMet && upAtStart >= options.Calls && failed == 0 && outcome.LostDigits == 0 && outcome.ExtraDigits == 0 && p99 <= TargetGapP99Ms && gaps.MaxMilliseconds <= TargetGapMaxMs && perCallMb <= TargetMbPerCall;
            log.Line("");
            log.Line($"targets at {options.Calls} calls: {(met ? "MET" : "NOT MET")}");
            foreach (var sample in outcome.BadCallSamples)
            {
                log.Line("  e.g. " + sample);
            }

            foreach (var result in sippResults.Where(r => !r.Succeeded))
            {
                log.Line("SIPp: " + Tail(result.Describe(), 1500));
            }

            log.Line($"report: {reportPath}; product log: {hostLogPath}");
            await File.WriteAllTextAsync(reportPath, log.ToString());
            if (options.Keep)
            {
                foreach (var sipp in sipps)
                {
                    sipp.KeepFiles = true;
                }

                Console.WriteLine($"kept {work} and SIPp directories");
            }

            return met ? 0 : 1;
        }
        finally
        {
            grpc?.Dispose();
            await run.EndAsync(sipps, product, options.Keep);
        }
    }

    private static async Task DelayUntilAsync(Stopwatch clock, TimeSpan at)
    {
        var left = at - clock.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }

    private static async Task<CallOutcome> ReadOutcomeAsync(NpgsqlConnection db, string instance, string expected)
    {
        await using var command = new NpgsqlCommand("""
            SELECT r.call_id, r.answered_at IS NOT NULL, coalesce(r.end_reason, 'open'), coalesce(r.sip_status, 0),
                   coalesce(string_agg(d.digit, '' ORDER BY d.id), '')
            FROM call_records r LEFT JOIN call_digits d ON d.call_record_id = r.id
            WHERE r.instance_id = $1
            GROUP BY r.id
            """, db);
        command.Parameters.AddWithValue(instance);
        var outcome = new CallOutcome();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            outcome.Add(reader.GetString(0), reader.GetBoolean(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), expected);
        }

        return outcome;
    }

    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Tail(string text, int max) => text.Length <= max ? text : "…" + text[^max..];

    private sealed class CallOutcome
    {
        private readonly Dictionary<string, int> _endReasons = new(StringComparer.Ordinal);

        public long Calls { get; private set; }

        public long Answered { get; private set; }

        public long CallerHangups { get; private set; }

        public long FailedCalls { get; private set; }

        public long DigitsStored { get; private set; }

        public long LostDigits { get; private set; }

        public long ExtraDigits { get; private set; }

        public long CallsMissingDigits { get; private set; }

        public long CallsWithExtraDigits { get; private set; }

        public List<string> BadCallSamples { get; } = [];

        public string FailureSummary => FailedCalls == 0 ? "" : " (" + string.Join(", ", _endReasons.Where(e => e.Key != "caller_hangup").Select(e => $"{e.Key}: {e.Value}")) + ")";

        public void Add(string callId, bool answered, string endReason, int sipStatus, string digits, string expected)
        {
            Calls++;
            DigitsStored += digits.Length;
            Answered += answered ? 1 : 0;
            _endReasons[endReason] = _endReasons.GetValueOrDefault(endReason) + 1;
            var bad = false;
            if (answered && endReason == "caller_hangup")
            {
                CallerHangups++;
            }
            else
            {
                FailedCalls++;
                bad = true;
            }

            var remaining = new List<char>(digits);
            var lost = 0;
            foreach (var key in expected)
            {
                if (!remaining.Remove(key))
                {
                    lost++;
                }
            }

            LostDigits += lost;
            ExtraDigits += remaining.Count;
            CallsMissingDigits += lost > 0 ? 1 : 0;
            CallsWithExtraDigits += remaining.Count > 0 ? 1 : 0;
            bad |= lost > 0 || remaining.Count > 0 || digits != expected;
            if (bad && BadCallSamples.Count < 5)
            {
                BadCallSamples.Add($"{callId}: answered {answered}, end {endReason} ({sipStatus}), digits '{digits}' (expected '{expected}')");
            }
        }
    }
}
