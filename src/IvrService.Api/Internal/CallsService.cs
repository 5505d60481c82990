using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Flows;
using IvrService.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ApiCallDigit = IvrService.Api.V1.CallDigit;
using ApiCallDirection = IvrService.Api.V1.CallDirection;
using ApiCallEndReason = IvrService.Api.V1.CallEndReason;
using ApiCallStep = IvrService.Api.V1.CallStep;
using ApiFlowResult = IvrService.Api.V1.FlowResult;
using ApiMediaQuality = IvrService.Api.V1.MediaQuality;
using StorageCallDirection = IvrService.Storage.CallDirection;
using StorageCallEndReason = IvrService.Storage.CallEndReason;

namespace IvrService.Api.Internal;

/// <summary>The Calls service over the stored call records, their key presses and their recording files.</summary>
internal sealed class CallsService : Calls.CallsBase
{
    private const int MaxCallerLength = 64;
    private const int MaxMenuOptionLength = 128;

    private readonly ICallRecordQueries _queries;
    private readonly IOptionsMonitor<ApiOptions> _options;
    private readonly ILogger<CallsService> _logger;

    public CallsService(ICallRecordQueries queries, IOptionsMonitor<ApiOptions> options, ILogger<CallsService> logger)
    {
        _queries = queries;
        _options = options;
        _logger = logger;
    }

    public override async Task<ListCallsResponse> ListCalls(ListCallsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var pageSize = violations.PageSize(request.PageSize, ICallRecordQueries.MaxPageSize);
        violations.DefinedEnum(request.Direction, "direction", allowUnspecified: true);
        var from = violations.Instant(request.Offered?.StartTime, "offered.start_time");
        var before = violations.Instant(request.Offered?.EndTime, "offered.end_time");
        if (from is { } start && before is { } end && end <= start)
        {
            violations.Add("offered.end_time", "must be after offered.start_time");
        }

        if (request.Caller.Length > MaxCallerLength)
        {
            violations.Add("caller", $"must be at most {MaxCallerLength} characters");
        }
        else if (!IsCallerDigits(request.Caller))
        {
            violations.Add("caller", "must be the caller's number as received: digits 0-9, a leading '+' allowed (09121234567, +989121234567)");
        }

        var reasons = new List<StorageCallEndReason>(request.EndReasons.Count);
        for (var i = 0; i < request.EndReasons.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"end_reasons[{i}]");
            if (violations.DefinedEnum(request.EndReasons[i], field, allowUnspecified: false))
            {
                reasons.Add(ToStorage(request.EndReasons[i]));
            }
        }

