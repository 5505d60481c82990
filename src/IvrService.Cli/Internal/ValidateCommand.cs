using System.CommandLine;

namespace IvrService.Cli.Internal;

/// <summary><c>ivrctl validate &lt;file&gt;...</c>: every problem as <c>file:line:col: path: reason</c>, or "ok" per file.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = new Argument<string[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "Menu definition files (prompts/menus/*.yaml)." };
        var prompts = CommonOptions.Prompts();
        var settings = CommonOptions.Settings();
        var command = new Command("validate", "Check menu definitions and print every problem (file, node path, reason).");
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
                        var (result, _) = definitions.Load(file);
                        if (result.Problems.Count == 0 && result.Definition is not null)
                        {
                            await output.WriteLineAsync($"{file}: ok".AsMemory(), cancellationToken);
                            continue;
                        }

                        foreach (var problem in result.Problems)
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
