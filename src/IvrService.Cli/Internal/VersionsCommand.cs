using System.CommandLine;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary><c>ivrctl versions &lt;id&gt; [--kind survey]</c>: every version of a menu or survey, newest first, the current one marked.</summary>
internal static class VersionsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var menu = new Argument<string>("id") { Description = "The menu's or survey's id (e.g. after-sales, after-service)." };
        var kind = CommonOptions.Kind();
        var command = new Command("versions", "List the versions of a menu (or, with --kind survey, a survey), newest first.");
        command.Arguments.Add(menu);
        command.Options.Add(kind);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var client = new Admin.AdminClient(server.Channel);
            var table = new TextTable("VERSION", "CURRENT", "PUBLISHED", "BY", "SOURCE", "COMMENT");
            var request = new ListFlowVersionsRequest { Kind = CommonOptions.FlowKind(parsed.GetValue(kind)!), FlowId = parsed.GetValue(menu)!, PageSize = 1000 };
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
