using System.CommandLine;
using IvrService.Cli.Internal;

namespace IvrService.Cli;

/// <summary>
/// <c>ivrctl</c>: offline on the definition files, <c>validate</c> prints every problem of menu files and
/// <c>simulate</c> runs a menu on a simulated call; against a running service (its gRPC API), <c>publish</c>,
/// <c>rollback</c> and <c>versions</c> manage menus, <c>calls</c> reads call records and recordings, <c>report</c>
/// prints reports, <c>results</c> lists and follows survey results, <c>prompts</c> lists, uploads and renders prompts,
/// <c>dnc</c> keeps the do-not-call list and <c>keys</c> the API keys, <c>audit</c> reads the audit log of admin changes;
/// <c>call test</c> places a test survey call.
/// Exit codes: 0 fine, 1 a definition has problems or the server refused, 2 the command line is wrong,
/// 3 the server cannot be reached.
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
        var root = new RootCommand("IvrService control: validate and simulate menus offline; publish them, read calls, reports and the audit log on a server.");
        root.Subcommands.Add(ValidateCommand.Create(output, error));
        root.Subcommands.Add(SimulateCommand.Create(output, error, input));
        root.Subcommands.Add(PublishCommand.Create(output, error));
        root.Subcommands.Add(RollbackCommand.Create(output, error));
        root.Subcommands.Add(VersionsCommand.Create(output, error));
        root.Subcommands.Add(CallsCommand.Create(output, error));
        root.Subcommands.Add(ReportCommand.Create(output, error));
        root.Subcommands.Add(PromptsCommand.Create(output, error));
        root.Subcommands.Add(DncCommand.Create(output, error));
        root.Subcommands.Add(KeysCommand.Create(output, error));
        root.Subcommands.Add(CallCommand.Create(output, error));
        root.Subcommands.Add(ResultsCommand.Create(output, error));
        root.Subcommands.Add(AuditCommand.Create(output, error));
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

        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (ResultsCommand.HandlesTermination(parsed))
        {
            // It stops on SIGINT and SIGTERM itself, with exit code 0, after the change it is printing.
            configuration.ProcessTerminationTimeout = null;
        }

        return await parsed.InvokeAsync(configuration);
    }
}
