using System.CommandLine;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl call test &lt;number&gt;</c>: places a test survey call now (Admin.PlaceTestCall) and prints its happy-call
/// id; with <c>--wait</c> it follows the result (Surveys.GetSurveyResult, once a second) until it is final and prints
/// the outcome and the answers. Exit codes: 0 placed (or, waiting, the survey completed), 1 refused or, waiting, any
/// other outcome or the wait ran out.
/// </summary>
internal static class CallCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("call", "Calls placed on demand.");
        command.Subcommands.Add(Test(output, error));
        return command;
    }

    private static Command Test(TextWriter output, TextWriter error)
    {
        var number = new Argument<string>("number") { Description = "The number to call: E.164 (+98912…) or national (0912…)." };
        var survey = new Option<string?>("--survey") { Description = "The survey to run (id); default: the survey of service type test." };
        var language = new Option<string>("--language") { Description = "The language of the call.", DefaultValueFactory = _ => "fa" };
        language.AcceptOnlyFromAmong("fa", "en");
        var wait = new Option<bool>("--wait") { Description = "Follow the result until it is final, then print the outcome and the answers." };
        var timeout = new Option<TimeSpan>("--timeout")
        {
            Description = "How long --wait waits for a final result (hh:mm:ss).",
            DefaultValueFactory = _ => TimeSpan.FromMinutes(15),
        };
        var command = new Command("test", "Place a test survey call now (a synthetic service of type test, no delay; the do-not-call list and calling window still apply).");
        command.Arguments.Add(number);
        foreach (var option in new Option[] { survey, language, wait, timeout })
        {
            command.Options.Add(option);
        }

        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var placed = await new Admin.AdminClient(server.Channel).PlaceTestCallAsync(
                new PlaceTestCallRequest
                {
                    Phone = parsed.GetValue(number)!,
                    SurveyId = parsed.GetValue(survey) ?? "",
                    Language = parsed.GetValue(language)!,
                },
                server.Call(cancellationToken));
            await output.WriteLineAsync(
                $"test call {placed.HappyCallId} to {placed.Phone}: survey {placed.SurveyId}, service {placed.ServiceId}, due {Formats.Time(placed.DueAt)}".AsMemory(),
                cancellationToken);
            if (!parsed.GetValue(wait))
            {
                return ExitCodes.Ok;
            }

            return await WaitAsync(output, server, placed.HappyCallId, parsed.GetValue(timeout), cancellationToken);
        });
        return command;
    }

    private static async Task<int> WaitAsync(TextWriter output, ServerConnection server, string resultId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var surveys = new Surveys.SurveysClient(server.Channel);
        var deadline = DateTimeOffset.UtcNow + timeout;
        var seen = (State: HappyCallState.Unspecified, Attempts: -1, Answers: -1);
        while (true)
        {
            var result = await surveys.GetSurveyResultAsync(new GetSurveyResultRequest { ResultId = resultId }, server.Call(cancellationToken));
            if ((result.State, result.Attempts, result.Answers.Count) != seen)
            {
                seen = (result.State, result.Attempts, result.Answers.Count);
                await output.WriteLineAsync(
                    $"{Formats.Time(result.UpdatedAt)}  {Formats.Name(result.State)}, attempts {result.Attempts}, answers {result.Answers.Count}".AsMemory(),
                    cancellationToken);
            }

            if (result.State is not (HappyCallState.Pending or HappyCallState.InProgress or HappyCallState.Unspecified))
            {
                await WriteResultAsync(output, result, cancellationToken);
                return result.Outcome == SurveyOutcome.Completed ? ExitCodes.Ok : ExitCodes.Problems;
            }

            if (DateTimeOffset.UtcNow + PollInterval > deadline)
            {
                await output.WriteLineAsync(
                    $"still {Formats.Name(result.State)} after {timeout}; the result keeps its id {resultId}".AsMemory(), cancellationToken);
                return ExitCodes.Problems;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static async Task WriteResultAsync(TextWriter output, SurveyResult result, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(
            $"outcome: {Formats.Name(result.Outcome)} after {result.Attempts} attempt(s){(result.Escalated ? ", escalated" : "")}{(result.HasComment ? ", voice comment left" : "")}".AsMemory(),
            cancellationToken);
        if (result.Answers.Count == 0)
        {
            await output.WriteLineAsync("answers: none".AsMemory(), cancellationToken);
            return;
        }

        var table = new TextTable("QUESTION", "KIND", "ANSWER", "KEYS", "METHOD", "AT");
        foreach (var answer in result.Answers)
        {
            table.Add(
                answer.QuestionId,
                Formats.Name(answer.Kind),
                answer.ChoiceId.Length > 0 ? answer.ChoiceId : Formats.Number(answer.Value),
                answer.Digits,
                Formats.Name(answer.Method),
                Formats.Time(answer.AnsweredAt));
        }

        await table.WriteAsync(output, cancellationToken);
    }
}
