using System.CommandLine;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary><c>ivrctl dnc add|remove|list</c>: the do-not-call list (numbers no happy call is placed to).</summary>
internal static class DncCommand
{
    private const int MaxLimit = 100_000;
    private const int MaxPageSize = 1000;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("dnc", "The do-not-call list: add, remove, list numbers.");
        command.Subcommands.Add(Add(output, error));
        command.Subcommands.Add(Remove(output, error));
        command.Subcommands.Add(List(output, error));
        return command;
    }

    private static Command Add(TextWriter output, TextWriter error)
    {
        var phone = new Argument<string>("phone") { Description = "The number: E.164 (+989121234567) or national Iranian (09121234567)." };
        var reason = new Option<string?>("--reason") { Description = "Why (kept with the entry)." };
        var command = new Command("add", "Put a number on the list (a number already there keeps its entry).");
        command.Arguments.Add(phone);
        command.Options.Add(reason);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var client = new Admin.AdminClient(server.Channel);
            var entry = await client.AddDoNotCallAsync(
                new AddDoNotCallRequest { Phone = parsed.GetValue(phone)!, Reason = parsed.GetValue(reason) ?? "" }, server.Call(cancellationToken));
            await output.WriteLineAsync($"{entry.Phone} is on the do-not-call list (since {Formats.Time(entry.AddedAt)}, by {entry.AddedBy})".AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(TextWriter output, TextWriter error)
    {
        var phone = new Argument<string>("phone") { Description = "The number: E.164 or national Iranian." };
        var command = new Command("remove", "Take a number off the list (exit 1 when it is not on it).");
        command.Arguments.Add(phone);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var client = new Admin.AdminClient(server.Channel);
            var removed = await client.RemoveDoNotCallAsync(new RemoveDoNotCallRequest { Phone = parsed.GetValue(phone)! }, server.Call(cancellationToken));
            await output.WriteLineAsync($"{removed.Removed.Phone} is off the do-not-call list".AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(TextWriter output, TextWriter error)
    {
        var prefix = new Option<string?>("--prefix") { Description = "Only numbers starting with this E.164 prefix (+98912)." };
        var limit = new Option<int>("--limit") { Description = "Most entries to list (default 100).", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List the do-not-call list, newest first.");
        command.Options.Add(prefix);
        command.Options.Add(limit);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var most = parsed.GetValue(limit);
            if (most is < 1 or > MaxLimit)
            {
                throw new UsageException($"--limit: must be 1 to {MaxLimit}; was {most}");
            }

            var client = new Admin.AdminClient(server.Channel);
            var request = new ListDoNotCallRequest { PhonePrefix = parsed.GetValue(prefix) ?? "" };
            var table = new TextTable("PHONE", "ADDED", "BY", "REASON");
            do
            {
                request.PageSize = Math.Min(MaxPageSize, most - table.Count);
                var page = await client.ListDoNotCallAsync(request, server.Call(cancellationToken));
                foreach (var entry in page.Entries)
                {
                    table.Add(entry.Phone, Formats.Time(entry.AddedAt), entry.AddedBy, entry.Reason.ReplaceLineEndings(" "));
                }

                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && table.Count < most);

            await table.WriteAsync(output, cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
