using System.CommandLine;
using System.Text;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl report satisfaction</c>: survey results per period (and technician or service type) as readable tables
/// (surveys, responses, CSAT, NPS, escalations; then the average per question), as CSV (columns per question) or as
/// JSON (numbers as numbers).
/// </summary>
internal static class SatisfactionReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var scope = new ReportScopeOptions();
        var groups = new ReportGroupOptions();
        var survey = new Option<string?>("--survey") { Description = "Only results of this survey (id)." };
        var command = new Command(
            "satisfaction",
            "Survey results per period: surveys due, responses and response rate, CSAT (ratings 4-5), NPS (scores 9-10 minus 0-6), escalations, average per question.");
        scope.AddTo(command);
        groups.AddTo(command);
        command.Options.Add(survey);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var (zoneName, calendarName, periodName) = scope.Names(parsed);
            var groupName = parsed.GetValue(groups.GroupBy)!;
            var request = new SatisfactionReportRequest
            {
                Scope = scope.Scope(parsed),
                GroupBy = ReportGroupOptions.Grouping(groupName),
                TechnicianId = parsed.GetValue(groups.Technician) ?? "",
                ServiceType = parsed.GetValue(groups.ServiceType) ?? "",
                SurveyId = parsed.GetValue(survey) ?? "",
            };
            var report = await new Reports.ReportsClient(server.Channel).GetSatisfactionReportAsync(request, server.Call(cancellationToken));
            await scope.WriteAsync(
                output,
                parsed,
                report,
                Csv,
                r => Json(r, periodName, calendarName, zoneName, groupName),
                (writer, r, token) => WriteTablesAsync(writer, r, periodName == "week", request.GroupBy, calendarName, zoneName, token),
                cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static List<string> QuestionIds(SatisfactionReport report) =>
        [.. report.Totals.SelectMany(t => t.Questions).Select(q => q.QuestionId).Distinct().Order(StringComparer.Ordinal)];

    private static async Task WriteTablesAsync(
        TextWriter output, SatisfactionReport report, bool weeks, ReportGrouping grouping, string calendarName, string zoneName, CancellationToken cancellationToken)
    {
        var figures = new TextTable([
            .. ReportGroupOptions.Header(weeks, grouping, withName: true), "SURVEYS", "RESPONSES", "RESPONSE RATE", "CSAT", "NPS", "ESCALATIONS",
        ]);
        var questions = new TextTable([.. ReportGroupOptions.Header(weeks, grouping, withName: false), "QUESTION", "KIND", "ANSWERS", "AVERAGE"]);
        foreach (var row in report.Rows.Concat(report.Totals))
        {
            figures.Add([
                .. ReportGroupOptions.Cells(row.Period, row.Group, weeks, grouping, withName: true, calendarName, zoneName),
                Formats.Number(row.Surveys),
                Formats.Number(row.Responses),
                row.Surveys == 0 ? "-" : ReportText.Percent(row.ResponseRate),
                row.Ratings == 0 ? "-" : ReportText.Percent(row.Csat / 100),
                row.Scores == 0 ? "-" : ReportText.Decimal(row.Nps, 1),
                Formats.Number(row.Escalations),
            ]);
            foreach (var question in row.Questions)
            {
                questions.Add([
                    .. ReportGroupOptions.Cells(row.Period, row.Group, weeks, grouping, withName: false, calendarName, zoneName),
                    question.QuestionId, question.Kind, Formats.Number(question.Answers), ReportText.Decimal(question.Average),
                ]);
            }
        }

        await figures.WriteAsync(output, cancellationToken);
        await output.WriteLineAsync();
        if (questions.Count == 0)
        {
            await output.WriteLineAsync("questions: no rating or score answered".AsMemory(), cancellationToken);
            return;
        }

        await questions.WriteAsync(output, cancellationToken);
    }

    private static string Csv(SatisfactionReport report)
    {
        var ids = QuestionIds(report);
        var text = new StringBuilder();
        ReportText.AppendCsvLine(text, [
            "period", "start", "end", "group", "group_name", "surveys", "responses", "response_rate", "csat", "nps", "escalations", "ratings", "scores",
            .. ids.SelectMany(id => new[] { id + ".answers", id + ".average" }),
        ]);
        foreach (var row in report.Rows.Concat(report.Totals))
        {
            ReportText.AppendCsvLine(text, [
                .. ReportGroupOptions.CsvCells(row.Period, row.Group),
                Formats.Number(row.Surveys), Formats.Number(row.Responses), ReportText.Decimal(row.ResponseRate, 4),
                ReportText.Decimal(row.Csat, 2), ReportText.Decimal(row.Nps, 2), Formats.Number(row.Escalations),
                Formats.Number(row.Ratings), Formats.Number(row.Scores),
                .. ids.SelectMany(id => row.Questions.FirstOrDefault(q => q.QuestionId == id) is { } q
                    ? new[] { Formats.Number(q.Answers), ReportText.Decimal(q.Average, 4) }
                    : ["0", ""]),
            ]);
        }

        return text.ToString();
    }

    private static string Json(SatisfactionReport report, string periodName, string calendarName, string zoneName, string groupName) =>
        ReportGroupOptions.Json((periodName, calendarName, zoneName, groupName), report.Rows, report.Totals, row => (row.Period, row.Group), (json, row) =>
        {
            json.WriteNumber("surveys", row.Surveys);
            json.WriteNumber("responses", row.Responses);
            json.WriteNumber("responseRate", row.ResponseRate);
            json.WriteNumber("csat", row.Csat);
            json.WriteNumber("nps", row.Nps);
            json.WriteNumber("escalations", row.Escalations);
            json.WriteNumber("ratings", row.Ratings);
            json.WriteNumber("scores", row.Scores);
            json.WriteStartArray("questions");
            foreach (var question in row.Questions)
            {
                json.WriteStartObject();
                json.WriteString("questionId", question.QuestionId);
                json.WriteString("kind", question.Kind);
                json.WriteNumber("answers", question.Answers);
                json.WriteNumber("average", question.Average);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
}
