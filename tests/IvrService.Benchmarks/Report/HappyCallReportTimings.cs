using System.Diagnostics;
using System.Globalization;
using IvrService.Benchmarks.Load;
using IvrService.Storage;
using Npgsql;

namespace IvrService.Benchmarks.Report;

/// <summary>
/// Times the outbound and satisfaction reports over seeded happy calls: the year by Tehran day (365 periods), the
/// year by month grouped by technician, and one month by day, <c>runs</c> times each. Each report's wall time and
/// the CPU PostgreSQL spent on it: its backend's (the data source holds one connection, so every report runs on the
/// same backend) and its parallel workers' (ended children of the postmaster): p50 and max.
/// </summary>
internal sealed class HappyCallReportTimings(NpgsqlDataSource dataSource, IHappyCallReportQueries queries, int runs)
{
    public async Task RunAsync(DateTimeOffset yearStart)
    {
        var days = Enumerable.Range(0, 366).Select(d => yearStart.AddDays(d)).ToArray();
        var months = Enumerable.Range(0, 13).Select(m => yearStart.AddMonths(m)).ToArray();
        var monthStart = yearStart.AddMonths(6);
        var monthDays = Enumerable.Range(0, 1 + (int)(monthStart.AddMonths(1) - monthStart).TotalDays).Select(d => monthStart.AddDays(d)).ToArray();

        await TimeAsync("outbound, year by day (365 periods)", async () => Describe(await queries.GetOutboundAsync(new OutboundReportQuery(days), CancellationToken.None)));
        await TimeAsync("outbound, year by month, by technician", async () => Describe(await queries.GetOutboundAsync(
            new OutboundReportQuery(months, ReportGroup.Technician), CancellationToken.None)));
        await TimeAsync("outbound, one month by day", async () => Describe(await queries.GetOutboundAsync(new OutboundReportQuery(monthDays), CancellationToken.None)));
        await TimeAsync("satisfaction, year by day (365 periods)", async () => Describe(await queries.GetSatisfactionAsync(
            new SatisfactionReportQuery(days), CancellationToken.None)));
        await TimeAsync("satisfaction, year by month, by technician", async () => Describe(await queries.GetSatisfactionAsync(
            new SatisfactionReportQuery(months, ReportGroup.Technician), CancellationToken.None)));
        await TimeAsync("satisfaction, one month by day", async () => Describe(await queries.GetSatisfactionAsync(
            new SatisfactionReportQuery(monthDays), CancellationToken.None)));
    }

    private static string Describe(OutboundReportData data)
    {
        var totals = data.Groups.Where(g => g.Period is null).ToList();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{totals.Sum(g => g.HappyCalls)} happy calls, {totals.Sum(g => g.Attempts)} attempts, {totals.Sum(g => g.Reached)} reached");
    }

    private static string Describe(SatisfactionReportData data)
    {
        var totals = data.Groups.Where(g => g.Period is null).ToList();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{totals.Sum(g => g.Surveys)} surveys, {totals.Sum(g => g.Responses)} responses, {totals.Sum(g => g.Escalations)} escalations, "
            + $"{totals.Sum(g => g.Questions.Sum(q => q.Answers))} answers");
    }

    private async Task TimeAsync(string name, Func<Task<string>> report)
    {
        var wall = new List<double>(runs);
        var cpu = new List<double>(runs);
        var figures = "";
        for (var i = 0; i < runs; i++)
        {
            var backend = await BackendAsync();
            var postmaster = ProcessFigures.ParentId(backend) ?? 0;
            var cpuBefore = PostgresCpuSeconds(backend, postmaster);
            var watch = Stopwatch.StartNew();
            figures = await report();
            wall.Add(watch.Elapsed.TotalMilliseconds);
            cpu.Add((PostgresCpuSeconds(backend, postmaster) - cpuBefore) * 1000);
        }

        wall.Sort();
        cpu.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: wall p50 {wall[wall.Count / 2]:0} ms, max {wall[^1]:0} ms; PostgreSQL CPU p50 {cpu[cpu.Count / 2]:0} ms, max {cpu[^1]:0} ms; {figures}"));
    }

    private static double PostgresCpuSeconds(int backend, int postmaster) =>
        (ProcessFigures.CpuSeconds(backend) ?? double.NaN) + (ProcessFigures.EndedChildrenCpuSeconds(postmaster) ?? double.NaN);

    /// <summary>The process id of the data source's one connection's backend.</summary>
    private async Task<int> BackendAsync()
    {
        await using var command = dataSource.CreateCommand("SELECT pg_backend_pid()");
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
