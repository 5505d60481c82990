using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Storage;
using IvrService.Testing;
using ApiCallDirection = IvrService.Api.V1.CallDirection;
using ApiCallEndReason = IvrService.Api.V1.CallEndReason;
using StorageCallDirection = IvrService.Storage.CallDirection;
using StorageCallEndReason = IvrService.Storage.CallEndReason;

namespace IvrService.Api.Tests;

[Collection(ApiServerCollection.Name)]
public sealed class CallsServiceTests
{
    private readonly ApiServerFixture _server;

    public CallsServiceTests(ApiServerFixture server)
    {
        _server = server;
    }

    private Calls.CallsClient Client => new(_server.Channel);

    private static CallOptions Integrator => ApiServerFixture.With(ApiServerFixture.IntegratorKey);

    [Fact]
    public async Task ListCalls_ReturnsOnlyMatchingCallsNewestFirst_WhenFiltered()
    {
        // Arrange
        var caller = CallSeeds.NewCaller();
        var store = _server.Records;
        var inside1 = await CallSeeds.OfferAsync(store, caller, CallSeeds.Base.AddMinutes(10));
        var inside2 = await CallSeeds.OfferAsync(store, caller, CallSeeds.Base.AddMinutes(20));
        await CallSeeds.OfferAsync(store, caller, CallSeeds.Base.AddMinutes(25), endReason: StorageCallEndReason.MediaTimeout);
        await CallSeeds.OfferAsync(store, caller, CallSeeds.Base.AddMinutes(30), StorageCallDirection.Outbound);
        await CallSeeds.OfferAsync(store, caller, CallSeeds.Base.AddHours(2));
        await CallSeeds.OfferAsync(store, caller, CallSeeds.Base.AddMinutes(-1));
        await CallSeeds.OfferAsync(store, CallSeeds.NewCaller(), CallSeeds.Base.AddMinutes(15));
        var request = new ListCallsRequest
        {
            Caller = caller,
            Direction = ApiCallDirection.Inbound,
            Offered = new TimeRange
            {
                StartTime = Timestamp.FromDateTimeOffset(CallSeeds.Base),
                EndTime = Timestamp.FromDateTimeOffset(CallSeeds.Base.AddHours(1)),
            },
            EndReasons = { ApiCallEndReason.CallerHangup },
        };

        // Act
        var response = await Client.ListCallsAsync(request, Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal([inside2, inside1], response.Calls.Select(c => c.Id));
        Assert.Equal("", response.NextPageToken);
        var call = response.Calls[0];
        Assert.Equal(caller, call.Caller);
        Assert.Equal(ApiCallDirection.Inbound, call.Direction);
        Assert.Equal(ApiCallEndReason.CallerHangup, call.EndReason);
        Assert.Equal(Timestamp.FromDateTimeOffset(CallSeeds.Base.AddMinutes(20)), call.OfferedAt);
        Assert.Equal(TimeSpan.FromSeconds(30), call.TalkDuration.ToTimeSpan());
        Assert.False(call.HasRecording);
    }

    [Fact]
    public async Task ListCalls_ReturnsCallsThroughAMenuOptionWithTheirResult_WhenFilteredByMenu()
    {
        // Arrange
        var caller = CallSeeds.NewCaller();
        var records = _server.Records;
        var steps = _server.Steps;
        var toOperator = await CallSeeds.OfferAsync(records, caller, CallSeeds.Base.AddMinutes(1), callId: "menu-op@test-" + caller);
        await CallSeeds.RunMenuAsync(records, steps, toOperator, "menu-op@test-" + caller, IvrService.Flows.FlowResult.Transferred, "main", "operator");
        var toStatus = await CallSeeds.OfferAsync(records, caller, CallSeeds.Base.AddMinutes(2), callId: "menu-st@test-" + caller);
        await CallSeeds.RunMenuAsync(records, steps, toStatus, "menu-st@test-" + caller, IvrService.Flows.FlowResult.Abandoned, "main", "status");
        var abandonedAtOperator = await CallSeeds.OfferAsync(records, caller, CallSeeds.Base.AddMinutes(3), callId: "menu-ab@test-" + caller);
        await CallSeeds.RunMenuAsync(records, steps, abandonedAtOperator, "menu-ab@test-" + caller, IvrService.Flows.FlowResult.Abandoned, "main", "operator");
        await CallSeeds.OfferAsync(records, caller, CallSeeds.Base.AddMinutes(4));

        // Act
        var throughOperator = await Client.ListCallsAsync(new ListCallsRequest { Caller = caller, MenuOption = "operator" }, Integrator)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        var abandoned = await Client.ListCallsAsync(new ListCallsRequest { Caller = caller, FlowResults = { FlowResult.Abandoned } }, Integrator)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        var both = await Client.ListCallsAsync(
            new ListCallsRequest { Caller = caller, MenuOption = "operator", FlowResults = { FlowResult.Transferred } }, Integrator)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal([abandonedAtOperator, toOperator], throughOperator.Calls.Select(c => c.Id));
        Assert.Equal([abandonedAtOperator, toStatus], abandoned.Calls.Select(c => c.Id));
        var transferred = Assert.Single(both.Calls);
        Assert.Equal(toOperator, transferred.Id);
        Assert.Equal(("after-sales", 3, FlowResult.Transferred, "en"), (transferred.FlowId, transferred.FlowVersion, transferred.FlowResult, transferred.Language));
    }

    [Fact]
    public async Task GetCall_ReturnsThePathThroughTheMenu_WhenAMenuRan()
    {
        // Arrange
        var caller = CallSeeds.NewCaller();
        var callId = "path@test-" + caller;
        var id = await CallSeeds.OfferAsync(_server.Records, caller, CallSeeds.Base, callId: callId);
        await CallSeeds.RunMenuAsync(_server.Records, _server.Steps, id, callId, IvrService.Flows.FlowResult.Transferred, "main", "operator");

        // Act
        var detail = await Client.GetCallAsync(new GetCallRequest { Id = id }, Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(
            [(1, "main", "node_entered", ""), (2, "main", "digits", "2"), (3, "operator", "node_entered", ""), (4, "operator", "digits", "2")],
            detail.Steps.Select(s => (s.Seq, s.NodeId, s.Kind, s.Detail)));
        Assert.Equal(Timestamp.FromDateTimeOffset(CallSeeds.Base.AddSeconds(2)), detail.Steps[0].At);
        Assert.Equal(FlowResult.Transferred, detail.Call.FlowResult);
    }

    [Fact]
    public async Task ListCalls_PagesWithoutGapsOrRepeats_WhenCallsAreInsertedWhilePaging()
    {
        // Arrange: 95 calls, several sharing an offer time so the id breaks ties.
        var caller = CallSeeds.NewCaller();
        var store = _server.Records;
        var expected = new List<(DateTimeOffset At, long Id)>();
        for (var i = 0; i < 95; i++)
        {
            var at = CallSeeds.Base.AddSeconds(i / 3);
            expected.Add((at, await CallSeeds.OfferAsync(store, caller, at)));
        }

        expected = [.. expected.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)];
        using var stop = new CancellationTokenSource();
        var inserted = 0;
        var firstPageRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Task.Run(async () =>
        {
            await firstPageRead.Task.WaitAsync(TestTimeouts.Default);
            // Newer, older and equal offer times, written as fast as the database takes them, while the client pages.
            while (!stop.IsCancellationRequested && inserted < 400)
            {
                var at = CallSeeds.Base.AddSeconds((inserted % 3) switch { 0 => 1000, 1 => -1000, _ => 15 });
                await CallSeeds.OfferAsync(store, caller, at, endReason: null);
                Interlocked.Increment(ref inserted);
            }
        });

        // Act
        var seen = new List<long>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await Client.ListCallsAsync(new ListCallsRequest { Caller = caller, PageSize = 10, PageToken = token }, Integrator)
                .ResponseAsync.WaitAsync(TestTimeouts.Default);
            seen.AddRange(page.Calls.Select(c => c.Id));
            token = page.NextPageToken;
            pages++;
            firstPageRead.TrySetResult();
            await Task.Delay(20);
        }
        while (token.Length > 0);
        await stop.CancelAsync();
        await writer.WaitAsync(TestTimeouts.Default);

        // Assert: the rows that existed when paging started, each once, in order; nothing written meanwhile.
        Assert.True(Volatile.Read(ref inserted) > 0);
        Assert.Equal(10, pages);
        Assert.Equal(expected.Select(e => e.Id), seen);
    }

