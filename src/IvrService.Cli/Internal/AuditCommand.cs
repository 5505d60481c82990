using System.CommandLine;
using System.Globalization;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl audit list</c>: the server's audit log of admin changes — who changed what, to which version — newest
/// first, filtered by time, key, action and target, as a table, CSV or JSON.
/// </summary>
internal static class AuditCommand
{
    private static readonly string[] Header = ["ID", "CHANGED", "ACTOR", "SCOPE", "ACTION", "TARGET", "VERSION", "DETAIL"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("audit", "The audit log of admin changes: who changed what, to which version.");
        command.Subcommands.Add(List(output, error));
        return command;
    }

    private static Command List(TextWriter output, TextWriter error)
    {
        var list = new ListOptions<AuditEntry>("changes made", "entries", "entry", Header, Cells, CsvCells);
        var actor = new Option<string?>("--actor") { Description = "Only changes made with the API key of this name (ops)." };
        var action = new Option<string?>("--action")
        {
            Description = "Only changes of this action: menu_published, survey_published, menu_rolled_back, survey_rolled_back, prompt_uploaded, prompts_rendered, dnc_added, dnc_removed, api_key_created, api_key_revoked, test_call_placed.",
        };
        var target = new Option<string?>("--target")
        {
            Description = "Only changes to this target: a menu or survey id, a prompt (fa/welcome), a language, an E.164 number, a key name.",
        };
        var command = new Command("list", "List the audit log, newest first.");
        list.AddTo(command);
        command.Options.Add(actor);
        command.Options.Add(action);
        command.Options.Add(target);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var request = new ListAuditEntriesRequest
            {
                Changed = list.Range(parsed),
                Actor = parsed.GetValue(actor) ?? "",
                Action = parsed.GetValue(action) ?? "",
                Target = parsed.GetValue(target) ?? "",
            };
            var client = new Admin.AdminClient(server.Channel);
            return await list.PrintAsync(
                output, parsed, request, r => client.ListAuditEntriesAsync(r, server.Call(cancellationToken)).ResponseAsync, page => page.Entries, cancellationToken);
        });
        return command;
    }

    private static string[] Cells(AuditEntry entry) =>
    [
        Formats.Number(entry.Id),
        Formats.Time(entry.ChangedAt),
        entry.Actor,
        Formats.Name(entry.ActorScope),
        entry.Action,
        entry.Target,
        entry.Version == 0 ? "-" : Formats.Number(entry.Version),
        entry.Detail.Length == 0 ? "-" : entry.Detail.ReplaceLineEndings(" "),
    ];

    /// <summary>The cells of a CSV row: those of the table with the exact time, empty where the table shows <c>-</c>, the detail as stored.</summary>
    private static string[] CsvCells(AuditEntry entry)
    {
        var cells = Cells(entry);
        cells[1] = entry.ChangedAt.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        cells[6] = entry.Version == 0 ? "" : cells[6];
        cells[7] = entry.Detail;
        return cells;
    }
}
