using System.Diagnostics;
using System.Globalization;
using IvrService.Storage;
using IvrService.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace IvrService.Benchmarks.Report;

/// <summary>
/// The report queries over many rows: a throw-away PostgreSQL cluster, N inbound calls spread over a year (nine in ten
/// answered, each with a main-menu choice, some with messages and callbacks) with their step summaries, then the
/// inbound report of the whole year by Tehran day (365 periods) and by month, several times each: p50 and max per
/// report. With happy calls, also M happy calls over the same year with their attempts and answers
/// (<see cref="HappyCallReportSeeder"/>) and the outbound and satisfaction reports (<see cref="HappyCallReportTimings"/>).
/// </summary>
internal static class ReportBenchmark
{
    public const string Usage = """
        report options:
          --calls N            inbound calls to seed over one year (default 1000000; 0: no inbound report)
          --happy-calls M      happy calls to seed over the same year, about two attempts each (default 0: no
                               outbound and satisfaction reports)
          --runs R             reports of each kind to time (default 5)
        """;

    private static readonly DateTimeOffset s_yearStart = new(2025, 3, 21, 0, 0, 0, TimeSpan.FromHours(3.5));

    public static async Task<int> RunAsync(string[] args)
    {
        var calls = 1_000_000;
        var happyCalls = 0;
        var runs = 5;
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 < args.Length && args[i] == "--calls" && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out calls) && calls >= 0)
            {
                i++;
            }
            else if (i + 1 < args.Length && args[i] == "--happy-calls"
                && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out happyCalls) && happyCalls >= 0)
            {
                i++;
            }
            else if (i + 1 < args.Length && args[i] == "--runs" && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out runs) && runs > 0)
            {
                i++;
            }
            else
            {
                await Console.Error.WriteLineAsync($"report: bad option '{args[i]}'\n{Usage}");
                return 2;
            }
        }

        var postgres = new PostgresFixture();
        await postgres.InitializeAsync();
        try
        {
            // One connection: every report runs on the same backend, whose CPU the happy-call timings read.
            var connectionString = await postgres.CreateDatabaseAsync() + ";Maximum Pool Size=1";
            var services = new ServiceCollection()
                .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Ivr"] = connectionString })
                    .Build())
                .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
                .AddIvrStorage()
                .BuildServiceProvider();
            await using (services)
            {
                var database = services.GetRequiredService<IvrDatabase>();
                await database.StartAsync(CancellationToken.None);
                if (happyCalls > 0)
                {
                    var seedingHappyCalls = Stopwatch.StartNew();
                    await HappyCallReportSeeder.SeedAsync(database.DataSource, s_yearStart, happyCalls);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {happyCalls} happy calls in {seedingHappyCalls.Elapsed.TotalSeconds:0.0} s"));
                    await new HappyCallReportTimings(database.DataSource, services.GetRequiredService<IHappyCallReportQueries>(), runs).RunAsync(s_yearStart);
                }

                if (calls == 0)
                {
                    return 0;
                }

                var seeding = Stopwatch.StartNew();
                await SeedAsync(database.DataSource, calls);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {calls} calls in {seeding.Elapsed.TotalSeconds:0.0} s"));

                var queries = services.GetRequiredService<ICallReportQueries>();
                var days = Enumerable.Range(0, 366).Select(d => s_yearStart.AddDays(d)).ToArray();
                var months = new List<DateTimeOffset>();
                for (var m = 0; m <= 12; m++)
                {
                    months.Add(s_yearStart.AddMonths(m));
                }

                await TimeAsync("year by day (365 periods)", queries, new InboundReportQuery(days), runs);
                await TimeAsync("year by month (12 periods)", queries, new InboundReportQuery(months), runs);
                await TimeAsync("year by day, main menu only", queries, new InboundReportQuery(days, MenuNodeId: "main"), runs);
            }
        }
        finally
        {
            await postgres.DisposeAsync();
        }

        return 0;
    }

    private static async Task TimeAsync(string name, ICallReportQueries queries, InboundReportQuery query, int runs)
    {
        var times = new List<double>(runs);
        InboundReportData? data = null;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            data = await queries.GetInboundAsync(query, CancellationToken.None);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: p50 {times[times.Count / 2]:0} ms, max {times[^1]:0} ms; {data!.Total.Offered} calls, {data.TotalChoices.Count} menu options"));
    }

    private static async Task SeedAsync(NpgsqlDataSource dataSource, int calls)
    {
        await using var batch = dataSource.CreateBatch();
        var records = new NpgsqlBatchCommand("""
            INSERT INTO call_records (call_id, direction, from_uri, to_uri, caller, called, source_address, transport, offered_at,
                                      answered_at, ended_at, end_reason, instance_id, flow_id, flow_version, flow_outcome, language)
            SELECT 'bench-' || g, 'inbound', 'sip:0912@bench', 'sip:100@bench', '0912', '100', '127.0.0.1:5060', 'udp', t,
                   CASE WHEN g % 10 <> 0 THEN t + interval '1 second' END,
                   t + make_interval(secs => 30 + g % 300), 'caller_hangup', 'bench', 'after-sales', 1,
                   CASE WHEN g % 10 <> 0 THEN (ARRAY['completed', 'abandoned', 'transferred', 'message_left', 'callback_requested'])[1 + g % 5] END,
                   'fa'
            FROM generate_series(1, $2) g, LATERAL (SELECT $1::timestamptz + make_interval(secs => (g::double precision * 31536000 / $2)) AS t) o
            """);
        records.Parameters.Add(new NpgsqlParameter { Value = s_yearStart.UtcDateTime });
        records.Parameters.Add(new NpgsqlParameter { Value = calls });
        batch.BatchCommands.Add(records);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO call_steps (call_id, call_record_id, seq, at, node_id, kind, detail, flow_id, flow_version)
            SELECT c.call_id, c.id, s.seq, c.answered_at, s.node_id, s.kind, s.detail, 'after-sales', 1
            FROM call_records c
            CROSS JOIN LATERAL (VALUES
                (1, 'main', 'node_entered', 'menu'),
                (2, 'main', 'digits', (ARRAY['1', '2', '3', '0'])[1 + c.id % 4]),
                (3, (ARRAY['status', 'fault', 'complaint', 'operator'])[1 + c.id % 4], 'node_entered', 'say'),
                (4, 'complaint', CASE WHEN c.id % 7 = 0 THEN 'recorded' WHEN c.id % 11 = 0 THEN 'callback' ELSE 'prompt_played' END, 'bench')
            ) AS s(seq, node_id, kind, detail)
            WHERE c.answered_at IS NOT NULL
            """));

        // The summaries the reports read, as the migration makes them for calls that ended before it (the product
        // stores each call's with its outcome and end).
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT summarise_call_steps(ARRAY(SELECT id FROM call_records))"));
        batch.Timeout = 3600;
        await batch.ExecuteNonQueryAsync();

        // The summaries updated every row; autovacuum would reclaim the old versions in time.
        await using var vacuum = dataSource.CreateCommand("VACUUM ANALYZE call_records, call_steps");
        vacuum.CommandTimeout = 3600;
        await vacuum.ExecuteNonQueryAsync();
    }
}