    [Fact]
    public async Task ListCalls_FailsInvalidArgumentNamingEachField_WhenFieldsAreBad()
    {
        // Arrange
        var request = new ListCallsRequest
        {
            PageSize = 5000,
            Direction = (ApiCallDirection)9,
            Offered = new TimeRange
            {
                StartTime = Timestamp.FromDateTimeOffset(CallSeeds.Base),
                EndTime = Timestamp.FromDateTimeOffset(CallSeeds.Base.AddHours(-1)),
            },
            EndReasons = { ApiCallEndReason.Unspecified },
            Caller = new string('1', 65),
        };

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => Client.ListCallsAsync(request, Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var badRequest = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal(
            ["caller", "direction", "end_reasons[0]", "offered.end_time", "page_size"],
            badRequest.FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.All(badRequest.FieldViolations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task ListCalls_FailsInvalidArgumentOnPageToken_WhenTokenIsNotOne(string token)
    {
        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => Client.ListCallsAsync(new ListCallsRequest { PageToken = token }, Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["page_token"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task ListCalls_FailsInvalidArgumentOnPageToken_WhenFiltersChangeBetweenPages()
    {
        // Arrange
        var caller = CallSeeds.NewCaller();
        for (var i = 0; i < 3; i++)
        {
            await CallSeeds.OfferAsync(_server.Records, caller, CallSeeds.Base.AddMinutes(i));
        }

        var first = await Client.ListCallsAsync(new ListCallsRequest { Caller = caller, PageSize = 2 }, Integrator)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => Client.ListCallsAsync(new ListCallsRequest { Caller = CallSeeds.NewCaller(), PageSize = 2, PageToken = first.NextPageToken }, Integrator)
                .ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.NotEqual("", first.NextPageToken);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("page_token", violation.Field);
        Assert.Contains("other filters", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListCalls_FailsResourceExhausted_WhenRequestIsLargerThanTheMessageLimit()
    {
        // Arrange: a 5 MiB request against the default limit of 4 MiB.
        var request = new ListCallsRequest { Caller = new string('1', 5 * 1024 * 1024) };

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => Client.ListCallsAsync(request, Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task GetCall_FailsNotFound_WhenIdIsUnknown()
    {
        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => Client.GetCallAsync(new GetCallRequest { Id = long.MaxValue }, Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task GetCall_FailsInvalidArgumentOnId_WhenIdIsNotPositive()
    {
        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => Client.GetCallAsync(new GetCallRequest { Id = 0 }, Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("id", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task GetCall_ReturnsDigitsQualityAndRecording_WhenCallHasThem()
    {
        // Arrange
        var store = _server.Records;
        var id = await CallSeeds.OfferAsync(store, CallSeeds.NewCaller(), CallSeeds.Base);
        await store.RecordDigitAsync(id, new IvrService.Storage.CallDigit('2', CallDigitMethod.Rfc4733, TimeSpan.FromMilliseconds(120), CallSeeds.Base.AddSeconds(5)), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        await store.RecordDigitAsync(id, new IvrService.Storage.CallDigit('#', CallDigitMethod.SipInfo, TimeSpan.FromMilliseconds(250), CallSeeds.Base.AddSeconds(6)), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        await store.RecordMediaQualityAsync(id, new CallMediaQuality(1500, 1490, 10, 3.5, 0.01, null), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        var path = Path.Combine(_server.FilesDirectory, $"{id}-detail.wav");
        TestWav.WriteTone(path, 8000, 440, TimeSpan.FromSeconds(2));
        await store.SetRecordingPathAsync(id, path, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        var detail = await Client.GetCallAsync(new GetCallRequest { Id = id }, Integrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(id, detail.Call.Id);
        Assert.True(detail.Call.HasRecording);
        Assert.Equal(
            [("2", DigitMethod.Rfc4733, 120.0), ("#", DigitMethod.SipInfo, 250.0)],
            detail.Digits.Select(d => (d.Digit, d.Method, d.Duration.ToTimeSpan().TotalMilliseconds)));
        Assert.Equal(Timestamp.FromDateTimeOffset(CallSeeds.Base.AddSeconds(5)), detail.Digits[0].ReceivedAt);
        Assert.Equal(1490, detail.MediaQuality.PacketsReceived);
        Assert.Equal(0.01, detail.MediaQuality.RemoteLossFraction);
        Assert.False(detail.MediaQuality.HasRemoteJitterMs);
        Assert.Equal("audio/wav", detail.Recording.ContentType);
        Assert.Equal(new FileInfo(path).Length, detail.Recording.SizeBytes);
        Assert.Equal(8000, detail.Recording.SampleRate);
        Assert.Equal(1, detail.Recording.Channels);
        Assert.Equal(16, detail.Recording.BitsPerSample);
        Assert.Equal(TimeSpan.FromSeconds(2), detail.Recording.Duration.ToTimeSpan());
        Assert.Empty(detail.Steps);
    }

    [Fact]
    public async Task DownloadRecording_StreamsTheFileByteForByte_WhenCallHasARecording()
    {
        // Arrange: 10 s of 8 kHz 16-bit audio is about 160 KB, three chunks.
        var store = _server.Records;
        var id = await CallSeeds.OfferAsync(store, CallSeeds.NewCaller(), CallSeeds.Base);
        var path = Path.Combine(_server.FilesDirectory, $"{id}-download.wav");
        TestWav.WriteTone(path, 8000, 1000, TimeSpan.FromSeconds(10));
        await store.SetRecordingPathAsync(id, path, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        using var call = Client.DownloadRecording(new DownloadRecordingRequest { Id = id }, Integrator);
        var chunks = new List<RecordingChunk>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default))
        {
            chunks.Add(call.ResponseStream.Current);
        }

        // Assert
        var file = await File.ReadAllBytesAsync(path).WaitAsync(TestTimeouts.Default);
        Assert.Equal(file, chunks.SelectMany(c => c.Data.ToByteArray()).ToArray());
        Assert.Equal(3, chunks.Count);
        Assert.All(chunks, c => Assert.True(c.Data.Length <= 64 * 1024));
        Assert.Equal(chunks.Select(c => c.Offset), chunks.Select((c, i) => chunks.Take(i).Sum(p => (long)p.Data.Length)));
        Assert.NotNull(chunks[0].Info);
        Assert.Equal(file.Length, chunks[0].Info.SizeBytes);
        Assert.All(chunks.Skip(1), c => Assert.Null(c.Info));
    }

    [Fact]
    public async Task DownloadRecording_FailsNotFound_WhenCallHasNoRecording()
    {
        // Arrange
        var id = await CallSeeds.OfferAsync(_server.Records, CallSeeds.NewCaller(), CallSeeds.Base);

        // Act
        using var call = Client.DownloadRecording(new DownloadRecordingRequest { Id = id }, Integrator);
        var error = await Assert.ThrowsAsync<RpcException>(
            () => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("no recording", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadRecording_FailsNotFound_WhenRecordingFileIsGone()
    {
        // Arrange
        var id = await CallSeeds.OfferAsync(_server.Records, CallSeeds.NewCaller(), CallSeeds.Base);
        await _server.Records.SetRecordingPathAsync(id, Path.Combine(_server.FilesDirectory, "never-written.wav"), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        // Act
        using var call = Client.DownloadRecording(new DownloadRecordingRequest { Id = id }, Integrator);
        var error = await Assert.ThrowsAsync<RpcException>(
            () => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}
