using System.CommandLine;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary><c>ivrctl rollback &lt;id&gt; &lt;version&gt; [--kind survey]</c>: makes an earlier version of a menu or survey current again.</summary>
internal static class RollbackCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var menu = new Argument<string>("id") { Description = "The menu's or survey's id (e.g. after-sales, after-service)." };
        var kind = CommonOptions.Kind();
        var version = new Argument<int>("version") { Description = "The version to make current." };
        var comment = new Option<string?>("--comment") { Description = "Why, for the audit log (at most 500 characters)." };
        var command = new Command("rollback", "Make an earlier version of a menu (or, with --kind survey, a survey) current again.");
        command.Arguments.Add(menu);
        command.Options.Add(kind);
        command.Arguments.Add(version);
        command.Options.Add(comment);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var client = new Admin.AdminClient(server.Channel);
            var response = await client.RollbackFlowAsync(
                new RollbackFlowRequest
                {
                    Kind = CommonOptions.FlowKind(parsed.GetValue(kind)!),
                    FlowId = parsed.GetValue(menu)!,
                    Version = parsed.GetValue(version),
                    Comment = parsed.GetValue(comment) ?? "",
                },
                server.Call(cancellationToken));
            await output.WriteLineAsync(
                $"{response.Version.FlowId}: version {response.Version.Version} is current (was {response.PreviousVersion})".AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
