using System.CommandLine;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary><c>ivrctl versions &lt;menu&gt;</c>: every version of a menu, newest first, the current one marked.</summary>
internal static class VersionsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var menu = new Argument<string>("menu") { Description = "The menu's id (e.g. after-sales)." };
        var command = new Command("versions", "List the versions of a menu, newest first.");
        command.Arguments.Add(menu);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var client = new Admin.AdminClient(server.Channel);
            var table = new TextTable("VERSION", "CURRENT", "PUBLISHED", "BY", "SOURCE", "COMMENT");
            var request = new ListFlowVersionsRequest { Kind = FlowKind.Menu, FlowId = parsed.GetValue(menu)!, PageSize = 1000 };
            do
            {
                var page = await client.ListFlowVersionsAsync(request, server.Call(cancellationToken));
                foreach (var version in page.Versions)
                {
                    table.Add(
                        Formats.Number(version.Version),
                        version.Current ? "*" : "",
                        Formats.Time(version.PublishedAt),
                        version.PublishedBy,
                        version.SourceName,
                        version.Comment);
                }

                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);

            await table.WriteAsync(output, cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
