using System.CommandLine;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl publish &lt;menu.yaml&gt;</c>: sends the file to the server, which checks it against its own prompts and
/// allow-list; a valid menu becomes the next version and current (calls in progress keep theirs). A rejected
/// menu exits 1 with every problem the server found.
/// </summary>
internal static class PublishCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The menu definition file." };
        var comment = new Option<string?>("--comment") { Description = "Why, for the version history (at most 500 characters)." };
        var expected = new Option<int?>("--expect-version") { Description = "Publish only if this version is still current." };
        var command = new Command("publish", "Publish a menu definition as its next version, made current on the server.");
        command.Arguments.Add(file);
        command.Options.Add(comment);
        command.Options.Add(expected);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var path = parsed.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new UsageException($"{path}: no such file");
            }

            var yaml = await File.ReadAllTextAsync(path, cancellationToken);
            var client = new Admin.AdminClient(server.Channel);
            var response = await client.PublishFlowAsync(
                new PublishFlowRequest
                {
                    Kind = FlowKind.Menu,
                    Yaml = yaml,
                    Comment = parsed.GetValue(comment) ?? "",
                    SourceName = Path.GetFileName(path),
                    ExpectedCurrentVersion = parsed.GetValue(expected) ?? 0,
                },
                server.Call(cancellationToken));
            var version = response.Version;
            await output.WriteLineAsync(
                $"published {version.FlowId} version {version.Version} (current) at {Formats.Time(version.PublishedAt)} by {version.PublishedBy}".AsMemory(),
                cancellationToken);
            foreach (var warning in response.Warnings)
            {
                await output.WriteLineAsync($"warning: {warning.Path}: {warning.Message}".AsMemory(), cancellationToken);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
