using System.CommandLine;
using System.Globalization;
using IvrService.Flows.Simulation;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl simulate &lt;menu.yaml&gt;</c>: runs the menu with the engine on a simulated call and prints the
/// transcript (what the caller hears, keys, timeouts, the outcome) and the path taken. Keys come from
/// <c>--digits 2,12345#</c>, or one line per input from the standard input.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter output, TextWriter error, TextReader input)
    {
        var menu = new Argument<string>("menu") { Description = "The menu definition file (prompts/menus/<name>.yaml)." };
        var digits = new Option<string?>("--digits")
        {
            Description = "The caller's keys, one comma group per input (empty group: let the timeout pass), e.g. 2,12345#. Interactive without it.",
        };
        var language = new Option<string?>("--language") { Description = "The language to start in (default: the menu's first)." };
        var caller = new Option<string?>("--caller") { Description = "The caller's number (default 09121234567)." };
        var at = new Option<string?>("--at") { Description = "When the call happens, ISO 8601 with offset (e.g. 2025-03-01T10:00+03:30); default now." };
        var data = new Option<string?>("--data") { Description = "A YAML file of service requests (service_requests: [...]) for lookups." };
        var prompts = CommonOptions.Prompts();
        var settings = CommonOptions.Settings();
        var command = new Command("simulate", "Run a menu on a simulated call and print what the caller hears and the path taken.");
        command.Arguments.Add(menu);
        command.Options.Add(digits);
        command.Options.Add(language);
        command.Options.Add(caller);
        command.Options.Add(prompts);
        command.Options.Add(settings);
        command.Options.Add(at);
        command.Options.Add(data);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                var file = parsed.GetValue(menu)!;
                var definitions = new DefinitionFiles(parsed.GetValue(prompts), parsed.GetValue(settings));
                var script = Script(parsed.GetValue(digits), input, error);
                var start = StartTime(parsed.GetValue(at));
                var (result, catalog) = definitions.Load(file);
                if (result.Definition is not { } flow || result.Problems.Count > 0 || catalog is null)
                {
                    foreach (var problem in result.Problems)
                    {
                        await output.WriteLineAsync(problem.ToString().AsMemory(), cancellationToken);
                    }

                    return ExitCodes.Problems;
                }

                var startLanguage = parsed.GetValue(language);
                if (startLanguage is not null && !flow.Languages.Contains(startLanguage))
                {
                    throw new UsageException($"--language: '{startLanguage}' is not one of the menu's languages ({string.Join(", ", flow.Languages)})");
                }

                var services = new SimulatedFlowServices();
                if (parsed.GetValue(data) is { } dataFile)
                {
                    if (!File.Exists(dataFile))
                    {
                        throw new UsageException($"{dataFile}: no such data file");
                    }

                    try
                    {
                        services.AddFromYaml(await File.ReadAllTextAsync(dataFile, cancellationToken), dataFile);
                    }
                    catch (FormatException problem)
                    {
                        await output.WriteLineAsync(problem.Message.AsMemory(), cancellationToken);
                        return ExitCodes.Problems;
                    }
                }

                var options = new SimulationOptions
                {
                    CallerNumber = parsed.GetValue(caller) ?? new SimulationOptions().CallerNumber,
                    Language = startLanguage,
                    StartTime = start,
                    TransferDestinations = definitions.DestinationsFor(file),
                };
                await FlowSimulator.RunAsync(flow, catalog, script, services, options, output, cancellationToken);
                return ExitCodes.Ok;
            }
            catch (UsageException usage)
            {
                await error.WriteLineAsync($"ivrctl: {usage.Message}".AsMemory(), cancellationToken);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static CallerScript Script(string? digits, TextReader input, TextWriter error)
    {
        if (digits is null)
        {
            return CallerScript.FromReader(input, error, "keys (empty: wait, end of input: hang up)> ");
        }

        try
        {
            return CallerScript.Parse(digits);
        }
        catch (FormatException bad)
        {
            throw new UsageException($"--digits: {bad.Message}", bad);
        }
    }

    private static DateTimeOffset? StartTime(string? at)
    {
        if (at is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var instant)
            ? instant
            : throw new UsageException($"--at: '{at}' is not an ISO 8601 time such as 2025-03-01T10:00+03:30");
    }
}
