using System.CommandLine;
using IvrService.Cli.Internal;

namespace IvrService.Cli;

/// <summary>
/// <c>ivrctl</c>: works offline on the definition files. <c>validate</c> prints every problem of menu files;
/// <c>simulate</c> runs a menu with the engine on a simulated call and prints what the caller hears.
/// Exit codes: 0 fine, 1 a definition has problems, 2 the command line is wrong.
/// </summary>
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        return RunAsync(args, Console.Out, Console.Error, Console.In);
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader input)
    {
        var root = new RootCommand("IvrService control: validate and simulate menu definitions offline.");
        root.Subcommands.Add(ValidateCommand.Create(output, error));
        root.Subcommands.Add(SimulateCommand.Create(output, error, input));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"ivrctl: {problem.Message}");
            }

            await error.WriteLineAsync("Run 'ivrctl --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