        var results = new List<Flows.FlowResult>(request.FlowResults.Count);
        for (var i = 0; i < request.FlowResults.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"flow_results[{i}]");
            if (violations.DefinedEnum(request.FlowResults[i], field, allowUnspecified: false))
            {
                results.Add(ToFlows(request.FlowResults[i]));
            }
        }

        if (request.MenuOption.Length > MaxMenuOptionLength)
        {
            violations.Add("menu_option", $"must be at most {MaxMenuOptionLength} characters");
        }
        else if (request.MenuOption.Any(char.IsControl))
        {
            violations.Add("menu_option", "must not contain control characters");
        }

        var filter = new CallRecordFilter(
            request.Direction == ApiCallDirection.Unspecified ? null : ToStorage(request.Direction),
            from,
            before,
            string.IsNullOrEmpty(request.Caller) ? null : request.Caller,
            reasons,
            results,
            string.IsNullOrEmpty(request.MenuOption) ? null : request.MenuOption);

        CallRecordCursor? after = null;
        if (request.PageToken.Length > 0 && !CallPageToken.TryDecode(request.PageToken, filter, out after, out var tokenError))
        {
            violations.Add("page_token", tokenError!);
        }

        violations.ThrowIfAny();

        var page = await _queries.ListPageAsync(filter, after, pageSize, context.CancellationToken).ConfigureAwait(false);
        var response = new ListCallsResponse
        {
            NextPageToken = page.Next is { } next ? CallPageToken.Encode(next, filter) : "",
        };
        foreach (var record in page.Records)
        {
            response.Calls.Add(ToApi(record));
        }

        return response;
    }

    public override async Task<CallDetail> GetCall(GetCallRequest request, ServerCallContext context)
    {
        CheckId(request.Id);
        var stored = await _queries.GetDetailAsync(request.Id, context.CancellationToken).ConfigureAwait(false)
            ?? throw NotFound(request.Id);
        var record = stored.Record;
        var detail = new CallDetail { Call = ToApi(record) };
        foreach (var step in stored.Steps)
        {
            detail.Steps.Add(new ApiCallStep
            {
                Seq = step.Seq,
                At = Timestamp.FromDateTimeOffset(step.At),
                NodeId = step.NodeId,
                Kind = StepKindText(step.Kind),
                Detail = step.Detail ?? "",
            });
        }

        foreach (var digit in stored.Digits)
        {
            detail.Digits.Add(new ApiCallDigit
            {
                Digit = digit.Digit.ToString(),
                Method = digit.Method switch
                {
                    CallDigitMethod.Rfc4733 => DigitMethod.Rfc4733,
                    CallDigitMethod.SipInfo => DigitMethod.SipInfo,
                    CallDigitMethod.InBand => DigitMethod.InBand,
                    _ => DigitMethod.Unspecified,
                },
                Duration = Duration.FromTimeSpan(digit.Duration),
                ReceivedAt = Timestamp.FromDateTimeOffset(digit.ReceivedAt),
            });
        }

        if (record.MediaQuality is { } quality)
        {
            detail.MediaQuality = new ApiMediaQuality
            {
                PacketsSent = quality.PacketsSent,
                PacketsReceived = quality.PacketsReceived,
                PacketsLost = quality.PacketsLost,
                JitterMs = quality.JitterMilliseconds,
            };
            if (quality.RemoteLossFraction is { } loss)
            {
                detail.MediaQuality.RemoteLossFraction = loss;
            }

            if (quality.RemoteJitterMilliseconds is { } jitter)
            {
                detail.MediaQuality.RemoteJitterMs = jitter;
            }
        }

        if (record.RecordingPath is { } path && OpenRecording(record.Id, path) is { } file)
        {
            await using (file.ConfigureAwait(false))
            {
                var (info, _) = await DescribeAsync(record.Id, path, file, context.CancellationToken).ConfigureAwait(false);
                detail.Recording = info;
            }
        }

        return detail;
    }

    public override async Task DownloadRecording(
        DownloadRecordingRequest request, IServerStreamWriter<RecordingChunk> responseStream, ServerCallContext context)
    {
        var record = await FindAsync(request.Id, context.CancellationToken).ConfigureAwait(false);
        if (record.RecordingPath is not { } path)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"call {record.Id} has no recording"));
        }

        var file = OpenRecording(record.Id, path)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"the recording of call {record.Id} is no longer on disk"));
        await using (file.ConfigureAwait(false))
        {
            var (info, _) = await DescribeAsync(record.Id, path, file, context.CancellationToken).ConfigureAwait(false);
            file.Position = 0;
            var buffer = new byte[_options.CurrentValue.RecordingChunkBytes];
            long offset = 0;
            var first = true;
            while (true)
            {
                var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, context.CancellationToken).ConfigureAwait(false);
                if (read == 0 && !first)
                {
                    break;
                }

                var chunk = new RecordingChunk { Offset = offset, Data = ByteString.CopyFrom(buffer, 0, read) };
                if (first)
                {
                    chunk.Info = info;
                    first = false;
                }

                await responseStream.WriteAsync(chunk, context.CancellationToken).ConfigureAwait(false);
                offset += read;
                if (read < buffer.Length)
                {
                    break;
                }
            }
        }
    }

    private async Task<CallRecord> FindAsync(long id, CancellationToken cancellationToken)
    {
        CheckId(id);
        return await _queries.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw NotFound(id);
    }

    private static void CheckId(long id)
    {
        if (id <= 0)
        {
            new FieldViolations().Add("id", $"must be a positive call id; was {id}").ThrowIfAny();
        }
    }

    /// <summary>Empty (no filter), or ASCII digits with an optional leading '+' (calls.proto: digits, `+` allowed).</summary>
    private static bool IsCallerDigits(string caller)
    {
        var digits = caller.StartsWith('+') ? caller.AsSpan(1) : caller.AsSpan();
        return caller.Length == 0 || (digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9'));
    }

    private static RpcException NotFound(long id) => new(new Status(StatusCode.NotFound, $"no call with id {id}"));

    private FileStream? OpenRecording(long id, string path)
    {
        try
        {
            // A recording still being written is shared for writing; what is on disk so far is served.
            return new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            ApiLog.RecordingMissing(_logger, path, id);
            return null;
        }
    }

    private async Task<(RecordingInfo Info, WavFileInfo? Wav)> DescribeAsync(long id, string path, FileStream file, CancellationToken cancellationToken)
    {
        var info = new RecordingInfo
        {
            ContentType = "audio/wav",
            SizeBytes = file.Length,
            FileName = Path.GetFileName(path),
            Duration = new Duration(),
        };
        var (wav, error) = await WavFileInfo.ReadAsync(file, cancellationToken).ConfigureAwait(false);
        if (wav is null)
        {
            ApiLog.RecordingUnreadable(_logger, path, id, error ?? "unknown");
            return (info, null);
        }

        info.SampleRate = wav.SampleRate;
        info.Channels = wav.Channels;
        info.BitsPerSample = wav.BitsPerSample;
        info.Duration = Duration.FromTimeSpan(wav.Duration);
        return (info, wav);
    }

    internal static Call ToApi(CallRecord record)
    {
        var call = new Call
        {
            Id = record.Id,
            SipCallId = record.CallId,
            Direction = record.Direction == StorageCallDirection.Inbound ? ApiCallDirection.Inbound : ApiCallDirection.Outbound,
            Caller = record.Caller,
            Called = record.Called,
            FromUri = record.FromUri,
            ToUri = record.ToUri,
            OfferedAt = Timestamp.FromDateTimeOffset(record.OfferedAt),
            TalkDuration = Duration.FromTimeSpan(
                record.AnsweredAt is { } answered && record.EndedAt is { } ended && ended > answered ? ended - answered : TimeSpan.Zero),
            EndReason = record.EndReason is { } reason ? ToApi(reason) : ApiCallEndReason.Unspecified,
            SipStatus = record.SipStatus ?? 0,
            HasRecording = record.RecordingPath is not null,
            InstanceId = record.InstanceId,
        };
        if (record.Flow is { } flow)
        {
            call.FlowId = flow.FlowId;
            call.FlowVersion = flow.FlowVersion;
            call.FlowResult = ToApiFlowResult(flow.Outcome);
            call.Language = flow.Language;
        }

        if (record.AnsweredAt is { } answeredAt)
        {
            call.AnsweredAt = Timestamp.FromDateTimeOffset(answeredAt);
        }

        if (record.EndedAt is { } endedAt)
        {
            call.EndedAt = Timestamp.FromDateTimeOffset(endedAt);
        }

        return call;
    }

    private static Flows.FlowResult ToFlows(ApiFlowResult result) => result switch
    {
        ApiFlowResult.Completed => Flows.FlowResult.Completed,
        ApiFlowResult.Abandoned => Flows.FlowResult.Abandoned,
        ApiFlowResult.Transferred => Flows.FlowResult.Transferred,
        ApiFlowResult.MessageLeft => Flows.FlowResult.MessageLeft,
        ApiFlowResult.CallbackRequested => Flows.FlowResult.CallbackRequested,
        ApiFlowResult.NoInput => Flows.FlowResult.NoInput,
        ApiFlowResult.Failed => Flows.FlowResult.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, null),
    };

    /// <summary>The stored outcome text (snake_case of <see cref="Flows.FlowResult"/>) as the API's enum.</summary>
    private static ApiFlowResult ToApiFlowResult(string outcome) => outcome switch
    {
        "completed" => ApiFlowResult.Completed,
        "abandoned" => ApiFlowResult.Abandoned,
        "transferred" => ApiFlowResult.Transferred,
        "message_left" => ApiFlowResult.MessageLeft,
        "callback_requested" => ApiFlowResult.CallbackRequested,
        "no_input" => ApiFlowResult.NoInput,
        "failed" => ApiFlowResult.Failed,
        _ => ApiFlowResult.Unspecified,
    };

    /// <summary>The step kinds as the contract names them (calls.proto, CallStep.kind).</summary>
    private static string StepKindText(FlowStepKind kind) => kind switch
    {
        FlowStepKind.NodeEntered => "node_entered",
        FlowStepKind.PromptPlayed => "prompt_played",
        FlowStepKind.Digits => "digits",
        FlowStepKind.NoInput => "no_input",
        FlowStepKind.InvalidInput => "invalid_input",
        FlowStepKind.LanguageChanged => "language_changed",
        FlowStepKind.VariableSet => "variable_set",
        FlowStepKind.Recorded => "recorded",
        FlowStepKind.Transfer => "transfer",
        FlowStepKind.Callback => "callback",
        FlowStepKind.ServiceRequestCreated => "service_request_created",
        FlowStepKind.Outcome => "outcome",
        _ => kind.ToString(),
    };

    private static StorageCallDirection ToStorage(ApiCallDirection direction)
        => direction == ApiCallDirection.Outbound ? StorageCallDirection.Outbound : StorageCallDirection.Inbound;

    private static StorageCallEndReason ToStorage(ApiCallEndReason reason) => reason switch
    {
        ApiCallEndReason.CallerHangup => StorageCallEndReason.CallerHangup,
        ApiCallEndReason.IvrHangup => StorageCallEndReason.IvrHangup,
        ApiCallEndReason.Cancelled => StorageCallEndReason.Cancelled,
        ApiCallEndReason.Rejected => StorageCallEndReason.Rejected,
        ApiCallEndReason.MaxDuration => StorageCallEndReason.MaxDuration,
        ApiCallEndReason.Shutdown => StorageCallEndReason.Shutdown,
        ApiCallEndReason.MediaTimeout => StorageCallEndReason.MediaTimeout,
        ApiCallEndReason.Interrupted => StorageCallEndReason.Interrupted,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    private static ApiCallEndReason ToApi(StorageCallEndReason reason) => reason switch
    {
        StorageCallEndReason.CallerHangup => ApiCallEndReason.CallerHangup,
        StorageCallEndReason.IvrHangup => ApiCallEndReason.IvrHangup,
        StorageCallEndReason.Cancelled => ApiCallEndReason.Cancelled,
        StorageCallEndReason.Rejected => ApiCallEndReason.Rejected,
        StorageCallEndReason.MaxDuration => ApiCallEndReason.MaxDuration,
        StorageCallEndReason.Shutdown => ApiCallEndReason.Shutdown,
        StorageCallEndReason.MediaTimeout => ApiCallEndReason.MediaTimeout,
        StorageCallEndReason.Interrupted => ApiCallEndReason.Interrupted,
        _ => ApiCallEndReason.Unspecified,
    };
}
