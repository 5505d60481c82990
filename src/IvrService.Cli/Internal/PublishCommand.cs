using System.CommandLine;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl publish &lt;file.yaml&gt;</c>: sends a menu or survey file to the server, which checks it against its own
/// prompts (and, for menus, allow-list); a valid definition becomes the next version and current (calls in progress
/// keep theirs). A survey is a file in a <c>surveys/</c> folder or with a top-level <c>questions:</c>, as for
/// <c>ivrctl validate</c>, unless <c>--kind</c> says. A rejected definition exits 1 with every problem the server found.
/// </summary>
internal static class PublishCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The menu or survey definition file." };
        var kind = new Option<string>("--kind")
        {
            Description = "menu or survey; default: a survey when the file is in a surveys/ folder or has a top-level questions:, else a menu.",
            DefaultValueFactory = _ => "auto",
        };
        kind.AcceptOnlyFromAmong("auto", "menu", "survey");
        var comment = new Option<string?>("--comment") { Description = "Why, for the version history (at most 500 characters)." };
        var expected = new Option<int?>("--expect-version") { Description = "Publish only if this version is still current." };
        var command = new Command("publish", "Publish a menu or survey definition as its next version, made current on the server.");
        command.Arguments.Add(file);
        command.Options.Add(kind);
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
            var kindName = parsed.GetValue(kind) switch
            {
                "auto" => DefinitionFiles.IsSurvey(path, yaml) ? "survey" : "menu",
                var given => given!,
            };
            var client = new Admin.AdminClient(server.Channel);
            var response = await client.PublishFlowAsync(
                new PublishFlowRequest
                {
                    Kind = CommonOptions.FlowKind(kindName),
                    Yaml = yaml,
                    Comment = parsed.GetValue(comment) ?? "",
                    SourceName = Path.GetFileName(path),
                    ExpectedCurrentVersion = parsed.GetValue(expected) ?? 0,
                },
                server.Call(cancellationToken));
            var version = response.Version;
            await output.WriteLineAsync(
                $"published {(kindName == "survey" ? "survey " : "")}{version.FlowId} version {version.Version} (current) at {Formats.Time(version.PublishedAt)} by {version.PublishedBy}".AsMemory(),
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
