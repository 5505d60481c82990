using System.CommandLine;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl keys create|revoke|list</c>: API keys kept by the server (as hashes). <c>create</c> prints the new key
/// alone on stdout — the only time it is shown — and what to do with it on stderr.
/// </summary>
internal static class KeysCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("keys", "API keys: create (shown once), revoke, list.");
        command.Subcommands.Add(CreateKey(output, error));
        command.Subcommands.Add(Revoke(output, error));
        command.Subcommands.Add(List(output, error));
        return command;
    }

    private static Command CreateKey(TextWriter output, TextWriter error)
    {
        var name = new Argument<string>("name") { Description = "Who will use the key (unique, no spaces): crm, ops-alice." };
        var scope = new Option<string>("--scope") { Description = "integrator (service events, results, calls, reports) or admin (everything).", Required = true };
        scope.AcceptOnlyFromAmong("integrator", "admin");
        var command = new Command("create", "Create a key and print it once on stdout; the server keeps only its hash.");
        command.Arguments.Add(name);
        command.Options.Add(scope);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var client = new Admin.AdminClient(server.Channel);
            var created = await client.CreateApiKeyAsync(
                new CreateApiKeyRequest
                {
                    Name = parsed.GetValue(name)!,
                    Scope = parsed.GetValue(scope) == "admin" ? ApiKeyScope.Admin : ApiKeyScope.Integrator,
                },
                server.Call(cancellationToken));
            await output.WriteLineAsync(created.Secret.AsMemory(), cancellationToken);
            await error.WriteLineAsync(
                $"created key '{created.Key.Name}' with scope {Formats.Name(created.Key.Scope)}: store it now, it is not shown again (send it as 'authorization: Bearer <key>')"
                    .AsMemory(),
                cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke(TextWriter output, TextWriter error)
    {
        var name = new Argument<string>("name") { Description = "The key's name." };
        var command = new Command("revoke", "Revoke a key: requests with it are refused from then on.");
        command.Arguments.Add(name);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var client = new Admin.AdminClient(server.Channel);
            var revoked = await client.RevokeApiKeyAsync(new RevokeApiKeyRequest { Name = parsed.GetValue(name)! }, server.Call(cancellationToken));
            await output.WriteLineAsync($"revoked key '{revoked.Key.Name}' ({Formats.Name(revoked.Key.Scope)})".AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(TextWriter output, TextWriter error)
    {
        var command = new Command("list", "List the keys in force (never the keys themselves).");
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var client = new Admin.AdminClient(server.Channel);
            var keys = await client.ListApiKeysAsync(new ListApiKeysRequest(), server.Call(cancellationToken));
            var table = new TextTable("NAME", "SCOPE", "FROM", "CREATED");
            foreach (var key in keys.Keys)
            {
                table.Add(key.Name, Formats.Name(key.Scope), key.FromSettings ? "settings" : "database", key.FromSettings ? "-" : Formats.Time(key.CreatedAt));
            }

            await table.WriteAsync(output, cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
