using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl results follow</c>: prints each change of the results stream as it comes (a line, or a JSON object per
/// line) and, after printing it, keeps its cursor in <c>--cursor-file</c>. After a disconnect, or when started again,
/// it resumes after the last change it printed — the server sends every later change exactly once. While the server
/// is away it retries with a growing pause (0.5 s doubling to 30 s). SIGINT (Ctrl-C) and SIGTERM end it with exit 0.
/// A change printed just before the process is killed (not stopped) may print again on restart: its cursor is saved
/// after the line is written, never before, so nothing is lost.
/// </summary>
internal static class ResultsFollower
{
    public const string Name = "follow";

    /// <summary>Response header of StreamSurveyResults: the cursor the stream starts after.</summary>
    public const string CursorHeader = "ivr-cursor";

    private static readonly TimeSpan MinRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var cursorFile = new Option<string?>("--cursor-file")
        {
            Description = "Keep the cursor of the last change printed in this file and resume after it (the file is created when missing).",
        };
        var fromBeginning = new Option<bool>("--from-beginning")
        {
            Description = "Without a saved cursor, first print every change the server still keeps; default: only changes from now on.",
        };
        var format = new Option<string>("--format") { Description = "line (readable) or json (one object per line).", DefaultValueFactory = _ => "line" };
        format.AcceptOnlyFromAmong("line", "json");
        var command = new Command(Name, "Follow changes of survey results as they happen; resumes from --cursor-file.");
        command.Options.Add(cursorFile);
        command.Options.Add(fromBeginning);
        command.Options.Add(format);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var path = parsed.GetValue(cursorFile);
            var json = parsed.GetValue(format) == "json";
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => Stop(signal, stop));
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => Stop(signal, stop));
            var cursor = path is null ? "" : await ReadCursorAsync(path, stop.Token);
            var client = new Surveys.SurveysClient(server.Channel);
            var delay = MinRetryDelay;
            var lost = false;
            while (true)
            {
                string reason;
                try
                {
                    var request = new StreamSurveyResultsRequest { Cursor = cursor, FromBeginning = cursor.Length == 0 && parsed.GetValue(fromBeginning) };
                    using var call = client.StreamSurveyResults(request, server.Call(stop.Token, withDeadline: false));
                    var headers = await call.ResponseHeadersAsync.WaitAsync(stop.Token);
                    if (cursor.Length == 0 && !request.FromBeginning && headers.GetValue(CursorHeader) is { Length: > 0 } start)
                    {
                        // From now on: remember where "now" was, so a disconnect before the first change loses nothing.
                        cursor = start;
                        await SaveCursorAsync(path, cursor, stop.Token);
                    }

                    if (lost)
                    {
                        await error.WriteLineAsync($"ivrctl: following again at {server.Address}".AsMemory(), stop.Token);
                        lost = false;
                    }

                    delay = MinRetryDelay;
                    while (await call.ResponseStream.MoveNext(stop.Token))
                    {
                        var change = call.ResponseStream.Current;
                        await output.WriteLineAsync((json ? JsonFormatter.Default.Format(change) : Line(change)).AsMemory(), stop.Token);
                        await output.FlushAsync(stop.Token);
                        cursor = change.Cursor;
                        await SaveCursorAsync(path, cursor, stop.Token);
                    }

                    reason = "the server ended the stream";
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return ExitCodes.Ok;
                }
                catch (RpcException rpc) when (IsTransient(rpc.StatusCode))
                {
                    reason = $"{rpc.StatusCode}: {rpc.Status.Detail}";
                }
                catch (HttpRequestException http)
                {
                    reason = http.Message;
                }
                catch (IOException io)
                {
                    reason = io.Message;
                }

                lost = true;
                await error.WriteLineAsync(
                    string.Create(CultureInfo.InvariantCulture, $"ivrctl: lost the server at {server.Address} ({reason}); retrying in {delay.TotalSeconds:0.#} s").AsMemory(),
                    CancellationToken.None);
                try
                {
                    await Task.Delay(delay, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return ExitCodes.Ok;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        });
        return command;
    }

    /// <summary>One change as a line: when, what, and the result's state after it.</summary>
    public static string Line(SurveyResultChange change)
    {
        var kind = change.Kind == ChangeKind.Created ? "created" : "updated";
        if (change.Result is not { } result)
        {
            return $"{Formats.Time(change.ChangedAt)} {kind} (result no longer stored)";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{Formats.Time(change.ChangedAt)} {kind} result={result.ResultId} service={result.ServiceId} state={Formats.Name(result.State)} outcome={Formats.Name(result.Outcome)} attempts={result.Attempts} escalated={(result.Escalated ? "yes" : "no")} answers={ResultsCommand.Answers(result)}");
    }

    /// <summary>Server away, restarting or the connection dropped: worth another try. Anything else is a refusal.</summary>
    private static bool IsTransient(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled
            or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted;

    private static void Stop(PosixSignalContext signal, CancellationTokenSource stop)
    {
        signal.Cancel = true;
        stop.Cancel();
    }

    private static async Task<string> ReadCursorAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
        catch (DirectoryNotFoundException)
        {
            throw new UsageException($"--cursor-file: the folder of '{path}' does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException($"--cursor-file: '{path}' cannot be read");
        }
    }

    /// <summary>Replaces the cursor file in one step (a new file moved over the old), so it never holds half a cursor.</summary>
    private static async Task SaveCursorAsync(string? path, string cursor, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            return;
        }

        var partial = path + ".tmp";
        await File.WriteAllTextAsync(partial, cursor + "\n", cancellationToken);
        File.Move(partial, path, overwrite: true);
    }
}
