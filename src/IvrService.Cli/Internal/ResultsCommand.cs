using System.CommandLine;
using System.Globalization;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl results list|follow</c>: survey results of happy calls — a page (or all) of them as a table, CSV or
/// JSON, and the stream of their changes followed from a cursor kept in a file (see <see cref="ResultsFollower"/>).
/// </summary>
internal static class ResultsCommand
{
    private static readonly string[] Header =
        ["RESULT", "SERVICE", "UPDATED", "TECHNICIAN", "TYPE", "STATE", "OUTCOME", "ATTEMPTS", "ESCALATED", "ANSWERS"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("results", "Read survey results of happy calls: list them, follow their changes.");
        command.Subcommands.Add(List(output, error));
        command.Subcommands.Add(ResultsFollower.Create(output, error));
        return command;
    }

    /// <summary>True for <c>results follow</c>, which answers SIGINT and SIGTERM itself (it exits 0 after saving its cursor).</summary>
    public static bool HandlesTermination(ParseResult parsed) =>
        parsed.CommandResult.Command.Name == ResultsFollower.Name && parsed.CommandResult.Parent is System.CommandLine.Parsing.CommandResult { Command.Name: "results" };

    private static Command List(TextWriter output, TextWriter error)
    {
        var list = new ListOptions<SurveyResult>("results last updated", "results", "result", Header, Cells, CsvCells);
        var technician = new Option<string?>("--technician") { Description = "Only results of this technician id." };
        var serviceType = new Option<string?>("--service-type") { Description = "Only results of this service type." };
        var outcome = new Option<string?>("--outcome")
        {
            Description = "Only results that ended so: completed, partial, opted_out, declined, unreached, cancelled, do_not_call (comma-separated for several).",
        };
        var escalated = new Option<bool?>("--escalated") { Description = "Only escalated results (--escalated or --escalated true) or only others (--escalated false)." };
        var command = new Command("list", "List survey results, most recently updated first.");
        list.AddTo(command);
        foreach (var option in new System.CommandLine.Option[] { technician, serviceType, outcome, escalated })
        {
            command.Options.Add(option);
        }

        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var request = new ListSurveyResultsRequest
            {
                TechnicianId = parsed.GetValue(technician) ?? "",
                ServiceType = parsed.GetValue(serviceType) ?? "",
                Updated = list.Range(parsed),
            };
            foreach (var name in (parsed.GetValue(outcome) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                request.Outcomes.Add(OutcomeOf(name));
            }

            if (parsed.GetValue(escalated) is { } onlyEscalated)
            {
                request.Escalated = onlyEscalated;
            }

            var client = new Surveys.SurveysClient(server.Channel);
            return await list.PrintAsync(
                output, parsed, request, r => client.ListSurveyResultsAsync(r, server.Call(cancellationToken)).ResponseAsync, page => page.Results, cancellationToken);
        });
        return command;
    }

    /// <summary>The answers in one cell: <c>question=value</c> (the choice id for choices), comma-separated.</summary>
    public static string Answers(SurveyResult result) =>
        result.Answers.Count == 0
            ? "-"
            : string.Join(',', result.Answers.Select(a => a.QuestionId + "=" + (a.ChoiceId.Length > 0 ? a.ChoiceId : a.Value.ToString(CultureInfo.InvariantCulture))));

    private static string[] Cells(SurveyResult result) =>
    [
        result.ResultId,
        result.ServiceId,
        Formats.Time(result.UpdatedAt),
        result.TechnicianId.Length == 0 ? "-" : result.TechnicianId,
        result.ServiceType.Length == 0 ? "-" : result.ServiceType,
        Formats.Name(result.State),
        Formats.Name(result.Outcome),
        Formats.Number(result.Attempts),
        result.Escalated ? "yes" : "no",
        Answers(result),
    ];

    /// <summary>The cells of a CSV row: those of the table, with the exact time.</summary>
    private static string[] CsvCells(SurveyResult result)
    {
        var cells = Cells(result);
        cells[2] = result.UpdatedAt.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        return cells;
    }

    private static SurveyOutcome OutcomeOf(string name) => name switch
    {
        "completed" => SurveyOutcome.Completed,
        "partial" => SurveyOutcome.Partial,
        "opted_out" => SurveyOutcome.OptedOut,
        "declined" => SurveyOutcome.Declined,
        "unreached" => SurveyOutcome.Unreached,
        "cancelled" => SurveyOutcome.Cancelled,
        "do_not_call" => SurveyOutcome.DoNotCall,
        _ => throw new UsageException(
            $"--outcome: '{name}' is not one of completed, partial, opted_out, declined, unreached, cancelled, do_not_call"),
    };
}
