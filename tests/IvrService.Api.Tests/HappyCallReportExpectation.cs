namespace IvrService.Api.Tests;

/// <summary>One row of the outbound report as the test counts it.</summary>
internal sealed record ExpectedOutbound(
    long HappyCalls, long Attempts, long Reached, IReadOnlyDictionary<string, long> Outcomes, IReadOnlyDictionary<string, long> Results);

/// <summary>One question's answers as the test counts them.</summary>
internal sealed record ExpectedQuestion(string Kind, long Answers, double Average);

/// <summary>One row of the satisfaction report as the test counts it.</summary>
internal sealed record ExpectedSatisfaction(
    long Surveys, long Responses, long Escalations, double Csat, double Nps, long Ratings, long Scores, IReadOnlyDictionary<string, ExpectedQuestion> Questions);

/// <summary>
/// Counts seeded happy calls by period and group without the server's code (labels from <see cref="ReportExpectation.Label"/>),
/// straight from the definitions in the contract.
/// </summary>
internal static class HappyCallReportExpectation
{
    private static readonly string[] s_reached = ["completed", "unfinished", "opted_out"];
    private static readonly string[] s_final = ["finished", "unreached", "do_not_call"];

    /// <summary>The outbound rows by (label, group key); group "technician", "service_type" or "" for none.</summary>
    public static Dictionary<(string Label, string Key), ExpectedOutbound> Outbound(
        IEnumerable<SeededHappyCall> calls, DateTimeOffset from, DateTimeOffset to, string period, string calendar, TimeZoneInfo zone, string group)
    {
        return calls
            .SelectMany(c => c.Attempts.Select(a => (Call: c, Attempt: a)))
            .Where(x => x.Attempt.ClaimedAt >= from && x.Attempt.ClaimedAt < to)
            .GroupBy(x => (ReportExpectation.Label(x.Attempt.ClaimedAt, period, calendar, zone), GroupOf(x.Call, group)))
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var happyCalls = g.Select(x => x.Call).Distinct().ToList();
                    return new ExpectedOutbound(
                        happyCalls.Count,
                        g.Count(),
                        g.Where(x => s_reached.Contains(x.Attempt.Outcome)).Select(x => x.Call).Distinct().Count(),
                        g.GroupBy(x => x.Attempt.Outcome ?? "in_progress").ToDictionary(o => o.Key, o => (long)o.Count(), StringComparer.Ordinal),
                        happyCalls.GroupBy(c => c.Result).ToDictionary(r => r.Key, r => (long)r.Count(), StringComparer.Ordinal));
                });
    }

    /// <summary>The satisfaction rows by (label, group key).</summary>
    public static Dictionary<(string Label, string Key), ExpectedSatisfaction> Satisfaction(
        IEnumerable<SeededHappyCall> calls, DateTimeOffset from, DateTimeOffset to, string period, string calendar, TimeZoneInfo zone, string group)
    {
        return calls
            .Where(c => s_final.Contains(c.State) && c.FinalAt >= from && c.FinalAt < to)
            .GroupBy(c => (ReportExpectation.Label(c.FinalAt, period, calendar, zone), GroupOf(c, group)))
            .ToDictionary(g => g.Key, g => Figures(g.ToList()));
    }

    public static ExpectedSatisfaction Figures(IReadOnlyList<SeededHappyCall> results)
    {
        var answers = results.SelectMany(r => r.Answers).Where(a => a.Kind is "rating" or "score").ToList();
        var ratings = answers.Where(a => a.Kind == "rating").ToList();
        var scores = answers.Where(a => a.Kind == "score").ToList();
        return new ExpectedSatisfaction(
            results.Count,
            results.Count(r => r.Outcome is "completed" or "partial"),
            results.Count(r => r.Escalated),
            ratings.Count == 0 ? 0 : 100.0 * ratings.Count(a => a.Value >= 4) / ratings.Count,
            scores.Count == 0 ? 0 : (100.0 * scores.Count(a => a.Value >= 9) / scores.Count) - (100.0 * scores.Count(a => a.Value <= 6) / scores.Count),
            ratings.Count,
            scores.Count,
            answers.GroupBy(a => a.QuestionId).ToDictionary(
                q => q.Key,
                q => new ExpectedQuestion(q.First().Kind, q.Count(), q.Average(a => a.Value)),
                StringComparer.Ordinal));
    }

    private static string GroupOf(SeededHappyCall call, string group) => group switch
    {
        "technician" => call.TechnicianId,
        "service_type" => call.ServiceType,
        _ => "",
    };
}
