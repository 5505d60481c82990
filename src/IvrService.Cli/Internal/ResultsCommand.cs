using System.CommandLine;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl results list|follow</c>: survey results of happy calls — a page (or all) of them as a table, CSV or
/// JSON, and the stream of their changes followed from a cursor kept in a file (see <see cref="ResultsFollower"/>).
/// </summary>
internal static class ResultsCommand
{
    private const int MaxLimit = 1_000_000;
    private const int MaxPageSize = 1000;

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
        var from = new Option<string?>("--from") { Description = "Only results last updated at or after this time (ISO 8601; UTC without offset)." };
        var to = new Option<string?>("--to") { Description = "Only results last updated before this time." };
        var technician = new Option<string?>("--technician") { Description = "Only results of this technician id." };
        var serviceType = new Option<string?>("--service-type") { Description = "Only results of this service type." };
        var outcome = new Option<string?>("--outcome")
        {
            Description = "Only results that ended so: completed, partial, opted_out, declined, unreached, cancelled, do_not_call (comma-separated for several).",
        };
        var escalated = new Option<bool?>("--escalated") { Description = "Only escalated results (--escalated or --escalated true) or only others (--escalated false)." };
        var format = new Option<string>("--format") { Description = "table (readable), csv or json (for scripts).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var limit = new Option<int?>("--limit") { Description = "Most results to list (default 50)." };
        var all = new Option<bool>("--all") { Description = "List every matching result, page after page." };
        var command = new Command("list", "List survey results, most recently updated first.");
        foreach (var option in new System.CommandLine.Option[] { from, to, technician, serviceType, outcome, escalated, format, limit, all })
        {
            command.Options.Add(option);
        }

        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            if (parsed.GetValue(all) && parsed.GetValue(limit) is not null)
            {
                throw new UsageException("--all and --limit: give one of them");
            }

            var most = parsed.GetValue(all) ? int.MaxValue : parsed.GetValue(limit) ?? 50;
            if (most is < 1 or > MaxLimit && !parsed.GetValue(all))
            {
                throw new UsageException($"--limit: must be 1 to {MaxLimit}; was {most}");
            }

            var request = new ListSurveyResultsRequest
            {
                TechnicianId = parsed.GetValue(technician) ?? "",
                ServiceType = parsed.GetValue(serviceType) ?? "",
            };
            var start = Formats.ParseTime(parsed.GetValue(from), "--from");
            var end = Formats.ParseTime(parsed.GetValue(to), "--to");
            if (start is not null || end is not null)
            {
                request.Updated = new TimeRange();
                if (start is { } s)
                {
                    request.Updated.StartTime = Timestamp.FromDateTimeOffset(s);
                }

                if (end is { } e)
                {
                    request.Updated.EndTime = Timestamp.FromDateTimeOffset(e);
                }
            }

            foreach (var name in (parsed.GetValue(outcome) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                request.Outcomes.Add(OutcomeOf(name));
            }

            if (parsed.GetValue(escalated) is { } onlyEscalated)
            {
                request.Escalated = onlyEscalated;
            }

            var client = new Surveys.SurveysClient(server.Channel);
            var results = new List<SurveyResult>();
            do
            {
                request.PageSize = (int)Math.Min(MaxPageSize, (long)most - results.Count);
                var page = await client.ListSurveyResultsAsync(request, server.Call(cancellationToken));
                results.AddRange(page.Results);
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && results.Count < most);

            var text = parsed.GetValue(format) switch
            {
                "csv" => Csv(results),
                "json" => Json(results),
                _ => null,
            };
            if (text is not null)
            {
                await output.WriteAsync(text.AsMemory(), cancellationToken);
                return ExitCodes.Ok;
            }

            var table = new TextTable(Header);
            foreach (var result in results)
            {
                table.Add(Cells(result));
            }

            await table.WriteAsync(output, cancellationToken);
            return ExitCodes.Ok;
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

    private static string Csv(List<SurveyResult> results)
    {
        var text = new StringBuilder();
        AppendCsvLine(text, Header);
        foreach (var result in results)
        {
            var cells = Cells(result);
            cells[2] = result.UpdatedAt.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            AppendCsvLine(text, cells);
        }

        return text.ToString();
    }

    private static void AppendCsvLine(StringBuilder text, IEnumerable<string> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(cell);
            }
        }

        text.Append('\n');
    }

    /// <summary>A JSON array of the results in the protobuf JSON mapping (the contract's field names in lowerCamelCase).</summary>
    private static string Json(List<SurveyResult> results)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < results.Count; i++)
        {
            text.Append(i == 0 ? "\n  " : ",\n  ").Append(JsonFormatter.Default.Format(results[i]));
        }

        return text.Append(results.Count == 0 ? "]\n" : "\n]\n").ToString();
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
