using System.CommandLine;
using System.Globalization;
using Google.Protobuf;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl prompts list|upload|render</c>: the server's prompts — which are recorded and which rendered, a WAV file
/// uploaded as a prompt's recording, prompts rendered by the server's text-to-speech — with progress on stderr.
/// </summary>
internal static class PromptsCommand
{
    private const int ChunkBytes = 64 * 1024;
    private const int MaxTextColumn = 60;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("prompts", "Prompts on the server: list them, upload a recording, render texts.");
        command.Subcommands.Add(List(output, error));
        command.Subcommands.Add(Upload(output, error));
        command.Subcommands.Add(Render(output, error));
        return command;
    }

    private static Command List(TextWriter output, TextWriter error)
    {
        var language = new Option<string?>("--language") { Description = "Only this language (fa, en); default: every language." };
        var prefix = new Option<string?>("--prefix") { Description = "Only keys starting with this." };
        var command = new Command("list", "List prompts: key, where the audio comes from (recorded, rendered, none), length, text.");
        command.Options.Add(language);
        command.Options.Add(prefix);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var client = new Admin.AdminClient(server.Channel);
            var request = new ListPromptsRequest { Language = parsed.GetValue(language) ?? "", KeyPrefix = parsed.GetValue(prefix) ?? "", PageSize = 1000 };
            var table = new TextTable("LANG", "KEY", "AUDIO", "LENGTH", "SIZE", "UPDATED", "TEXT");
            do
            {
                var page = await client.ListPromptsAsync(request, server.Call(cancellationToken));
                foreach (var prompt in page.Prompts)
                {
                    var hasAudio = prompt.Source != PromptSource.Unspecified;
                    table.Add(
                        prompt.Language,
                        prompt.Key,
                        hasAudio ? Formats.Name(prompt.Source) : "none",
                        hasAudio ? Formats.Duration(prompt.Duration) : "-",
                        hasAudio ? Formats.Bytes(prompt.SizeBytes) : "-",
                        hasAudio ? Formats.Time(prompt.UpdatedAt) : "-",
                        Shorten(prompt.Text));
                }

                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);

            await table.WriteAsync(output, cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Upload(TextWriter output, TextWriter error)
    {
        var language = new Argument<string>("language") { Description = "The prompt's language (fa, en)." };
        var key = new Argument<string>("key") { Description = "The prompt's key (welcome, main_menu, …)." };
        var file = new Argument<string>("file") { Description = "A mono WAV file: 16-bit PCM at 8, 16, 22.05, 44.1 or 48 kHz, or G.711 at 8 kHz." };
        var text = new Option<string?>("--text") { Description = "The words spoken in it, kept in the audit log." };
        var command = new Command("upload", "Upload a WAV file as a prompt's recording; calls play it from then on. Progress on stderr.");
        command.Arguments.Add(language);
        command.Arguments.Add(key);
        command.Arguments.Add(file);
        command.Options.Add(text);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var path = parsed.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new UsageException($"{path}: no such file");
            }

            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            var target = $"{parsed.GetValue(language)}/{parsed.GetValue(key)}";
            var client = new Admin.AdminClient(server.Channel);
            using var call = client.UploadPrompt(server.Call(cancellationToken, withDeadline: false));
            try
            {
                await call.RequestStream.WriteAsync(new UploadPromptRequest
                {
                    Header = new PromptUploadHeader
                    {
                        Language = parsed.GetValue(language)!,
                        Key = parsed.GetValue(key)!,
                        Text = parsed.GetValue(text) ?? "",
                        SizeBytes = bytes.Length,
                    },
                }, cancellationToken);
                for (var offset = 0; offset < bytes.Length; offset += ChunkBytes)
                {
                    var count = Math.Min(ChunkBytes, bytes.Length - offset);
                    await call.RequestStream.WriteAsync(new UploadPromptRequest { Chunk = ByteString.CopyFrom(bytes, offset, count) }, cancellationToken);
                    var percent = ProgressBar.Percent(offset + count, bytes.Length);
                    await error.WriteAsync(
                        $"\r{target}: {ProgressBar.Bar(percent)} {percent,3}% {Formats.Bytes(offset + count)} of {Formats.Bytes(bytes.Length)}".AsMemory(),
                        cancellationToken);
                }

                await call.RequestStream.CompleteAsync();
            }
            catch (Grpc.Core.RpcException) when (!cancellationToken.IsCancellationRequested)
            {
                // The server answered before the whole file was sent (it refused it): its answer below says why.
            }

            Prompt prompt;
            try
            {
                prompt = await call.ResponseAsync;
            }
            finally
            {
                await error.WriteLineAsync();
            }

            await output.WriteLineAsync(
                $"uploaded {prompt.Language}/{prompt.Key}: recorded, {Formats.Duration(prompt.Duration)}, {Formats.Bytes(prompt.SizeBytes)} stored at 8 kHz".AsMemory(),
                cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Render(TextWriter output, TextWriter error)
    {
        var language = new Argument<string>("language") { Description = "The language (fa, en)." };
        var keys = new Argument<string[]>("key") { Description = "The prompts to render.", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Render every prompt of the language." };
        var force = new Option<bool>("--force") { Description = "Render again even when a render of the same text exists." };
        var includeRecorded = new Option<bool>("--include-recorded") { Description = "Also replace recorded prompts by renders (their recordings are removed)." };
        var command = new Command("render", "Render prompts with the server's text-to-speech; progress on stderr, a summary on stdout.");
        command.Arguments.Add(language);
        command.Arguments.Add(keys);
        command.Options.Add(all);
        command.Options.Add(force);
        command.Options.Add(includeRecorded);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var named = parsed.GetValue(keys) ?? [];
            if (named.Length == 0 == !parsed.GetValue(all))
            {
                throw new UsageException("prompts render: give the keys to render or --all, not both");
            }

            var request = new RenderPromptsRequest
            {
                Language = parsed.GetValue(language)!,
                Force = parsed.GetValue(force),
                IncludeRecorded = parsed.GetValue(includeRecorded),
            };
            request.Keys.AddRange(named);
            var client = new Admin.AdminClient(server.Channel);
            using var call = client.RenderPrompts(request, server.Call(cancellationToken, withDeadline: false));
            int rendered = 0, skipped = 0;
            var failures = new List<string>();
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                var progress = call.ResponseStream.Current;
                if (progress.Error.Length > 0)
                {
                    failures.Add($"{progress.Prompt.Language}/{progress.Prompt.Key}: {progress.Error}");
                }
                else if (progress.Rendered)
                {
                    rendered++;
                }
                else
                {
                    skipped++;
                }

                var percent = ProgressBar.Percent(progress.Done, progress.Total);
                await error.WriteAsync(
                    string.Create(CultureInfo.InvariantCulture, $"\r{ProgressBar.Bar(percent)} {progress.Done}/{progress.Total} {progress.Prompt.Key}").PadRight(72).AsMemory(),
                    cancellationToken);
            }

            await error.WriteLineAsync();
            foreach (var failure in failures)
            {
                await error.WriteLineAsync($"ivrctl: {failure}".AsMemory(), cancellationToken);
            }

            await output.WriteLineAsync(
                string.Create(CultureInfo.InvariantCulture, $"{request.Language}: {rendered} rendered, {skipped} up to date or recorded, {failures.Count} failed").AsMemory(),
                cancellationToken);
            return failures.Count == 0 ? ExitCodes.Ok : ExitCodes.Problems;
        });
        return command;
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= MaxTextColumn ? line : line[..(MaxTextColumn - 1)] + "…";
    }
}
