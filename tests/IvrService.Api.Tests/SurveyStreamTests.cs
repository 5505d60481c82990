using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;
using StoredOutcome = IvrService.Storage.HappyCalls.SurveyOutcome;

namespace IvrService.Api.Tests;

/// <summary>StreamSurveyResults over the real change table, its LISTEN signal and real writers.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class SurveyStreamTests
{
    private readonly ApiServerFixture _server;
    private readonly ITestOutputHelper _output;

    public SurveyStreamTests(ApiServerFixture server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    private Surveys.SurveysClient Client => new(_server.Channel);

    private static CallOptions Stream(CancellationToken cancellationToken) =>
        ApiServerFixture.With(ApiServerFixture.IntegratorKey).WithCancellationToken(cancellationToken);

    /// <summary>Opens a stream and waits until the server has placed it (its response headers).</summary>
    private async Task<AsyncServerStreamingCall<SurveyResultChange>> OpenAsync(StreamSurveyResultsRequest request, CancellationToken cancellationToken)
    {
        var call = Client.StreamSurveyResults(request, Stream(cancellationToken));
        await call.ResponseHeadersAsync.WaitAsync(TestTimeouts.Default, cancellationToken);
        return call;
    }

    private static async Task<SurveyResultChange> NextAsync(AsyncServerStreamingCall<SurveyResultChange> call)
    {
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default));
        return call.ResponseStream.Current;
    }

    private static async Task<RpcException> FailsAsync(AsyncServerStreamingCall<SurveyResultChange> call) =>
        await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default));

    private async Task<List<(long Position, long HappyCallId, bool Created)>> ChangeTableAsync(long after)
    {
        var changes = new List<(long, long, bool)>();
        var dataSource = NpgsqlDataSource.Create(_server.ConnectionString);
        await using (dataSource)
        {
            await using var command = dataSource.CreateCommand(
                "SELECT position, happy_call_id, created FROM survey_result_changes WHERE position > $1 ORDER BY position");
            command.Parameters.Add(new NpgsqlParameter { Value = after });
            await using var reader = await command.ExecuteReaderAsync().WaitAsync(TestTimeouts.Default);
            while (await reader.ReadAsync().WaitAsync(TestTimeouts.Default))
            {
                changes.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2)));
            }
        }

        return changes;
    }

    private static long PositionOf(string cursor)
    {
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(cursor);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
    }

    private static string CursorOf(long position)
    {
        var bytes = new byte[9];
        bytes[0] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), position);
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }

    [Fact]
    public async Task StreamSurveyResults_SendsNewChangesWithTheResultAfterEach_WhenCursorIsEmpty()
    {
        // Arrange
        using var done = new CancellationTokenSource(TestTimeouts.Default);
        using var call = await OpenAsync(new StreamSurveyResultsRequest(), done.Token);
        var serviceId = SurveySeeds.NewServiceId();
        var events = new ServiceEvents.ServiceEventsClient(_server.Channel);

        // Act
        var reported = await events.ReportServiceCompletedAsync(new ReportServiceCompletedRequest
        {
            ServiceId = serviceId, CustomerId = "c-1", Phone = "09121234567", CompletedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-5)),
        }, ApiServerFixture.With(ApiServerFixture.IntegratorKey)).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var created = await NextAsync(call);
        await events.CancelHappyCallAsync(new CancelHappyCallRequest { ServiceId = serviceId }, ApiServerFixture.With(ApiServerFixture.IntegratorKey))
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        var cancelled = await NextAsync(call);

        // Assert
        Assert.Equal((ChangeKind.Created, reported.HappyCallId, serviceId, HappyCallState.Pending), (created.Kind, created.Result.ResultId, created.Result.ServiceId, created.Result.State));
        Assert.Equal((ChangeKind.Updated, reported.HappyCallId, HappyCallState.Cancelled, SurveyOutcome.Cancelled), (cancelled.Kind, cancelled.Result.ResultId, cancelled.Result.State, cancelled.Result.Outcome));
        Assert.True(PositionOf(cancelled.Cursor) > PositionOf(created.Cursor));
        Assert.Equal(created.Result.CreatedAt, created.ChangedAt);
        await done.CancelAsync();
    }

    [Fact]
    public async Task StreamSurveyResults_DeliversEveryChangeExactlyOnceInOrder_WhenClientResumesFromItsLastCursor()
    {
        // Arrange: a writer keeps creating, answering and finishing surveys while the first client reads part of the stream.
        var technician = SurveySeeds.NewTechnician();
        var before = await ChangeTableAsync(0);
        var received = new List<SurveyResultChange>();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                var call = await SurveySeeds.CreateAsync(_server.HappyCalls, technician);
                if (i % 2 == 0)
                {
                    await SurveySeeds.FinishAsync(_server.HappyCalls, call, StoredOutcome.Completed, null, (SurveySeeds.Rating("quality", 4), false));
                }
            }
        });

        // Act: the first client reads from the beginning until it is past the history and into the writer's changes, then goes away.
        using (var first = new CancellationTokenSource(TestTimeouts.Default))
        {
            using var call = await OpenAsync(new StreamSurveyResultsRequest { FromBeginning = true }, first.Token);
            while (received.Count < before.Count + 25)
            {
                received.Add(await NextAsync(call));
            }

            await first.CancelAsync();
        }

        await writer.WaitAsync(TestTimeouts.Default);
        var expected = await ChangeTableAsync(0);
        using (var second = new CancellationTokenSource(TestTimeouts.Default))
        {
            using var call = await OpenAsync(new StreamSurveyResultsRequest { Cursor = received[^1].Cursor }, second.Token);
            while (PositionOf(received[^1].Cursor) < expected[^1].Position)
            {
                received.Add(await NextAsync(call));
            }

            await second.CancelAsync();
        }

        // Assert
        var streamed = received.Select(c => (PositionOf(c.Cursor), long.Parse(c.Result.ResultId, CultureInfo.InvariantCulture), c.Kind == ChangeKind.Created)).ToList();
        Assert.Equal(expected, streamed);
        Assert.True(expected.Count >= before.Count + 40 + 20 * 3);
    }

    [Fact]
    public async Task StreamSurveyResults_FailsInvalidArgument_WhenCursorIsMalformed()
    {
        // Arrange
        using var done = new CancellationTokenSource(TestTimeouts.Default);

        // Act
        using var call = Client.StreamSurveyResults(new StreamSurveyResultsRequest { Cursor = "definitely not a cursor" }, Stream(done.Token));
        var error = await FailsAsync(call);

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["cursor"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task StreamSurveyResults_FailsOutOfRangeSayingHowToCatchUp_WhenRetentionDeletedChangesAfterTheCursor()
    {
        // Arrange: two results, then retention deletes every change made before now (all but the newest, which it keeps).
        await SurveySeeds.CreateAsync(_server.HappyCalls, SurveySeeds.NewTechnician());
        await SurveySeeds.CreateAsync(_server.HappyCalls, SurveySeeds.NewTechnician());
        var changes = await ChangeTableAsync(0);
        var pruner = _server.Services.GetRequiredService<IvrService.Storage.HappyCalls.ISurveyResultChangePruner>();
        var changedBefore = _server.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddMinutes(1);
        while (await pruner.PruneAsync(changedBefore, 50, CancellationToken.None).WaitAsync(TestTimeouts.Default) != 0)
        {
        }

        var remaining = await ChangeTableAsync(0);
        var dropped = changes[^2].Position;
        using var done = new CancellationTokenSource(TestTimeouts.Default);

        // Act
        using var old = Client.StreamSurveyResults(new StreamSurveyResultsRequest { Cursor = CursorOf(dropped - 1) }, Stream(done.Token));
        var tooOld = await FailsAsync(old);
        using var kept = await OpenAsync(new StreamSurveyResultsRequest { Cursor = CursorOf(dropped) }, done.Token);
        var next = await NextAsync(kept);
        using var beginning = await OpenAsync(new StreamSurveyResultsRequest { FromBeginning = true }, done.Token);
        var beginningCursor = (await beginning.ResponseHeadersAsync.WaitAsync(TestTimeouts.Default)).GetValue("ivr-cursor");
        var first = await NextAsync(beginning);
        var later = await SurveySeeds.CreateAsync(_server.HappyCalls, SurveySeeds.NewTechnician());
        var followed = await NextAsync(kept);

        // Assert: the old cursor is told what to do; a cursor at the retention mark, and the beginning, still work.
        Assert.Equal([changes[^1].Position], remaining.Select(c => c.Position));
        Assert.Equal(StatusCode.OutOfRange, tooOld.StatusCode);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"the changes up to {dropped} are no longer kept"), tooOld.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("open StreamSurveyResults with an empty cursor, read the current results with ListSurveyResults", tooOld.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(changes[^1].Position, PositionOf(next.Cursor));
        Assert.Equal((dropped, changes[^1].Position), (PositionOf(beginningCursor!), PositionOf(first.Cursor)));
        Assert.Equal(later.Id.ToString(CultureInfo.InvariantCulture), followed.Result.ResultId);
        await done.CancelAsync();
    }

    [Fact]
    public async Task StreamSurveyResults_FailsOutOfRange_WhenCursorIsBeyondTheNewest()
    {
        // Arrange
        await SurveySeeds.CreateAsync(_server.HappyCalls, SurveySeeds.NewTechnician());
        var changes = await ChangeTableAsync(0);
        using var done = new CancellationTokenSource(TestTimeouts.Default);

        // Act
        using var ahead = Client.StreamSurveyResults(new StreamSurveyResultsRequest { Cursor = CursorOf(changes[^1].Position + 1000) }, Stream(done.Token));
        var tooNew = await FailsAsync(ahead);

        // Assert
        Assert.Equal(StatusCode.OutOfRange, tooNew.StatusCode);
        Assert.Contains("beyond the newest change stored", tooNew.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamSurveyResults_DeliversChangesSoonAfterCommit_WhenWritesArriveOneByOne()
    {
        // Arrange
        const int Writes = 100;
        var technician = SurveySeeds.NewTechnician();
        var committed = new Dictionary<string, long>();
        var receivedAt = new Dictionary<string, long>();
        using var done = new CancellationTokenSource(TestTimeouts.Default);
        using var call = await OpenAsync(new StreamSurveyResultsRequest(), done.Token);
        var reader = Task.Run(async () =>
        {
            while (receivedAt.Count < Writes && await call.ResponseStream.MoveNext(done.Token))
            {
                var change = call.ResponseStream.Current;
                if (change.Kind == ChangeKind.Created && change.Result.TechnicianId == technician)
                {
                    lock (receivedAt)
                    {
                        receivedAt[change.Result.ServiceId] = Stopwatch.GetTimestamp();
                    }
                }
            }
        });

        // Act: each write commits, then the clock is read; the stream client reads the clock when the change arrives.
        for (var i = 0; i < Writes; i++)
        {
            var serviceId = SurveySeeds.NewServiceId();
            await SurveySeeds.CreateAsync(_server.HappyCalls, technician, serviceId: serviceId);
            lock (receivedAt)
            {
                committed[serviceId] = Stopwatch.GetTimestamp();
            }

            await Task.Delay(20);
        }

        await reader.WaitAsync(TestTimeouts.Default);
        await done.CancelAsync();

        // Assert
        var latencies = committed.Select(c => Math.Max(0, Stopwatch.GetElapsedTime(c.Value, receivedAt[c.Key]).TotalMilliseconds)).Order().ToArray();
        double Percentile(double p) => latencies[(int)Math.Ceiling(p * latencies.Length) - 1];
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stream delivery latency over {latencies.Length} writes: p50 {Percentile(0.50):0.0} ms, p95 {Percentile(0.95):0.0} ms, max {latencies[^1]:0.0} ms"));
        Assert.Equal(Writes, latencies.Length);
        Assert.True(Percentile(0.95) < 500, $"p95 {Percentile(0.95):0.0} ms");
    }
}
