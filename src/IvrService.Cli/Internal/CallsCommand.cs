using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl calls list|show|recording</c>: the call records of the server — a table of calls, one call with its
/// path through the menu and its keys, and its recording saved to a file.
/// </summary>
internal static class CallsCommand
{
    private const int MaxLimit = 100_000;
    private const int MaxPageSize = 1000;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("calls", "Read call records: list, show one, save its recording.");
        command.Subcommands.Add(List(output, error));
        command.Subcommands.Add(Show(output, error));
        command.Subcommands.Add(Recording(output, error));
        return command;
    }

    private static Command List(TextWriter output, TextWriter error)
    {
        var from = new Option<string?>("--from") { Description = "Only calls offered at or after this time (ISO 8601; UTC without offset)." };
        var to = new Option<string?>("--to") { Description = "Only calls offered before this time." };
        var caller = new Option<string?>("--caller") { Description = "Only calls from this number, as received." };
        var outcome = new Option<string?>("--outcome")
        {
            Description = "Only calls whose menu ended so: completed, abandoned, transferred, message_left, callback_requested, no_input, failed (comma-separated for several).",
        };
        var limit = new Option<int>("--limit") { Description = "Most calls to list (default 50).", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List calls, newest first.");
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(caller);
        command.Options.Add(outcome);
        command.Options.Add(limit);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var most = parsed.GetValue(limit);
            if (most is < 1 or > MaxLimit)
            {
                throw new UsageException($"--limit: must be 1 to {MaxLimit}; was {most}");
            }

            var request = new ListCallsRequest { Caller = parsed.GetValue(caller) ?? "" };
            var start = Formats.ParseTime(parsed.GetValue(from), "--from");
            var end = Formats.ParseTime(parsed.GetValue(to), "--to");
            if (start is not null || end is not null)
            {
                request.Offered = new TimeRange();
                if (start is { } s)
                {
                    request.Offered.StartTime = Timestamp.FromDateTimeOffset(s);
                }

                if (end is { } e)
                {
                    request.Offered.EndTime = Timestamp.FromDateTimeOffset(e);
                }
            }

            foreach (var name in (parsed.GetValue(outcome) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                request.FlowResults.Add(FlowResultOf(name));
            }

            var client = new Calls.CallsClient(server.Channel);
            var table = new TextTable("ID", "OFFERED", "DIR", "CALLER", "CALLED", "TALK", "ENDED BY", "MENU", "RESULT", "REC");
            do
            {
                request.PageSize = Math.Min(MaxPageSize, most - table.Count);
                var page = await client.ListCallsAsync(request, server.Call(cancellationToken));
                foreach (var call in page.Calls)
                {
                    table.Add(
                        Formats.Number(call.Id),
                        Formats.Time(call.OfferedAt),
                        call.Direction == CallDirection.Outbound ? "out" : "in",
                        call.Caller.Length == 0 ? "anonymous" : call.Caller,
                        call.Called,
                        call.AnsweredAt is null ? "-" : Formats.Duration(call.TalkDuration),
                        call.EndedAt is null ? "in progress" : Formats.Name(call.EndReason),
                        call.FlowId.Length == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{call.FlowId} v{call.FlowVersion}"),
                        Formats.Name(call.FlowResult),
                        call.HasRecording ? "yes" : "");
                }

                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && table.Count < most);

            await table.WriteAsync(output, cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(TextWriter output, TextWriter error)
    {
        var id = new Argument<long>("id") { Description = "The call's id (the ID column of calls list)." };
        var command = new Command("show", "Show one call: its record, its path through the menu, its keys and its recording.");
        command.Arguments.Add(id);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var client = new Calls.CallsClient(server.Channel);
            var detail = await client.GetCallAsync(new GetCallRequest { Id = parsed.GetValue(id) }, server.Call(cancellationToken));
            var call = detail.Call;
            var fields = new TextTable("CALL", Formats.Number(call.Id));
            fields.Add("direction", call.Direction == CallDirection.Outbound ? "outbound" : "inbound");
            fields.Add("from", call.FromUri);
            fields.Add("to", call.ToUri);
            fields.Add("sip call-id", call.SipCallId);
            fields.Add("offered", Formats.Time(call.OfferedAt));
            fields.Add("answered", Formats.Time(call.AnsweredAt));
            fields.Add("ended", call.EndedAt is null ? "in progress" : $"{Formats.Time(call.EndedAt)} ({Formats.Name(call.EndReason)})");
            fields.Add("talk", Formats.Duration(call.TalkDuration));
            fields.Add("menu", call.FlowId.Length == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{call.FlowId} version {call.FlowVersion}"));
            fields.Add("result", Formats.Name(call.FlowResult));
            fields.Add("language", call.Language.Length == 0 ? "-" : call.Language);
            if (call.SipStatus != 0)
            {
                fields.Add("sip status", Formats.Number(call.SipStatus));
            }

            await fields.WriteAsync(output, cancellationToken);

            await output.WriteLineAsync();
            if (detail.Steps.Count == 0)
            {
                await output.WriteLineAsync("path: no menu steps".AsMemory(), cancellationToken);
            }
            else
            {
                var steps = new TextTable("#", "AT", "NODE", "STEP", "DETAIL");
                foreach (var step in detail.Steps)
                {
                    steps.Add(Formats.Number(step.Seq), Formats.Time(step.At), step.NodeId, step.Kind, step.Detail);
                }

                await steps.WriteAsync(output, cancellationToken);
            }

            await output.WriteLineAsync();
            if (detail.Digits.Count == 0)
            {
                await output.WriteLineAsync("digits: none".AsMemory(), cancellationToken);
            }
            else
            {
                var digits = new TextTable("DIGIT", "METHOD", "HELD", "RECEIVED");
                foreach (var digit in detail.Digits)
                {
                    digits.Add(digit.Digit, Formats.Name(digit.Method), Formats.Duration(digit.Duration), Formats.Time(digit.ReceivedAt));
                }

                await digits.WriteAsync(output, cancellationToken);
            }

            await output.WriteLineAsync();
            var recording = detail.Recording;
            await output.WriteLineAsync(
                (recording is null
                    ? "recording: none"
                    : string.Create(CultureInfo.InvariantCulture,
                        $"recording: {recording.FileName}, {Formats.Bytes(recording.SizeBytes)}, {Formats.Duration(recording.Duration)}, {recording.SampleRate} Hz, {recording.Channels} channel(s), {recording.BitsPerSample}-bit"))
                .AsMemory(),
                cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Recording(TextWriter output, TextWriter error)
    {
        var id = new Argument<long>("id") { Description = "The call's id." };
        var file = new Option<string?>("--output", "-o") { Description = "The file to write (default: the name the server suggests, in the current directory)." };
        var command = new Command("recording", "Save a call's recording as a WAV file; progress on stderr.");
        command.Arguments.Add(id);
        command.Options.Add(file);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var callId = parsed.GetValue(id);
            var client = new Calls.CallsClient(server.Channel);
            using var call = client.DownloadRecording(new DownloadRecordingRequest { Id = callId }, server.Call(cancellationToken, withDeadline: false));
            string? path = null;
            string? partial = null;
            FileStream? stream = null;
            long total = 0;
            long written = 0;
            try
            {
                var lastPercent = -1;
                while (await call.ResponseStream.MoveNext(cancellationToken))
                {
                    var chunk = call.ResponseStream.Current;
                    if (stream is null)
                    {
                        total = chunk.Info?.SizeBytes ?? 0;
                        path = parsed.GetValue(file) ?? (chunk.Info is { FileName.Length: > 0 } info
                            ? Path.GetFileName(info.FileName)
                            : string.Create(CultureInfo.InvariantCulture, $"call-{callId}.wav"));
                        partial = path + ".part";
                        stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                    }

                    if (chunk.Offset != written)
                    {
                        throw new InvalidDataException($"the server sent bytes from {chunk.Offset} where {written} was expected");
                    }

                    await stream.WriteAsync(chunk.Data.Memory, cancellationToken);
                    written += chunk.Data.Length;
                    var percent = total > 0 ? (int)Math.Min(100, written * 100 / total) : -1;
                    if (percent != lastPercent || total == 0)
                    {
                        lastPercent = percent;
                        await error.WriteAsync(
                            (total > 0
                                ? $"\rcall {callId}: {ProgressBar.Bar(percent)} {percent,3}% {Formats.Bytes(written)} of {Formats.Bytes(total)}"
                                : $"\rcall {callId}: {Formats.Bytes(written)}").AsMemory(),
                            cancellationToken);
                    }
                }

                if (stream is null || path is null || partial is null)
                {
                    throw new InvalidDataException("the server sent no data");
                }

                await stream.DisposeAsync();
                stream = null;
                File.Move(partial, path, overwrite: true);
                partial = null;
                await error.WriteLineAsync();
                await output.WriteLineAsync($"saved {path} ({Formats.Number(written)} bytes)".AsMemory(), cancellationToken);
                return ExitCodes.Ok;
            }
            catch (InvalidDataException bad)
            {
                await error.WriteLineAsync($"\nivrctl: the recording of call {callId} is incomplete: {bad.Message}".AsMemory(), CancellationToken.None);
                return ExitCodes.Problems;
            }
            finally
            {
                if (stream is not null)
                {
                    await stream.DisposeAsync();
                }

                if (partial is not null && File.Exists(partial))
                {
                    File.Delete(partial);
                }
            }
        });
        return command;
    }

    private static FlowResult FlowResultOf(string name) => name switch
    {
        "completed" => FlowResult.Completed,
        "abandoned" => FlowResult.Abandoned,
        "transferred" => FlowResult.Transferred,
        "message_left" => FlowResult.MessageLeft,
        "callback_requested" => FlowResult.CallbackRequested,
        "no_input" => FlowResult.NoInput,
        "failed" => FlowResult.Failed,
        _ => throw new UsageException(
            $"--outcome: '{name}' is not one of completed, abandoned, transferred, message_left, callback_requested, no_input, failed"),
    };
}
