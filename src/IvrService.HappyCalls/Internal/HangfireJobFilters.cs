using Hangfire;
using Hangfire.Common;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Hangfire's process-wide job filters a dialer has no use for, each a database round trip or two per job: the
/// captured culture (written with every job, read twice as it runs; the attempt job formats nothing by culture), the
/// dashboard's daily and hourly statistics (two counters per job; no dashboard is served) and continuations (a read
/// of the job's parameters at each final state; no job has one). Automatic retry stays.
/// </summary>
internal static class HangfireJobFilters
{
    public static void RemoveUnused()
    {
        GlobalJobFilters.Filters.Remove(typeof(CaptureCultureAttribute));
        GlobalJobFilters.Filters.Remove(typeof(StatisticsHistoryAttribute));
        GlobalJobFilters.Filters.Remove(typeof(ContinuationsSupportAttribute));
    }

}
