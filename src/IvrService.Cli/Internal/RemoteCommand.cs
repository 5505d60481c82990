using System.CommandLine;
using Google.Rpc;
using Grpc.Core;

namespace IvrService.Cli.Internal;

/// <summary>
/// Runs a command that talks to the server and turns what can go wrong into exit codes: a wrong command line → 2;
/// the server refusing (bad request, unknown id, key not allowed) → 1 with its status and every field violation on
/// stderr; the server out of reach → 3.
/// </summary>
internal static class RemoteCommand
{
    public static void SetAction(
        Command command,
        (Option<string?> Server, Option<string?> Key) serverOptions,
        TextWriter error,
        Func<ParseResult, ServerConnection, CancellationToken, Task<int>> action)
    {
        command.Options.Add(serverOptions.Server);
        command.Options.Add(serverOptions.Key);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            ServerConnection? connection = null;
            try
            {
                connection = ServerConnection.Open(parsed, serverOptions);
                return await action(parsed, connection, cancellationToken);
            }
            catch (UsageException usage)
            {
                await error.WriteLineAsync($"ivrctl: {usage.Message}".AsMemory(), cancellationToken);
                return ExitCodes.Usage;
            }
            catch (RpcException rpc) when (rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                await error.WriteLineAsync(
                    $"ivrctl: cannot reach the server at {connection?.Address}: {rpc.StatusCode}: {rpc.Status.Detail}".AsMemory(), CancellationToken.None);
                return ExitCodes.Unreachable;
            }
            catch (RpcException rpc)
            {
                await WriteRefusalAsync(error, rpc);
                return ExitCodes.Problems;
            }
            catch (HttpRequestException http)
            {
                await error.WriteLineAsync($"ivrctl: cannot reach the server at {connection?.Address}: {http.Message}".AsMemory(), CancellationToken.None);
                return ExitCodes.Unreachable;
            }
            finally
            {
                connection?.Dispose();
            }
        });
    }

    private static async Task WriteRefusalAsync(TextWriter error, RpcException rpc)
    {
        var status = rpc.GetRpcStatus();
        var badRequest = status?.GetDetail<BadRequest>();
        var name = StatusName(rpc.StatusCode);
        if (badRequest is { FieldViolations.Count: > 0 })
        {
            await error.WriteLineAsync($"ivrctl: the server refused the request ({name}):");
            foreach (var violation in badRequest.FieldViolations)
            {
                await error.WriteLineAsync($"  {violation.Field}: {violation.Description}");
            }

            return;
        }

        await error.WriteLineAsync($"ivrctl: the server refused the request ({name}): {rpc.Status.Detail}");
    }

    /// <summary>The status as gRPC names it: NOT_FOUND, INVALID_ARGUMENT, …</summary>
    private static string StatusName(StatusCode code)
    {
        var text = code.ToString();
        var name = new System.Text.StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && char.IsUpper(text[i]))
            {
                name.Append('_');
            }

            name.Append(char.ToUpperInvariant(text[i]));
        }

        return name.ToString();
    }
}
