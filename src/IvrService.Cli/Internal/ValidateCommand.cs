using System.CommandLine;

namespace IvrService.Cli.Internal;

/// <summary><c>ivrctl validate &lt;file&gt;...</c> (menus and surveys): every problem as <c>file:line:col: path: reason</c>, or "ok" per file.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = new Argument<string[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "Menu and survey definition files (prompts/menus/*.yaml, prompts/surveys/*.yaml)." };
        var prompts = CommonOptions.Prompts();
        var settings = CommonOptions.Settings();
        var command = new Command("validate", "Check menu and survey definitions and print every problem (file, path, reason).");
        command.Arguments.Add(files);
        command.Options.Add(prompts);
        command.Options.Add(settings);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                var definitions = new DefinitionFiles(parsed.GetValue(prompts), parsed.GetValue(settings));
                var exitCode = ExitCodes.Ok;
                foreach (var file in parsed.GetValue(files) ?? [])
                {
                    try
                    {
                        var problems = definitions.Problems(file);
                        if (problems.Count == 0)
                        {
                            await output.WriteLineAsync($"{file}: ok".AsMemory(), cancellationToken);
                            continue;
                        }

                        foreach (var problem in problems)
                        {
                            await output.WriteLineAsync(problem.ToString().AsMemory(), cancellationToken);
                        }

                        exitCode = Math.Max(exitCode, ExitCodes.Problems);
                    }
                    catch (UsageException usage)
                    {
                        await error.WriteLineAsync($"ivrctl: {usage.Message}".AsMemory(), cancellationToken);
                        exitCode = ExitCodes.Usage;
                    }
                }

                return exitCode;
            }
            catch (UsageException usage)
            {
                await error.WriteLineAsync($"ivrctl: {usage.Message}".AsMemory(), cancellationToken);
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
